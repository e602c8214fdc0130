"""Reads that span relations: what needs the person today, the board, the list, the stats.

Each function runs a fixed number of queries whatever the number of applications.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_
from statistics import median

from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.utils import timezone

from core.pages import address_of
from jobhunt.models import (
    AWAITING_REPLY,
    FOLLOW_UP_AFTER_DAYS,
    LIVE,
    RESPONDED,
    Application,
    Company,
    Contact,
    Interview,
    Reached,
    StageEvent,
    Status,
)

# A step into one of these is an answer from the company (a rejection too): for counts over a
# window of time, read from the timeline. The funnel's totals read Application.reached.
HEARD_BACK = RESPONDED | {Status.REJECTED}


def _start_of_local_day(user, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=user.tzinfo)


def silence_cutoff(user, today: date) -> datetime:
    """An application that has not moved since before this moment has gone silent."""
    return _start_of_local_day(user, today - timedelta(days=user.ghosting_days - 1))


def gone_silent_q(user, today: date) -> Q:
    """Applied, and no change for at least the person's ghosting threshold (Application.is_stale)."""
    return Q(status=Status.APPLIED, status_changed_at__lt=silence_cutoff(user, today))


def how_many(condition: Q | None = None) -> Count:
    """How many of a person's applications meet `condition`, counted on their user column rather
    than their ids: the conditions' columns are all in one index (application_user_figures), so
    PostgreSQL answers from the index alone, without reading the applications."""
    return Count("user", filter=condition)


def in_one_query(base: QuerySet, parts: list[QuerySet]) -> list:
    """The rows of several sliced querysets made from `base`, in one statement, in no set order.

    PostgreSQL runs (… LIMIT n) UNION ALL (… LIMIT n), each part on its own index scan. SQLite
    allows no LIMIT inside a UNION, so there it is one IN (… LIMIT n) per part (local data is small).
    """
    if not parts:
        return []
    if connection.features.supports_slicing_ordering_in_compound:
        return list(parts[0].union(*parts[1:], all=True))
    return list(base.filter(reduce(or_, (Q(pk__in=part.values("pk")) for part in parts))))


def _by(*fields):
    return lambda row: tuple(getattr(row, name) for name in (*fields, "pk"))


def follow_up_q(user, today: date) -> Q:
    """A week or more since applying, no answer, not yet gone silent (that list comes separately).
    Spelled out rather than as "not gone silent", so the silence bound is an index range."""
    return Q(
        status=Status.APPLIED,
        date_applied__lte=today - timedelta(days=FOLLOW_UP_AFTER_DAYS),
        status_changed_at__gte=silence_cutoff(user, today),
    )


# Today (the dashboard's pipeline part) ---------------------------------------------------------

TODAY_LIST_SIZE = 5
# Interviews the dashboard lists: the coming week.
INTERVIEWS_AHEAD_DAYS = 7


@dataclass(frozen=True)
class Waiting:
    """An application waiting on an answer, as Today lists it (a plain row)."""

    pk: int
    role_title: str
    company: str
    date_applied: date | None
    status_changed_at: datetime

    def __str__(self):
        return f"{self.role_title} at {self.company}"

    def get_absolute_url(self) -> str:
        return address_of("jobhunt:application_detail", self.pk)


@dataclass(frozen=True)
class ComingUp:
    """An interview still ahead, as Today lists it (a plain row)."""

    pk: int
    kind: str
    scheduled_at: datetime
    role_title: str
    company: str

    @property
    def kind_label(self) -> str:
        return Interview.Kind(self.kind).label if self.kind in Interview.Kind.values else self.kind

    def get_absolute_url(self) -> str:
        return address_of("jobhunt:interview_detail", self.pk)


@dataclass
class Today:
    total: int
    live: int
    follow_up_count: int
    follow_ups: list[Waiting]
    gone_silent_count: int
    gone_silent: list[Waiting]
    interviews: list[ComingUp]
    # The `also` aggregates the caller asked for, read in the same statement as the counts.
    also: dict = field(default_factory=dict)

    @property
    def is_new(self) -> bool:
        """Nothing tracked yet: the dashboard shows how to start instead of empty lists."""
        return self.total == 0


