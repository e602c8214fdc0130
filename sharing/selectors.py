"""Reads for what leaves Rebound: the calendar's events and the coach's view of the pipeline.

Both hand out plain dataclasses built from the few fields they may show, never model rows, so a
template cannot reach a note, a salary or a journal entry by accident. Each function runs a fixed
number of queries whatever the amount of data.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core import signing
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from jobhunt import selectors as jobhunt_selectors
from jobhunt.models import LIVE, Application, Contact, Interview, Source, Status
from recovery.models import Journey, StayConnected
from reminders.emails import absolute
from reminders.models import Reminder
from sharing.models import CalendarFeed, ShareLink, hash_token

# The feed covers this window around today: enough to look back on a recent interview and to
# plan ahead, without sending years of history to a calendar on every poll.
FEED_DAYS_BACK = 90
FEED_DAYS_AHEAD = 365
# Interviews have no end time in Rebound; an hour is the usual slot.
INTERVIEW_LENGTH = timedelta(hours=1)
FOLLOW_UP_KIND = "application_follow_up"

# The coach page: how many applications it lists per stage, and how much of the rest.
COACH_ROWS_PER_STAGE = 50
COACH_INTERVIEWS = 10
COACH_JOURNEYS = 10


# Calendar ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEvent:
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


def interview_event(interview: Interview) -> CalendarEvent:
    """One interview as the feed shows it (the single .ics download uses the same UID)."""
    application = interview.application
    kind = interview.get_kind_display()
    what = f"{application.role_title} at {application.company.name}"
    people = [f"{person.name} ({person.get_role_display().lower()})" for person in interview.contacts.all()]
    lines = [f"{kind} interview for {what}."]
    if people:
        lines.append("Meeting: " + ", ".join(people) + ".")
    url = absolute(interview.get_absolute_url())
    lines.append(f"Details in Rebound: {url}")
    return CalendarEvent(
        uid=f"interview-{interview.pk}",
        category="Interview",
        summary=f"{kind}: {what}",
        description="\n".join(lines),
        start=interview.scheduled_at,
        end=interview.scheduled_at + INTERVIEW_LENGTH,
        url=url,
    )


def _interviews_for_calendar():
    people = Prefetch("contacts", queryset=Contact.objects.only("pk", "name", "role").order_by("name", "pk"))
    return Interview.objects.select_related("application__company").prefetch_related(people)


def interviews_for_download(user):
    return _interviews_for_calendar().filter(application__user=user)


def calendar_events(user, *, now: datetime | None = None) -> list[CalendarEvent]:
    """Interviews, next steps, planned follow-ups and reconnect dates in the feed's window, in
    date order. Six queries whatever the amount of data."""
    now = now or timezone.now()
    today = timezone.localtime(now, user.tzinfo).date()
    first_day, last_day = today - timedelta(days=FEED_DAYS_BACK), today + timedelta(days=FEED_DAYS_AHEAD)
    first_moment = datetime.combine(first_day, time.min, tzinfo=user.tzinfo)
    last_moment = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=user.tzinfo)
    events: list[CalendarEvent] = []

    interviews = (
        _interviews_for_calendar()
        .filter(application__user=user, scheduled_at__gte=first_moment, scheduled_at__lt=last_moment)
        .exclude(outcome=Interview.Outcome.CANCELLED)
    )
    events += [interview_event(interview) for interview in interviews]

    next_steps = (
        Application.objects.for_user(user)
        .filter(status__in=LIVE, next_step_date__gte=first_day, next_step_date__lte=last_day)
        .select_related("company")
        .only("pk", "role_title", "next_step", "next_step_date", "company__name")
    )
    for application in next_steps:
        what = f"{application.role_title} at {application.company.name}"
        url = absolute(application.get_absolute_url())
        events.append(
            CalendarEvent(
                uid=f"next-step-{application.pk}",
                category="Next step",
                summary=f"{application.next_step or 'Next step'}: {what}",
                description=f"The next step you planned for {what}.\nIn Rebound: {url}",
                start=application.next_step_date,
                end=application.next_step_date + timedelta(days=1),
                url=url,
            )
        )

    follow_ups = list(
        Reminder.objects.filter(
            user=user,
            kind=FOLLOW_UP_KIND,
            state=Reminder.State.SCHEDULED,
            content_type__app_label="jobhunt",
            content_type__model="application",
            due_at__gte=first_moment,
            due_at__lt=last_moment,
        ).values_list("pk", "object_id", "due_at")
    )
    awaited = (
        Application.objects.for_user(user)
        .select_related("company")
        .only("pk", "role_title", "company__name")
        .in_bulk({object_id for _pk, object_id, _due in follow_ups})
    )
    for pk, object_id, due_at in follow_ups:
        application = awaited.get(object_id)
        if application is None:
            continue
        what = f"{application.role_title} at {application.company.name}"
        url = absolute(application.get_absolute_url())
        day = timezone.localtime(due_at, user.tzinfo).date()
        events.append(
            CalendarEvent(
                uid=f"follow-up-{pk}",
                category="Follow-up",
                summary=f"Follow up: {what}",
                description=(
                    f"No answer yet about {what}. A short, friendly note often gets things moving.\nIn Rebound: {url}"
                ),
                start=day,
                end=day + timedelta(days=1),
                url=url,
            )
        )

    reconnects = (
        StayConnected.objects.for_user(user)
        .filter(reconnect_on__gte=first_day, reconnect_on__lte=last_day)
        .select_related("contact__company", "journey__application__company")
    )
    for row in reconnects:
        contact, application = row.contact, row.journey.application
        where = f" ({contact.company.name})" if contact.company_id else ""
        url = absolute(contact.get_absolute_url())
        events.append(
            CalendarEvent(
                uid=f"reconnect-{row.pk}",
                category="Reconnect",
                summary=f"Reconnect with {contact.name}{where}",
                description=(
                    f"You met through {application.role_title} at {application.company.name}. "
                    f"A short hello keeps the door open.\nIn Rebound: {url}"
                ),
                start=row.reconnect_on,
                end=row.reconnect_on + timedelta(days=1),
                url=url,
            )
        )

    def when(event: CalendarEvent) -> datetime:
        return event.start if not event.all_day else datetime.combine(event.start, time.min, tzinfo=user.tzinfo)

    return sorted(events, key=lambda event: (when(event), event.uid))


def calendar_stamp(user) -> str:
    """Changes whenever anything the feed shows changes: the person's data version (moved by
    every change they make, accounts.freshness) and the follow-ups still planned, which the
    reminder dispatcher sends without a request of theirs. One count over an indexed range."""
    follow_ups = Reminder.objects.filter(user=user, kind=FOLLOW_UP_KIND, state=Reminder.State.SCHEDULED).count()
    return f"{user.data_version}-{follow_ups}"


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed a calendar address opens, or None when the address is wrong, altered or reset."""
    try:
        key = CalendarFeed.key_from_token(token)
    except signing.BadSignature:
        return None
    # A switched-off account shares nothing, whatever addresses are still out there.
    return CalendarFeed.objects.select_related("user").filter(key=key, user__is_active=True).first()


