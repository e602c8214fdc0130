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
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from jobhunt.models import (
    AWAITING_REPLY,
    FOLLOW_UP_AFTER_DAYS,
    LIVE,
    RESPONDED,
    Application,
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
    """A week or more since applying, no answer, not yet gone silent (that list comes separately)."""
    return Q(status=Status.APPLIED, date_applied__lte=today - timedelta(days=FOLLOW_UP_AFTER_DAYS)) & ~gone_silent_q(
        user, today
    )


# Today (the dashboard's pipeline part) ---------------------------------------------------------

TODAY_LIST_SIZE = 5
# Interviews the dashboard lists: the coming week.
INTERVIEWS_AHEAD_DAYS = 7


@dataclass
class Today:
    total: int
    live: int
    follow_up_count: int
    follow_ups: list[Application]
    gone_silent_count: int
    gone_silent: list[Application]
    interviews: list[Interview]

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
    return rows.select_related("application__company").order_by("scheduled_at", "pk")


def today(user, *, today: date | None = None, now: datetime | None = None) -> Today:
    """What needs the person now: follow-ups due, silences, the coming week's interviews. Three queries."""
    today = today or user.local_today()
    now = now or timezone.now()
    applications = Application.objects.for_user(user)
    silent, follow_up = gone_silent_q(user, today), follow_up_q(user, today)
    counts = applications.aggregate(
        total=Count("pk"),
        live=Count("pk", filter=Q(status__in=LIVE)),
        follow_up=Count("pk", filter=follow_up),
        silent=Count("pk", filter=silent),
    )
    with_company = applications.select_related("company")
    rows = in_one_query(
        with_company,
        [
            with_company.filter(follow_up).order_by("date_applied", "pk")[:TODAY_LIST_SIZE],
            with_company.filter(silent).order_by("status_changed_at", "pk")[:TODAY_LIST_SIZE],
        ],
    )
    # One list or the other: a follow-up is an application that has not gone silent yet.
    silent_since = silence_cutoff(user, today)
    gone_silent = sorted((row for row in rows if row.status_changed_at < silent_since), key=_by("status_changed_at"))
    follow_ups = sorted((row for row in rows if row.status_changed_at >= silent_since), key=_by("date_applied"))
    week_ahead = upcoming_interviews(user, now=now, until=now + timedelta(days=INTERVIEWS_AHEAD_DAYS))
    return Today(
        total=counts["total"],
        live=counts["live"],
        follow_up_count=counts["follow_up"],
        follow_ups=follow_ups,
        gone_silent_count=counts["silent"],
        gone_silent=gone_silent,
        interviews=list(week_ahead[:TODAY_LIST_SIZE]),
    )


def still_in_play(user, *, besides: Application, limit: int = TODAY_LIST_SIZE * 4) -> tuple[list[Application], int]:
    """The person's other applications still in play (after an accepted offer: the ones to close),
    latest moves first, and how many there are. Two queries."""
    rows = Application.objects.for_user(user).live().exclude(pk=besides.pk)
    return list(rows.select_related("company").order_by("-status_changed_at", "-pk")[:limit]), rows.count()


# Board -----------------------------------------------------------------------------------------


# Cards shown per column; the rest are a "N more" link to the list filtered on that stage.
BOARD_COLUMN_SIZE = 20
# What a card shows (jobhunt_tags.board_cards) and how a column is ordered: only these are read.
BOARD_CARD_FIELDS = ("role_title", "location", "interest", "status", "status_changed_at", "company__name")


@dataclass
class Column:
    status: str
    label: str
    applications: list[Application] = field(default_factory=list)
    # Every application in this stage, shown or not.
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.applications)


def board(user, *, size: int = BOARD_COLUMN_SIZE) -> list[Column]:
    """A column per status, in pipeline order, each with its latest `size` moves first and its total.

    Two queries whatever the number of applications: the totals, and each stage's latest cards
    in one statement.
    """
    mine = Application.objects.for_user(user)
    totals = dict(mine.order_by().values_list("status").annotate(total=Count("pk")))
    columns = {status: Column(status, label, total=totals.get(status, 0)) for status, label in Status.choices}
    recent = ["-status_changed_at", "-pk"]
    with_company = mine.select_related("company").only(*BOARD_CARD_FIELDS)
    cards = in_one_query(
        with_company, [with_company.filter(status=status).order_by(*recent)[:size] for status in totals]
    )
    for application in sorted(cards, key=_by("status_changed_at"), reverse=True):
        columns[application.status].applications.append(application)
    return list(columns.values())


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


def figure_counts(path: str = "") -> dict:
    """The aggregates behind Figures, over applications; `path` leads from the rows aggregated to
    the application ("applications__" from a person)."""
    reached = {"sent": Reached.SENT, "heard_back": Reached.HEARD_BACK, "interviewed": Reached.INTERVIEWED}
    counts = {
        key: Count(f"{path}pk", filter=Q(**{f"{path}reached__gte": step}))
        for key, step in (*reached.items(), ("offered", Reached.OFFERED))
    }
    return counts | {
        "waiting": Count(f"{path}pk", filter=Q(**{f"{path}status__in": AWAITING_REPLY})),
        "live": Count(f"{path}pk", filter=Q(**{f"{path}status__in": LIVE})),
    }


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
