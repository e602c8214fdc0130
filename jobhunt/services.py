"""Every write in the job-search pipeline goes through here."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jobhunt import pickers
from jobhunt.models import (
    AWAITING_REPLY,
    ENDED,
    FOLLOW_UP_AFTER_DAYS,
    LIVE,
    SETBACKS,
    Application,
    Company,
    Contact,
    HowApplied,
    Interview,
    Outreach,
    StageEvent,
    Status,
)
from jobhunt.signals import application_moved
from reminders import services as reminders

SECOND_FOLLOW_UP_AFTER_DAYS = 14
# A saved job's closing date: the reminder comes this many days before it.
CLOSING_REMINDER_DAYS = 2
DAY_SECONDS = 86400


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
        fields["date_applied"] = timezone.localdate(when, user.tzinfo)  # their day, from a task too
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
        event
        for application, steps in zip(applications, timelines, strict=True)
        for event in timeline(application, steps, note)
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

    The only place an application's status changes. An ending (rejected, withdrawn, ghosted,
    accepted) closes everything still ahead of the application in the same transaction (see
    _close_what_lies_ahead); accepting an offer also stops the follow-up nudges of the search.
    Sends `application_moved` (see jobhunt.signals) so other apps can react: recovery starts a
    journey on a setback. Returns the StageEvent, or None if the application was already there.
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
        application.date_applied = timezone.localdate(when, application.user.tzinfo)
    application.save(update_fields=["status", "status_changed_at", "date_applied", "reached", "updated_at"])
    _end_stay(application, when)
    event = StageEvent.objects.create(
        application=application,
        user_id=application.user_id,
        from_status=from_status,
        to_status=to_status,
        happened_at=when,
        note=note,
    )
    if to_status in ENDED:
        _close_what_lies_ahead(application, event)
    application_plan_reminders(application=application)
    if to_status == Status.ACCEPTED and application.ends_search:
        _plan_the_searchs_follow_ups(application.user)
    application_moved.send(
        sender=Application, application=application, from_status=from_status, to_status=to_status, event=event
    )
    return event


def timeline(application: Application, steps, note: str = "") -> list[StageEvent]:
    """The StageEvents of `steps` [(from status, to status, when)], in order, not yet saved: each
    stay but the last ends where the next step begins (for writers in bulk, like the CSV import)."""
    events = [
        StageEvent(
            application=application,
            user_id=application.user_id,
            from_status=old,
            to_status=new,
            happened_at=when,
            note=note,
        )
        for old, new, when in steps
    ]
    for stay, after in zip(events, events[1:], strict=False):
        stay.left_at = after.happened_at
        stay.stay_days = max((after.happened_at - stay.happened_at).total_seconds(), 0) / DAY_SECONDS
    return events


def _end_stay(application: Application, when: datetime) -> None:
    """The stage the application is leaving: its stay ends now (how long stages take reads it)."""
    stay = application.events.filter(left_at__isnull=True).order_by("-happened_at", "-pk").first()
    if stay is not None:
        stay.left_at = when
        stay.stay_days = max((when - stay.happened_at).total_seconds(), 0) / DAY_SECONDS
        stay.save(update_fields=["left_at", "stay_days"])


def _close_what_lies_ahead(application: Application, event: StageEvent) -> None:
    """An ended application has no future: its interviews still ahead are cancelled (kept, with the
    move that cancelled them, so they can be put back), and no reminder about any of its interviews
    goes out. Its follow-ups go with the move (application_plan_reminders); its next step stays
    on the page as history and leaves every list of things due."""
    interviews = list(application.interviews.all())
    ahead = [
        interview.pk
        for interview in interviews
        if interview.outcome == Interview.Outcome.PENDING and interview.scheduled_at > event.happened_at
    ]
    Interview.objects.filter(pk__in=ahead).update(
        outcome=Interview.Outcome.CANCELLED, cancelled_by=event, updated_at=timezone.now()
    )
    for interview in interviews:
        reminders.cancel(about=interview)


def _plan_the_searchs_follow_ups(user) -> None:
    """The follow-ups of every application still waiting for an answer, planned again by the one
    rule (application_plan_reminders): an accepted offer that ended the search stops them; a side
    role taken while still looking doesn't. The applications themselves stay as they are until the
    person withdraws them (nothing is withdrawn without their click)."""
    for application in Application.objects.for_user(user).filter(status__in=AWAITING_REPLY).select_related("user"):
        application_plan_reminders(application=application)


@transaction.atomic
def offer_ends_search(*, application: Application, ends: bool) -> Application:
    """Say whether this accepted offer ended the search, or was a side role taken while still
    looking: the follow-ups of the other applications stop, or come back."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.ACCEPTED:
        raise ValidationError("Only an accepted offer can end the search.")
    application.ends_search = ends
    application.save(update_fields=["ends_search", "updated_at"])
    _plan_the_searchs_follow_ups(application.user)
    return application


