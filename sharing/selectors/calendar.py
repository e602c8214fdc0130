"""The calendar feed's events, and one interview's calendar file (sharing.ical writes them)."""

from datetime import date, datetime, time, timedelta
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from django.core import signing
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from core.pages import url_for_each_pk
from jobhunt.models import LIVE, Application, Contact, Interview
from recovery.models import StayConnected
from reminders.emails import absolute
from reminders.models import Reminder
from sharing.models import CalendarFeed

# The feed covers this window around today: enough to look back on a recent interview and to
# plan ahead, without sending years of history to a calendar on every poll.
FEED_DAYS_BACK = 90
FEED_DAYS_AHEAD = 365
# Interviews have no end time in Rebound; an hour is the usual slot.
INTERVIEW_LENGTH = timedelta(hours=1)
FOLLOW_UP_KIND = "application_follow_up"


class CalendarEvent(NamedTuple):
    """One event of the feed (a named tuple: a long search writes a thousand of them)."""

    uid: str  # stable per event: a calendar updates the event instead of adding a copy
    category: str
    summary: str
    description: str
    start: date | datetime  # a date for all-day events, else an aware datetime
    end: date | datetime
    url: str

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


def _addresses(view_name: str):
    """Absolute addresses of one kind of detail page, by pk (a thousand reverse() calls cost a
    fifth of a big feed)."""
    return url_for_each_pk(view_name, absolute)


def _interview(pk: int, *, kind: str, role: str, company: str, people: list[str], at: datetime, url: str):
    what = f"{role} at {company}"
    lines = [f"{kind} interview for {what}."]
    if people:
        lines.append("Meeting: " + ", ".join(people) + ".")
    lines.append(f"Details in Rebound: {url}")
    return CalendarEvent(
        uid=f"interview-{pk}",
        category="Interview",
        summary=f"{kind}: {what}",
        description="\n".join(lines),
        start=at,
        end=at + INTERVIEW_LENGTH,
        url=url,
    )


ONE_DAY = timedelta(days=1)


def _day(uid: str, category: str, summary: str, description: str, day: date, url: str) -> CalendarEvent:
    return CalendarEvent(uid, category, summary, description, day, day + ONE_DAY, url)


def _person(name: str, role: str, roles: dict[str, str]) -> str:
    return f"{name} ({roles.get(role, role).lower()})"


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def interview_event(interview: Interview) -> CalendarEvent:
    """One interview as the feed shows it (the single .ics download uses the same UID)."""
    application, roles = interview.application, _labels(Contact.Role.choices)
    return _interview(
        interview.pk,
        kind=interview.get_kind_display(),
        role=application.role_title,
        company=application.company.name,
        people=[_person(person.name, person.role, roles) for person in interview.contacts.all()],
        at=interview.scheduled_at,
        url=absolute(interview.get_absolute_url()),
    )


def interviews_for_download(user):
    people = Prefetch("contacts", queryset=Contact.objects.only("pk", "name", "role").order_by("name", "pk"))
    return (
        Interview.objects.select_related("application__company").prefetch_related(people).filter(application__user=user)
    )