def upcoming_interviews(user, *, now: datetime, until: datetime | None = None) -> QuerySet:
    """Interviews still ahead, of applications still in play: an ended application's future
    interviews are cancelled with it, and this says so twice."""
    rows = Interview.objects.for_user(user).filter(
        scheduled_at__gte=now, outcome=Interview.Outcome.PENDING, application__status__in=LIVE
    )
    if until is not None:
        rows = rows.filter(scheduled_at__lt=until)
    return rows.order_by("scheduled_at", "pk")


WAITING_COLUMNS = ("pk", "role_title", "company__name", "date_applied", "status_changed_at")
COMING_UP_COLUMNS = ("pk", "kind", "scheduled_at", "application__role_title", "application__company__name")


def today(user, *, today: date | None = None, now: datetime | None = None, also: dict | None = None) -> Today:
    """What needs the person now: follow-ups due, silences, the coming week's interviews, as plain
    rows. Three queries. `also` adds aggregates over the person's applications to the statement
    that counts them (the dashboard reads the pace guard's and this week's that way)."""
    today = today or user.local_today()
    now = now or timezone.now()
    applications = Application.objects.for_user(user)
    silent, follow_up = gone_silent_q(user, today), follow_up_q(user, today)
    also = also or {}
    counts = applications.aggregate(
        total=how_many(),
        live=how_many(Q(status__in=LIVE)),
        follow_up=how_many(follow_up),
        silent=how_many(silent),
        **also,
    )
    waiting = applications.order_by().values_list(*WAITING_COLUMNS)
    rows = in_one_query(
        waiting,
        [
            # Waiting longest first: read from the (user, status, status_changed_at) index upwards
            # from the silence cutoff, where the follow-ups are, rather than from every old one.
            waiting.filter(follow_up).order_by("status_changed_at", "pk")[:TODAY_LIST_SIZE],
            waiting.filter(silent).order_by("status_changed_at", "pk")[:TODAY_LIST_SIZE],
        ],
    )
    # One list or the other: a follow-up is an application that has not gone silent yet.
    silent_since = silence_cutoff(user, today)
    rows = sorted((Waiting(*row) for row in rows), key=_by("status_changed_at"))
    week_ahead = upcoming_interviews(user, now=now, until=now + timedelta(days=INTERVIEWS_AHEAD_DAYS))
    return Today(
        total=counts["total"],
        live=counts["live"],
        follow_up_count=counts["follow_up"],
        follow_ups=[row for row in rows if row.status_changed_at >= silent_since],
        gone_silent_count=counts["silent"],
        gone_silent=[row for row in rows if row.status_changed_at < silent_since],
        interviews=[ComingUp(*row) for row in week_ahead.values_list(*COMING_UP_COLUMNS)[:TODAY_LIST_SIZE]],
        also={name: counts[name] for name in also},
    )


def still_in_play(user, *, besides: Application, limit: int = TODAY_LIST_SIZE * 4) -> tuple[list[Application], int]:
    """The person's other applications still in play (after an accepted offer: the ones to close),
    latest moves first, and how many there are. Two queries."""
    rows = Application.objects.for_user(user).live().exclude(pk=besides.pk)
    return list(rows.select_related("company").order_by("-status_changed_at", "-pk")[:limit]), rows.count()


# Board -----------------------------------------------------------------------------------------


# Cards shown per column; the rest are a "N more" link to the list filtered on that stage.
BOARD_COLUMN_SIZE = 20
# The board's columns: where applications move. The endings sit in a strip of their own.
ACTIVE_STAGES = [Status.SAVED, Status.APPLIED, Status.SCREENING, Status.INTERVIEWING, Status.OFFER]
ENDED_STAGES = [Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED]


@dataclass
class Card:
    pk: int
    role_title: str
    company: str
    status: str
    days_in_stage: int
    next_step: str
    next_step_date: date | None
    next_interview: datetime | None


@dataclass
class Column:
    status: str
    label: str
    cards: list[Card] = field(default_factory=list)
    # Every application in this stage, shown or not.
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.cards)


