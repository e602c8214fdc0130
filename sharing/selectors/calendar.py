"""The calendar feed's events, and one interview's calendar file (sharing.ical writes them)."""

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db.models import Prefetch
from django.utils import timezone

from core import sql
from core.pages import url_for_each_pk
from jobhunt.models import LIVE, Application, Contact, Interview
from reminders.emails import absolute
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
    return Interview.objects.for_user(user).select_related("application__company").prefetch_related(people)


# The feed's statements (core.sql): a calendar polls the feed every few hours, and a long search
# puts a thousand events in its window. Each reads the person's own rows on an index range; the
# applications and companies the events name are then looked up by id, which keeps PostgreSQL
# from reading every application to join them.
_INTERVIEWS = """
    SELECT id, kind, scheduled_at, application_id FROM jobhunt_interview
     WHERE user_id = %(user)s AND scheduled_at >= %(first)s AND scheduled_at < %(last)s
       AND outcome <> 'cancelled'
"""
_PEOPLE_MET = """
    SELECT met.interview_id, person.name, person.role
      FROM jobhunt_interview_contacts met
      JOIN jobhunt_contact person ON person.id = met.contact_id
     WHERE {match}
     ORDER BY met.interview_id, person.name, person.id
"""
_APPLICATIONS = """
    SELECT application.id, application.role_title, company.name, application.status
      FROM jobhunt_application application
      JOIN jobhunt_company company ON company.id = application.company_id
     WHERE application.user_id = %(user)s AND {match}
"""
_NEXT_STEPS = f"""
    SELECT application.id, application.role_title, company.name, application.next_step, application.next_step_date
      FROM jobhunt_application application
      JOIN jobhunt_company company ON company.id = application.company_id
     WHERE application.user_id = %(user)s AND application.status IN ({sql.among(LIVE)})
       AND application.next_step_date BETWEEN %(first)s AND %(last)s
"""  # noqa: S608 (constants only)
# Follow-ups point at their application by a generic key; one whose application is gone, ended or
# not the person's is left out.
_FOLLOW_UPS = f"""
    SELECT reminder.id, reminder.object_id, reminder.due_at
      FROM reminders_reminder reminder
     WHERE reminder.user_id = %(user)s AND reminder.kind = '{FOLLOW_UP_KIND}' AND reminder.state = 'scheduled'
       AND reminder.content_type_id = %(application_type)s
       AND reminder.due_at >= %(first)s AND reminder.due_at < %(last)s
"""  # noqa: S608 (constants only)
_RECONNECTS = """
    SELECT connected.id, connected.reconnect_on, person.id, person.name, company.name, journey.application_id
      FROM recovery_stayconnected connected
      JOIN recovery_journey journey ON journey.id = connected.journey_id
      JOIN jobhunt_contact person ON person.id = connected.contact_id
      LEFT JOIN jobhunt_company company ON company.id = person.company_id
     WHERE journey.user_id = %(user)s AND connected.reconnect_on BETWEEN %(first)s AND %(last)s
"""


def _applications(user, ids: set[int]) -> dict[int, tuple[str, str, str]]:
    """{id: (role, company, status)} of the person's applications among `ids`."""
    rows = sql.rows(_APPLICATIONS.format(match=sql.id_in("application.id", sorted(ids))), prepare=False, user=user.pk)
    return {pk: (role, company, status) for pk, role, company, status in rows}


