"""Every write in the job-search pipeline goes through here."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from jobhunt.models import (
    AWAITING_REPLY,
    FOLLOW_UP_AFTER_DAYS,
    SETBACKS,
    Application,
    Company,
    Contact,
    Interview,
    StageEvent,
    Status,
)
from jobhunt.signals import application_moved
from reminders import services as reminders

SECOND_FOLLOW_UP_AFTER_DAYS = 14


# Companies -------------------------------------------------------------------------------------


def company_for_name(*, user, name: str) -> Company:
    """The person's company with this name (any case), created if it is new."""
    name = name.strip()
    company = Company.objects.for_user(user).filter(name__iexact=name).first()
    return company or Company.objects.create(user=user, name=name)


def company_save(*, company: Company) -> Company:
    company.save()
    return company


@transaction.atomic
def company_delete(*, company: Company) -> None:
    """Delete a company with its applications (and their reminders); its contacts stay, unlinked."""
    for application in company.applications.all():
        application_delete(application=application)
    reminders.cancel(about=company)
    company.delete()


# Applications ----------------------------------------------------------------------------------


@transaction.atomic
def application_create(
    *,
    user,
    company: Company,
    role_title: str,
    status: str = Status.APPLIED,
    contacts=(),
    note: str = "",
    when: datetime | None = None,
    **fields,
) -> Application:
    """A new application and the first step of its timeline.

    `when` back-dates it (an application logged after the fact, the demo pipeline): the
    timeline's first step, `created_at` and `status_changed_at` all take that moment.
    """
    status = Status(status)
    when = when or timezone.now()
    if status != Status.SAVED and fields.get("date_applied") is None:
        fields["date_applied"] = timezone.localdate(when)
    fields.setdefault("created_at", when)
    fields.setdefault("status_changed_at", when)
    application = Application.objects.create(
        user=user, company=company, role_title=role_title.strip(), status=status, **fields
    )
    if contacts:
        application.contacts.set(contacts)
    applications_created(applications=[application], timelines=[[TimelineStep("", status, when)]], note=note)
    return application


class TimelineStep(NamedTuple):
    from_status: str  # "" for the first step
    to_status: str
    happened_at: datetime


@transaction.atomic(savepoint=False)
def applications_created(
    *,
    applications: Sequence[Application],
    timelines: Sequence[Sequence[TimelineStep]],
    note: str = "",
    history_before: date | None = None,
) -> list[StageEvent]:
    """What every application gets once its row is written: its timeline, its follow-ups and
    silence check while the company owes an answer, and `application_moved` for its latest step.

    For one application (application_create) or thousands (the CSV import): every timeline is
    written in one insert. `timelines[i]` holds the steps of `applications[i]`, oldest first.
    With `history_before`, a rejection or a silence whose latest step came before that day (where
    the person lives) is history: no move is sent for it, so no walkthrough opens for an ending
    from long ago. Returns each application's latest step.
    """
    events = StageEvent.objects.bulk_create(
        StageEvent(application=application, from_status=old, to_status=new, happened_at=when, note=note)
        for application, timeline in zip(applications, timelines, strict=True)
        for old, new, when in timeline
    )
    latest = {event.application_id: event for event in events}  # the latest step comes last
    for application in applications:
        event = latest[application.pk]
        application_plan_reminders(application=application, new=True)
        ended_long_ago = (
            history_before is not None
            and application.status in SETBACKS
            and timezone.localdate(event.happened_at, application.user.tzinfo) < history_before
        )
        if ended_long_ago:
            continue
        application_moved.send(
            sender=Application,
            application=application,
            from_status=event.from_status,
            to_status=application.status,
            event=event,
        )
    return [latest[application.pk] for application in applications]


@transaction.atomic
def application_quick_add(*, user, company_name: str, role_title: str) -> Application:
    """An application from just a company name and a role: the company is matched or created."""
    company = company_for_name(user=user, name=company_name)
    return application_create(user=user, company=company, role_title=role_title)


@transaction.atomic
def application_update(*, application: Application, contacts=None, **fields) -> Application:
    """Edit an application's details. Status changes go through application_move instead."""
    if "status" in fields:
        raise ValueError("Use application_move() to change an application's status.")
    for name, value in fields.items():
        setattr(application, name, value)
    application.save()
    if contacts is not None:
        application.contacts.set(contacts)
    application_plan_reminders(application=application)
    return application