def calendar_events(user, *, now: datetime | None = None) -> list[CalendarEvent]:
    """Interviews, next steps, planned follow-ups and reconnect dates in the feed's window, in
    date order. Four queries whatever the amount of data, each reading only the columns the
    events show (plain rows: a long search puts a thousand events in the window)."""
    now = now or timezone.now()
    tz = user.tzinfo
    today = timezone.localtime(now, tz).date()
    first_day, last_day = today - timedelta(days=FEED_DAYS_BACK), today + timedelta(days=FEED_DAYS_AHEAD)
    first_moment = datetime.combine(first_day, time.min, tzinfo=tz)
    last_moment = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=tz)
    events: list[CalendarEvent] = []

    # One row per interview and person met (or one with no person), the people in name order.
    interview_url, kinds, roles = (
        _addresses("jobhunt:interview_detail"),
        _labels(Interview.Kind.choices),
        _labels(Contact.Role.choices),
    )
    # What happened stays in the calendar; what is still ahead only while its application is in play.
    rows = (
        Interview.objects.for_user(user)
        .filter(scheduled_at__gte=first_moment, scheduled_at__lt=last_moment)
        .filter(Q(scheduled_at__lt=now) | Q(application__status__in=LIVE))
        .exclude(outcome=Interview.Outcome.CANCELLED)
        .order_by("pk", "contacts__name", "contacts__pk")
        .values_list(
            "pk",
            "kind",
            "scheduled_at",
            "application__role_title",
            "application__company__name",
            "contacts__name",
            "contacts__role",
        )
    )
    for pk, group in groupby(rows, key=itemgetter(0)):
        group = list(group)
        _pk, kind, at, role_title, company, _name, _role = group[0]
        events.append(
            _interview(
                pk,
                kind=kinds.get(kind, kind),
                role=role_title,
                company=company,
                people=[_person(name, role, roles) for *_, name, role in group if name is not None],
                at=at,
                url=interview_url(pk),
            )
        )

    application_url = _addresses("jobhunt:application_detail")
    next_steps = (
        Application.objects.for_user(user)
        .filter(status__in=LIVE, next_step_date__gte=first_day, next_step_date__lte=last_day)
        .order_by()
        .values_list("pk", "role_title", "company__name", "next_step", "next_step_date")
    )
    for pk, role, company, step, day in next_steps:
        what, url = f"{role} at {company}", application_url(pk)
        events.append(
            _day(
                f"next-step-{pk}",
                "Next step",
                f"{step or 'Next step'}: {what}",
                f"The next step you planned for {what}.\nIn Rebound: {url}",
                day,
                url,
            )
        )

    # Follow-ups point at their application by a generic key: its title and company come in the
    # same query, and a follow-up whose application is gone (or not the person's) is left out.
    awaited = Application.objects.for_user(user).filter(pk=OuterRef("object_id"), status__in=LIVE).order_by()
    follow_ups = (
        Reminder.objects.filter(
            user=user,
            kind=FOLLOW_UP_KIND,
            state=Reminder.State.SCHEDULED,
            content_type__app_label="jobhunt",
            content_type__model="application",
            due_at__gte=first_moment,
            due_at__lt=last_moment,
        )
        .annotate(
            awaited_role=Subquery(awaited.values("role_title")),
            awaited_company=Subquery(awaited.values("company__name")),
        )
        .filter(awaited_role__isnull=False)
        .order_by()
        .values_list("pk", "object_id", "due_at", "awaited_role", "awaited_company")
    )
    for pk, object_id, due_at, role, company in follow_ups:
        what, url, day = f"{role} at {company}", application_url(object_id), timezone.localtime(due_at, tz).date()
        events.append(
            _day(
                f"follow-up-{pk}",
                "Follow-up",
                f"Follow up: {what}",
                f"No answer yet about {what}. A short, friendly note often gets things moving.\nIn Rebound: {url}",
                day,
                url,
            )
        )

    contact_url = _addresses("jobhunt:contact_detail")
    # The application each person was met through, looked up per row (a few hundred at most):
    # joined instead, PostgreSQL reads every application to find them.
    met_through = Application.objects.filter(pk=OuterRef("journey__application_id")).order_by()
    reconnects = (
        StayConnected.objects.for_user(user)
        .filter(reconnect_on__gte=first_day, reconnect_on__lte=last_day)
        .annotate(
            met_role=Subquery(met_through.values("role_title")),
            met_company=Subquery(met_through.values("company__name")),
        )
        .order_by()
        .values_list(
            "pk", "reconnect_on", "contact_id", "contact__name", "contact__company__name", "met_role", "met_company"
        )
    )
    for pk, day, contact_id, name, contact_company, role, company in reconnects:
        where = f" ({contact_company})" if contact_company is not None else ""
        url = contact_url(contact_id)
        events.append(
            _day(
                f"reconnect-{pk}",
                "Reconnect",
                f"Reconnect with {name}{where}",
                f"You met through {role} at {company}. A short hello keeps the door open.\nIn Rebound: {url}",
                day,
                url,
            )
        )

    def in_order(event: CalendarEvent) -> tuple[datetime, str]:
        start = event.start
        return (start if type(start) is datetime else datetime.combine(start, time.min, tzinfo=tz)), event.uid

    return sorted(events, key=in_order)


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed a calendar address opens, or None when the address is wrong, altered or reset."""
    try:
        key = CalendarFeed.key_from_token(token)
    except signing.BadSignature:
        return None
    # A switched-off account shares nothing, whatever addresses are still out there.
    return CalendarFeed.objects.select_related("user").filter(key=key, user__is_active=True).first()