@dataclass
class Board:
    columns: list[Column]  # the active stages, each with its latest cards
    ended: list[Column]  # the endings: counts only


def board(user, *, today: date | None = None, now: datetime | None = None, size: int = BOARD_COLUMN_SIZE) -> Board:
    """The active stages as columns, each with its latest `size` moves first and its total, and
    the endings as counts. Two queries whatever the number of applications: the totals, and each
    active stage's latest cards (plain rows, with the next interview) in one statement."""
    today = today or user.local_today()
    now = now or timezone.now()
    mine = Application.objects.for_user(user)
    totals = dict(mine.order_by().values_list("status").annotate(total=how_many()))
    next_interview = Interview.objects.filter(
        application=OuterRef("pk"), outcome=Interview.Outcome.PENDING, scheduled_at__gte=now
    ).order_by("scheduled_at")
    rows = mine.annotate(next_interview=Subquery(next_interview.values("scheduled_at")[:1])).values_list(
        "pk",
        "role_title",
        "company__name",
        "status",
        "status_changed_at",
        "next_step",
        "next_step_date",
        "next_interview",
    )
    recent = ["-status_changed_at", "-pk"]
    shown = [stage for stage in ACTIVE_STAGES if totals.get(stage)]
    found = in_one_query(rows, [rows.filter(status=stage).order_by(*recent)[:size] for stage in shown])
    columns = {stage: Column(stage, stage.label, total=totals.get(stage, 0)) for stage in ACTIVE_STAGES}
    for pk, role, company, status, moved_at, step, step_date, interview in sorted(
        found, key=lambda row: (row[4], row[0]), reverse=True
    ):
        days = (today - timezone.localtime(moved_at, user.tzinfo).date()).days
        columns[status].cards.append(Card(pk, role, company, status, days, step, step_date, interview))
    ended = [Column(stage, stage.label, total=totals.get(stage, 0)) for stage in ENDED_STAGES]
    return Board(list(columns.values()), ended)


# List ------------------------------------------------------------------------------------------

# How the list can be sorted: key -> (label, ordering). Every ordering ends on the primary key
# so pages never repeat or skip a row.
SORTS = {
    "recent": ("Recently moved", ["-status_changed_at", "-pk"]),
    "applied": ("Date applied", [F("date_applied").desc(nulls_last=True), "-pk"]),
    "company": ("Company", [Lower("company__name"), Lower("role_title"), "pk"]),
    "role": ("Role", [Lower("role_title"), Lower("company__name"), "pk"]),
    "interest": ("How much I want it", ["-interest", "-status_changed_at", "-pk"]),
}


def application_list(user, *, q: str = "", status: str = "", company=None, sort: str = "recent") -> QuerySet:
    """The person's applications, filtered and sorted; every word of `q` must match somewhere."""
    applications = Application.objects.for_user(user).select_related("company")
    if status:
        applications = applications.filter(status=status)
    if company is not None:
        applications = applications.filter(company=company)
    for word in q.split():
        applications = applications.filter(
            Q(role_title__icontains=word)
            | Q(company__name__icontains=word)
            | Q(location__icontains=word)
            | Q(notes__icontains=word)
        )
    return applications.order_by(*SORTS.get(sort, SORTS["recent"])[1])


# Finding a company or a person as they are typed -----------------------------------------------

MATCHES_SHOWN = 8


def company_matches(user, term: str, limit: int = MATCHES_SHOWN) -> list[str]:
    """Names of the person's companies containing `term`, in name order."""
    term = term.strip()[:200]
    if not term:
        return []
    rows = Company.objects.for_user(user).filter(name__icontains=term).order_by(Lower("name"), "pk")
    return list(rows.values_list("name", flat=True)[:limit])


def people_matches(user, term: str, *, besides=(), limit: int = MATCHES_SHOWN) -> list[Contact]:
    """The person's contacts matching every word of `term` (in the name, the company or the
    email), in name order, leaving out `besides` (pks already shown)."""
    words = term.split()[:5]
    if not words:
        return []
    rows = Contact.objects.for_user(user).select_related("company").exclude(pk__in=list(besides))
    for word in words:
        word = word[:100]
        rows = rows.filter(Q(name__icontains=word) | Q(company__name__icontains=word) | Q(email__icontains=word))
    return list(rows.order_by(Lower("name"), "pk")[:limit])