@transaction.atomic
def application_move(
    *, application: Application, to_status: str, note: str = "", when: datetime | None = None
) -> StageEvent | None:
    """Move an application to another stage and record it on the timeline.

    The only place an application's status changes. Sends `application_moved` (see
    jobhunt.signals) so other apps can react: recovery starts a journey on a setback.
    Returns the StageEvent, or None if the application was already in that stage.
    """
    to_status = Status(to_status)
    application = Application.objects.select_for_update().get(pk=application.pk)
    from_status = application.status
    if from_status == to_status:
        return None
    when = when or timezone.now()
    application.status = to_status
    application.status_changed_at = when
    if to_status != Status.SAVED and application.date_applied is None:
        application.date_applied = timezone.localdate(when)
    application.save(update_fields=["status", "status_changed_at", "date_applied", "reached", "updated_at"])
    event = StageEvent.objects.create(
        application=application, from_status=from_status, to_status=to_status, happened_at=when, note=note
    )
    application_plan_reminders(application=application)
    application_moved.send(
        sender=Application, application=application, from_status=from_status, to_status=to_status, event=event
    )
    return event


@transaction.atomic
def application_delete(*, application: Application) -> None:
    reminders.cancel(about=application)
    for interview in application.interviews.all():
        reminders.cancel(about=interview)
    application.delete()


def application_plan_reminders(*, application: Application, new: bool = False) -> None:
    """Follow-ups and the silence check, planned while the company owes an answer.

    `new=True` for an application just written (there is nothing to cancel yet): the CSV import
    plans thousands of rows through here. A date already long past is skipped rather than sent at
    once: an old silence is on the dashboard's "gone silent" list, and an email for each would
    arrive as a flood on one morning.
    """
    if not new:
        reminders.cancel(about=application, kind="application_follow_up")
        reminders.cancel(about=application, kind="ghosting_check")
    if application.status not in AWAITING_REPLY or application.date_applied is None:
        return
    user = application.user
    silent_since = max(application.date_applied, timezone.localdate(application.status_changed_at, user.tzinfo))
    today = user.local_today()
    recent_enough = today - timedelta(days=1)
    for number, after in ((1, FOLLOW_UP_AFTER_DAYS), (2, SECOND_FOLLOW_UP_AFTER_DAYS)):
        day = silent_since + timedelta(days=after)
        if day >= recent_enough:
            reminders.schedule(
                user=user,
                kind="application_follow_up",
                about=application,
                due_at=reminders.at_local_hour(user, max(day, today)),
                key=f"application_follow_up:{application.pk}:{silent_since.isoformat()}:{number}",
            )
    ghost_day = silent_since + timedelta(days=user.ghosting_days)
    if ghost_day >= recent_enough:
        reminders.schedule(
            user=user,
            kind="ghosting_check",
            about=application,
            due_at=reminders.at_local_hour(user, max(ghost_day, today)),
            key=f"ghosting_check:{application.pk}:{silent_since.isoformat()}",
        )


# Interviews ------------------------------------------------------------------------------------


@transaction.atomic
def interview_save(*, interview: Interview, contacts=None) -> Interview:
    """Create or edit an interview, and plan its prep and thank-you reminders."""
    interview.save()
    if contacts is not None:
        interview.contacts.set(contacts)
    _schedule_interview_reminders(interview)
    return interview


@transaction.atomic
def interview_delete(*, interview: Interview) -> None:
    reminders.cancel(about=interview)
    interview.delete()


def _schedule_interview_reminders(interview: Interview) -> None:
    reminders.cancel(about=interview)
    if interview.outcome == Interview.Outcome.CANCELLED:
        return
    user = interview.application.user
    now = timezone.now()
    local_day = timezone.localtime(interview.scheduled_at, user.tzinfo).date()
    prep_at = reminders.at_local_hour(user, local_day - timedelta(days=1))
    if prep_at > now:
        reminders.schedule(
            user=user,
            kind="interview_prep",
            about=interview,
            due_at=prep_at,
            key=f"interview_prep:{interview.pk}:{local_day.isoformat()}",
        )
    thank_you_at = reminders.at_local_hour(user, local_day + timedelta(days=1))
    if thank_you_at > now:
        reminders.schedule(
            user=user,
            kind="thank_you_note",
            about=interview,
            due_at=thank_you_at,
            key=f"thank_you_note:{interview.pk}:{local_day.isoformat()}",
        )


# Contacts --------------------------------------------------------------------------------------


@transaction.atomic
def contact_save(*, contact: Contact) -> Contact:
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    """Delete a contact; the applications and interviews they were part of stay."""
    reminders.cancel(about=contact)
    contact.delete()


def contact_touch(*, contact: Contact, day: date | None = None) -> Contact:
    """Record that the person just talked to this contact."""
    contact.last_contacted = day or timezone.localdate()
    contact.save(update_fields=["last_contacted"])
    return contact