def calendar_events(user, *, now: datetime | None = None) -> list[CalendarEvent]:
    """Interviews, next steps, planned follow-ups and reconnect dates in the feed's window, in
    date order. Seven queries whatever the amount of data, each reading only the columns the
    events show (plain rows: a long search puts a thousand events in the window)."""
    now = now or timezone.now()
    tz = user.tzinfo
    today = timezone.localtime(now, tz).date()
    first_day, last_day = today - timedelta(days=FEED_DAYS_BACK), today + timedelta(days=FEED_DAYS_AHEAD)
    first_moment = datetime.combine(first_day, time.min, tzinfo=tz)
    last_moment = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=tz)
    moments = {"user": user.pk, "first": first_moment, "last": last_moment}
    interviews = sql.rows(_INTERVIEWS, **moments)
    follow_ups = sql.rows(_FOLLOW_UPS, application_type=ContentType.objects.get_for_model(Application).pk, **moments)
    reconnects = sql.rows(_RECONNECTS, user=user.pk, first=first_day, last=last_day)
    named = _applications(
        user,
        {row[3] for row in interviews} | {row[1] for row in follow_ups} | {row[5] for row in reconnects},
    )
    events = [
        *_interview_events(interviews, named, now=now),
        *_next_step_events(sql.rows(_NEXT_STEPS, user=user.pk, first=first_day, last=last_day)),
        *_follow_up_events(follow_ups, named, tz),
        *_reconnect_events(reconnects, named),
    ]

    # In date order, a day's all-day events before its timed ones (by the local day, then the time).
    def in_order(event: CalendarEvent) -> tuple:
        start = event.start
        if type(start) is datetime:
            local = start.astimezone(tz)
            return local.date(), 1, local.time(), event.uid
        return start, 0, None, event.uid

    return sorted(events, key=in_order)


def _interview_events(rows, named, *, now: datetime) -> list[CalendarEvent]:
    """What happened stays in the calendar; what is still ahead only while its application is in play."""
    kept = []
    for pk, kind, at, application_id in rows:
        at = sql.moment(at)
        role, company, status = named.get(application_id, (None, None, None))
        if role is not None and (at < now or status in LIVE):
            kept.append((pk, kind, at, role, company))
    people: dict[int, list[str]] = {}
    roles = _labels(Contact.Role.choices)
    met = _PEOPLE_MET.format(match=sql.id_in("met.interview_id", (row[0] for row in kept)))
    for interview_id, name, role in sql.rows(met, prepare=False):
        people.setdefault(interview_id, []).append(_person(name, role, roles))
    interview_url, kinds = _addresses("jobhunt:interview_detail"), _labels(Interview.Kind.choices)
    return [
        _interview(
            pk,
            kind=kinds.get(kind, kind),
            role=role,
            company=company,
            people=people.get(pk, []),
            at=at,
            url=interview_url(pk),
        )
        for pk, kind, at, role, company in kept
    ]


def _next_step_events(rows) -> list[CalendarEvent]:
    application_url = _addresses("jobhunt:application_detail")
    events = []
    for pk, role, company, step, day in rows:
        what, url = f"{role} at {company}", application_url(pk)
        events.append(
            _day(
                f"next-step-{pk}",
                "Next step",
                f"{step or 'Next step'}: {what}",
                f"The next step you planned for {what}.\nIn Rebound: {url}",
                sql.day(day),
                url,
            )
        )
    return events


def _follow_up_events(rows, named, tz) -> list[CalendarEvent]:
    application_url = _addresses("jobhunt:application_detail")
    events = []
    for pk, object_id, due_at in rows:
        role, company, status = named.get(object_id, (None, None, None))
        if role is None or status not in LIVE:
            continue
        what, url = f"{role} at {company}", application_url(object_id)
        events.append(
            _day(
                f"follow-up-{pk}",
                "Follow-up",
                f"Follow up: {what}",
                f"No answer yet about {what}. A short, friendly note often gets things moving.\nIn Rebound: {url}",
                timezone.localtime(sql.moment(due_at), tz).date(),
                url,
            )
        )
    return events


def _reconnect_events(rows, named) -> list[CalendarEvent]:
    contact_url = _addresses("jobhunt:contact_detail")
    events = []
    for pk, day, contact_id, name, contact_company, application_id in rows:
        role, company, _status = named.get(application_id, (None, None, None))
        where = f" ({contact_company})" if contact_company is not None else ""
        url = contact_url(contact_id)
        events.append(
            _day(
                f"reconnect-{pk}",
                "Reconnect",
                f"Reconnect with {name}{where}",
                f"You met through {role} at {company}. A short hello keeps the door open.\nIn Rebound: {url}",
                sql.day(day),
                url,
            )
        )
    return events


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed a calendar address opens, or None when the address is wrong, altered or reset."""
    try:
        key = CalendarFeed.key_from_token(token)
    except signing.BadSignature:
        return None
    # A switched-off account shares nothing, whatever addresses are still out there.
    return CalendarFeed.objects.select_related("user").filter(key=key, user__is_active=True).first()