# Settings page ---------------------------------------------------------------------------------

ENDED_LINKS_SHOWN = 10


def share_links(user, *, now: datetime | None = None) -> dict:
    """The person's open links (newest first) and their latest ended ones."""
    now = now or timezone.now()
    links = ShareLink.objects.for_user(user)
    return {
        "active": list(links.active(now).order_by("-created_at", "-pk")),
        "ended": list(links.ended(now).order_by("-created_at", "-pk")[:ENDED_LINKS_SHOWN]),
    }


# Coach page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedApplication:
    company: str
    role: str
    status: str
    date_applied: date | None
    moved_at: datetime
    source: str


@dataclass
class SharedStage:
    status: str
    label: str
    count: int
    applications: list[SharedApplication] = field(default_factory=list)

    @property
    def not_shown(self) -> int:
        return self.count - len(self.applications)


@dataclass(frozen=True)
class SharedInterview:
    kind: str
    company: str
    role: str
    scheduled_at: datetime


@dataclass(frozen=True)
class SharedJourney:
    company: str
    role: str
    ending: str
    started_at: datetime
    steps_done: int
    steps_total: int
    current_step: str  # the step the person is on, or "" once finished
    finished: bool


@dataclass
class CoachView:
    owner_name: str
    total: int
    live: int
    stages: list[SharedStage]
    stats: jobhunt_selectors.Stats
    upcoming_interviews: list[SharedInterview]
    journeys: list[SharedJourney]