def search_ended_since(user, day: date) -> bool:
    """Whether the person accepted an offer that ended their search, on or after `day`: no
    follow-ups for what they applied to before it. An application sent after the acceptance
    starts a new search, nudges and all."""
    since = datetime.combine(day, datetime.min.time(), tzinfo=user.tzinfo)
    accepted = Application.objects.for_user(user).filter(status=Status.ACCEPTED, ends_search=True)
    return accepted.filter(status_changed_at__gte=since).exists()


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
        reminders.cancel(about=application, kind="closing_soon")
    _plan_closing_reminder(application)
    if application.status not in AWAITING_REPLY or application.date_applied is None:
        return
    user = application.user
    silent_since = max(application.date_applied, timezone.localdate(application.status_changed_at, user.tzinfo))
    if not new and search_ended_since(user, silent_since):
        return
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


def _plan_closing_reminder(application: Application) -> None:
    """A job saved for later, with a closing date still ahead: a reminder two days before it
    closes, at the person's reminder hour; when that has passed, at the next one (never an email
    the moment a date is typed). Applying, ending or deleting the job cancels it."""
    if application.status != Status.SAVED or application.closes_on is None:
        return
    user = application.user
    day = application.closes_on - timedelta(days=CLOSING_REMINDER_DAYS)
    due_at = max(reminders.at_local_hour(user, day), reminders.next_reminder_hour(user, timezone.now()))
    if timezone.localdate(due_at, user.tzinfo) > application.closes_on:
        return  # it closes before the next reminder hour comes round
    reminders.schedule(
        user=user,
        kind="closing_soon",
        about=application,
        due_at=due_at,
        key=f"closing_soon:{application.pk}:{application.closes_on.isoformat()}",
    )


# Interviews ------------------------------------------------------------------------------------


@transaction.atomic
def interview_save(*, interview: Interview, contacts=None) -> Interview:
    """Create or edit an interview, and plan its prep and thank-you reminders."""
    if interview.is_planned_on_an_ended_application:
        raise ValidationError({"scheduled_at": Interview.ENDED_APPLICATION})
    if interview.outcome != Interview.Outcome.CANCELLED:
        interview.cancelled_by = None  # the person set it going again themselves
    interview.save()
    if contacts is not None:
        interview.contacts.set(contacts)
    _schedule_interview_reminders(interview)
    return interview


@transaction.atomic
def interview_put_back(*, interview: Interview) -> Interview:
    """An interview cancelled when its application ended, back on (the application came back)."""
    if not interview.can_be_put_back:
        raise ValidationError("Only an interview still ahead, of an application back in play, can be put back.")
    interview.outcome = Interview.Outcome.PENDING
    interview.cancelled_by = None
    interview.save(update_fields=["outcome", "cancelled_by", "updated_at"])
    _schedule_interview_reminders(interview)
    return interview


@transaction.atomic
def interview_delete(*, interview: Interview) -> None:
    reminders.cancel(about=interview)
    interview.delete()


def _schedule_interview_reminders(interview: Interview) -> None:
    reminders.cancel(about=interview)
    if interview.outcome == Interview.Outcome.CANCELLED or interview.application.status not in LIVE:
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
def contacts_for_names(*, user, names: list[str], company: Company | None = None) -> list[Contact]:
    """The person's contacts with these names (any case), each added (at `company`) if new."""
    found = []
    for name in names:
        contact = Contact.objects.for_user(user).filter(name__iexact=name).order_by("pk").first()
        found.append(contact or Contact.objects.create(user=user, name=name, company=company))
    return found


def people_picked(*, user, picked, typed: str, company: Company | None = None) -> list[Contact]:
    """The people ticked on a form (jobhunt.pickers) and those typed as "someone else", each once:
    a typed name is found among the person's contacts, or added to them at `company`."""
    from_names = contacts_for_names(user=user, names=pickers.names(typed), company=company)
    return list({contact.pk: contact for contact in [*picked, *from_names]}.values())


@transaction.atomic
def contact_save(*, contact: Contact) -> Contact:
    contact.save()
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    """Delete a contact; the applications and interviews they were part of stay."""
    reminders.cancel(about=contact)
    contact.delete()


@transaction.atomic
def contact_touch(*, contact: Contact, day: date | None = None, how: str = HowApplied.EMAIL) -> Contact:
    """Record that the person just talked to this contact: when they last spoke, and the
    conversation itself (an Outreach, which the proof of the search lists when it has a company).
    A second touch on the same day is the same conversation: one row, not two."""
    day = day or contact.user.local_today()
    # Lock the contact so that two quick clicks can't both find no row for the day and add one each;
    # its company is read as stored now.
    company_id = Contact.objects.select_for_update().values_list("company_id", flat=True).get(pk=contact.pk)
    contact.last_contacted = day
    contact.save(update_fields=["last_contacted"])
    if not Outreach.objects.filter(user_id=contact.user_id, contact=contact, day=day).exists():
        # The company as it is now: if the person moves on later, the log still says where they were.
        Outreach.objects.create(
            user_id=contact.user_id, contact=contact, company_id=company_id, day=day, how=HowApplied(how)
        )
    return contact
