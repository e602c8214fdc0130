"""The search itself: the figures and the funnel, where replies come from, how long stages take,
applications per week against the plan, and the pace guard."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, DateField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncWeek

from insights.selectors.common import rate, start_of_local_day
from jobhunt import selectors as jobhunt
from jobhunt.models import Application, Source, StageEvent, Status
from jobhunt.selectors import HEARD_BACK
from recovery.models import WeeklyPlan, plan_week_start

WEEKS_SHOWN = 12

# Pace guard. Ten applications in seven days is more than anyone can tailor well; with no reply at
# all for two weeks, the approach (CV, targeting, channel) is worth a look before the volume.
BURST_APPLICATIONS = 10
BURST_DAYS = 7
NO_REPLY_DAYS = 14
# Three rejections inside ten days is a heavy run to absorb: a short rest does more than pushing on.
REJECTION_RUN = 3
REJECTION_RUN_DAYS = 10


# Key figures and the pace guard ----------------------------------------------------------------


@dataclass
class PaceGuard:
    sent_recently: int
    replies_recently: int
    rejections_recently: int
    paused_until: date | None

    # The windows, for the message.
    burst_days = BURST_DAYS
    no_reply_days = NO_REPLY_DAYS
    run_days = REJECTION_RUN_DAYS

    @property
    def burst(self) -> bool:
        """Many applications this week and no company has answered anything for two weeks."""
        return self.sent_recently >= BURST_APPLICATIONS and self.replies_recently == 0

    @property
    def rejection_run(self) -> bool:
        return self.rejections_recently >= REJECTION_RUN

    @property
    def triggered(self) -> bool:
        return self.burst or self.rejection_run


def sent_recently(today: date) -> Count:
    """The aggregate over the person's applications that counts those sent in the last week (the
    caller reads it along with its own figures and hands it to pace_guard)."""
    return jobhunt.how_many(Q(date_applied__gt=today - timedelta(days=BURST_DAYS), date_applied__lte=today))


def pace_guard(user, today: date, *, sent: int | None = None) -> PaceGuard:
    """The pace guard: replies and rejections from the person's own moves of the last two weeks
    (one query, an index range), the applications sent this week from the caller's figures
    (`sent`, read with sent_recently) or from one more query.

    A reply is a move into a stage that means the company answered (a rejection too), counted
    once per application; a rejection, a move into "rejected"."""
    replied_since = start_of_local_day(user, today - timedelta(days=NO_REPLY_DAYS - 1))
    rejected_since = start_of_local_day(user, today - timedelta(days=REJECTION_RUN_DAYS - 1))
    moves = StageEvent.objects.filter(user=user, to_status__in=HEARD_BACK, happened_at__gte=replied_since).aggregate(
        replies=Count("application", distinct=True),
        rejections=Count(
            "application", distinct=True, filter=Q(to_status=Status.REJECTED, happened_at__gte=rejected_since)
        ),
    )
    if sent is None:
        sent = Application.objects.for_user(user).aggregate(sent=sent_recently(today))["sent"]
    paused = user.reminders_paused_until
    return PaceGuard(
        sent_recently=sent,
        replies_recently=moves["replies"],
        rejections_recently=moves["rejections"],
        paused_until=paused if paused and paused >= today else None,
    )


# Response rate by source -----------------------------------------------------------------------


@dataclass
class SourceRow:
    source: str
    label: str
    sent: int
    heard_back: int
    interviewed: int

    @property
    def response_rate(self) -> float | None:
        return rate(self.heard_back, self.sent)

    @property
    def interview_rate(self) -> float | None:
        return rate(self.interviewed, self.sent)


def counts_by_source(user, **also) -> list[dict]:
    """The figures (jobhunt.selectors.Figures) per source, in one grouped query: the page's
    figures are their sums, so the applications are read once for both (and `also`'s counts)."""
    rows = Application.objects.for_user(user).values("source").annotate(**jobhunt.figure_counts(), **also)
    return list(rows.order_by())


def by_source(user, rows: list[dict] | None = None) -> list[SourceRow]:
    """Per source (referral, job board…): sent, heard back and interviewed (from counts_by_source).

    Applications with no source recorded come last: they say nothing about where replies come
    from, yet leaving them out would make these counts disagree with the funnel's.
    """
    rows = {row["source"]: row for row in (counts_by_source(user) if rows is None else rows)}
    order = sorted(Source.choices, key=lambda choice: choice[0] == Source.UNKNOWN)
    return [
        SourceRow(source, label, rows[source]["sent"], rows[source]["heard_back"], rows[source]["interviewed"])
        for source, label in order
        if source in rows and rows[source]["sent"]
    ]


# Applications per week -------------------------------------------------------------------------


@dataclass
class Week:
    start: date
    applications: int
    target: int | None

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.applications >= self.target


def weekly_applications(user, today: date, weeks: int = WEEKS_SHOWN) -> list[Week]:
    """Applications sent in each plan week (weeks start on the person's plan day, like their weekly
    plan), oldest first, with that week's applications target where a plan was made."""
    current = plan_week_start(user, today)
    first = current - timedelta(weeks=weeks - 1)
    # TruncWeek starts weeks on Monday: shift each date back by the plan day, truncate, and the
    # Monday found plus the same shift is the plan week's first day.
    shift = timedelta(days=user.weekly_plan_day)
    shifted = ExpressionWrapper(F("date_applied") - shift, output_field=DateField())
    counts = {
        row["week"] + shift: row["count"]
        for row in Application.objects.for_user(user)
        .filter(date_applied__range=(first, current + timedelta(days=6)))
        .annotate(week=TruncWeek(shifted, output_field=DateField()))
        .values("week")
        # Counted on the user column, like jobhunt.selectors.how_many: the (user, date_applied)
        # index alone answers it.
        .annotate(count=jobhunt.how_many())
        .order_by()
    }
    targets = {}
    for week_start, target in (
        WeeklyPlan.objects.for_user(user)
        .filter(week_start__range=(first - timedelta(days=6), current + timedelta(days=6)))
        .order_by("week_start")
        .values_list("week_start", "applications_target")
    ):
        # A plan made before the plan day changed still belongs to the week it falls in.
        targets[plan_week_start(user, week_start)] = target
    starts = [first + timedelta(weeks=n) for n in range(weeks)]
    return [Week(start, counts.get(start, 0), targets.get(start)) for start in starts]


# The page ----------------------------------------------------------------------------------------


@dataclass
class SearchPage:
    today: date
    figures: jobhunt.Figures
    pace: PaceGuard
    stage_times: list[jobhunt.StageTime]
    sources: list[SourceRow]
    weeks: list[Week]

    @property
    def has_applications(self) -> bool:
        return self.figures.sent > 0

    @property
    def this_week(self) -> Week:
        """The plan week today is in (the last one charted)."""
        return self.weeks[-1]

    @property
    def weeks_total(self) -> int:
        return sum(week.applications for week in self.weeks)

    @property
    def weeks_planned(self) -> int:
        return sum(week.target is not None for week in self.weeks)

    @property
    def weeks_met(self) -> int:
        return sum(bool(week.met) for week in self.weeks)


def search_page(user, today: date) -> SearchPage:
    """The figures, the funnel and sources (one grouped statement: the figures are its sums), the
    pace guard, stage times, the weeks against their targets: five queries."""
    sources = counts_by_source(user, sent_recently=sent_recently(today))
    return SearchPage(
        today=today,
        figures=jobhunt.figures_from({name: sum(row[name] for row in sources) for name in jobhunt.FIGURES}),
        pace=pace_guard(user, today, sent=sum(row["sent_recently"] for row in sources)),
        stage_times=jobhunt.stage_times(user),
        sources=by_source(user, sources),
        weeks=weekly_applications(user, today),
    )