def share_link_for_token(token: str) -> ShareLink | None:
    return ShareLink.objects.select_related("user").filter(token_hash=hash_token(token), user__is_active=True).first()


def coach_view(user, *, now: datetime | None = None) -> CoachView:
    """What a coach link shows: stages, figures and walkthrough progress. Eight queries."""
    now = now or timezone.now()
    applications = Application.objects.for_user(user)
    counts = applications.aggregate(**{status: Count("pk", filter=Q(status=status)) for status in Status.values})
    stages = {status: SharedStage(status, label, counts[status]) for status, label in Status.choices}
    sources = dict(Source.choices)

    # The latest rows of each stage, cut in the database so a long history stays cheap.
    rows = (
        applications.annotate(
            row=Window(RowNumber(), partition_by=F("status"), order_by=[F("status_changed_at").desc(), F("pk").desc()])
        )
        .filter(row__lte=COACH_ROWS_PER_STAGE)
        .order_by("-status_changed_at", "-pk")
        .values("status", "role_title", "date_applied", "status_changed_at", "source", "company__name")
    )
    for row in rows:
        stages[row["status"]].applications.append(
            SharedApplication(
                company=row["company__name"],
                role=row["role_title"],
                status=row["status"],
                date_applied=row["date_applied"],
                moved_at=row["status_changed_at"],
                source=sources.get(row["source"], ""),
            )
        )

    interviews = (
        Interview.objects.for_user(user)
        .filter(scheduled_at__gte=now)
        .exclude(outcome=Interview.Outcome.CANCELLED)
        .order_by("scheduled_at", "pk")
        .values("kind", "scheduled_at", "application__role_title", "application__company__name")[:COACH_INTERVIEWS]
    )
    kinds = dict(Interview.Kind.choices)

    journeys = []
    for journey in (
        Journey.objects.for_user(user)
        .select_related("application__company")
        .only("pk", "ending", "started_at", "finished_at", "application__role_title", "application__company__name")
        .prefetch_related("steps")
        .order_by("-started_at", "-pk")[:COACH_JOURNEYS]
    ):
        step = journey.next_step
        journeys.append(
            SharedJourney(
                company=journey.application.company.name,
                role=journey.application.role_title,
                ending=journey.get_ending_display(),
                started_at=journey.started_at,
                steps_done=journey.steps_done,
                steps_total=len(journey.step_states),
                current_step=journey.title(step) if step and not journey.is_finished else "",
                finished=journey.is_finished,
            )
        )

    total = sum(stage.count for stage in stages.values())
    return CoachView(
        owner_name=user.display_name,
        total=total,
        live=sum(stage.count for stage in stages.values() if stage.status in LIVE),
        stages=list(stages.values()),
        stats=jobhunt_selectors.stats(user),
        upcoming_interviews=[
            SharedInterview(
                kind=kinds.get(row["kind"], ""),
                company=row["application__company__name"],
                role=row["application__role_title"],
                scheduled_at=row["scheduled_at"],
            )
            for row in interviews
        ],
        journeys=journeys,
    )