# The figures of the search ------------------------------------------------------------------
# Defined here once; the dashboard, the walkthrough, insights, the coach page and the emails all
# read them from here (README, "The figures").


@dataclass
class FunnelStep:
    key: str
    label: str
    count: int
    # Share of the step before (None for the first step, or when the step before is empty).
    rate: float | None


@dataclass(frozen=True)
class Figures:
    """What the search adds up to.

    - sent: applications that went out (not the ones only saved, or withdrawn before they went);
    - heard back: those the company answered at all, a "no" included;
    - interviewed: those that got as far as interviews;
    - offered: those that got an offer;
    - response rate: heard back out of sent; interview rate: interviewed out of sent;
    - waiting: applied, and no answer yet;
    - live: still in play (not rejected, withdrawn, ghosted or accepted).
    Each counts applications, whatever happened to them after (Application.reached never comes down).
    """

    sent: int = 0
    heard_back: int = 0
    interviewed: int = 0
    offered: int = 0
    waiting: int = 0
    live: int = 0

    @property
    def response_rate(self) -> float | None:
        return self.heard_back / self.sent if self.sent else None

    @property
    def interview_rate(self) -> float | None:
        return self.interviewed / self.sent if self.sent else None

    @property
    def funnel(self) -> list[FunnelStep]:
        steps, before = [], None
        for key, label in (
            ("sent", "Applied"),
            ("heard_back", "Heard back"),
            ("interviewed", "Interviewed"),
            ("offered", "Got an offer"),
        ):
            count = getattr(self, key)
            steps.append(FunnelStep(key, label, count, (count / before) if before else None))
            before = count
        return steps


FIGURES = ("sent", "heard_back", "interviewed", "offered", "waiting", "live")


def figure_counts() -> dict:
    """The aggregates behind Figures, over a person's applications (read from one index: how_many())."""
    reached = {"sent": Reached.SENT, "heard_back": Reached.HEARD_BACK, "interviewed": Reached.INTERVIEWED}
    counts = {key: how_many(Q(reached__gte=step)) for key, step in (*reached.items(), ("offered", Reached.OFFERED))}
    return counts | {"waiting": how_many(Q(status__in=AWAITING_REPLY)), "live": how_many(Q(status__in=LIVE))}


def figures_from(row: dict) -> Figures:
    return Figures(**{name: row[name] or 0 for name in FIGURES})


def figures(user) -> Figures:
    """The person's figures: one query."""
    return figures_from(Application.objects.for_user(user).aggregate(**figure_counts()))


@dataclass
class StageTime:
    status: str
    label: str
    median_days: float
    stays: int


def longest_median(times: list[StageTime]) -> float:
    return max((stage.median_days for stage in times), default=0)


# How long stages take: the latest stays of each stage that have ended (StageEvent.stay_days,
# written by the move that ended each), so a long history costs no more than a short one and the
# figure follows how the search goes now.
STAYS_READ = 200
# Stages where time spent means something: the endings are where an application stays.
TIMED_STAGES = [Status.SAVED, Status.APPLIED, Status.SCREENING, Status.INTERVIEWING, Status.OFFER]


def stage_times(user) -> list[StageTime]:
    """Median days an application stayed in each stage before it moved on, over the latest
    STAYS_READ ended stays of each, in pipeline order. One query, on an index."""
    stays = StageEvent.objects.filter(user=user, left_at__isnull=False).values_list("to_status", "stay_days")
    rows = in_one_query(
        stays, [stays.filter(to_status=stage).order_by("-left_at", "-pk")[:STAYS_READ] for stage in TIMED_STAGES]
    )
    by_stage: dict[str, list[float]] = defaultdict(list)
    for stage, days in rows:
        by_stage[stage].append(days)
    return [
        StageTime(stage, stage.label, median(by_stage[stage]), len(by_stage[stage]))
        for stage in TIMED_STAGES
        if by_stage[stage]
    ]
