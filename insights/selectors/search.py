"""The search itself: the figures and the funnel, where replies come from, how long stages take,
applications per week against the plan, and the pace guard."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q

from core import sql
from insights.selectors.common import Rates, counted, start_of_local_day
from insights.selectors.documents import (
    FEW_SENT,
    CvVersion,
    OfferAgainstAsk,
    cv_versions,
    offers_against_asks,
    offers_summary,
)
from jobhunt import selectors as jobhunt
from jobhunt.models import Application, Reached, Source
from jobhunt.selectors import HEARD_BACK
from recovery.models import plan_week_start

WEEKS_SHOWN = 12

# Pace guard. Ten applications in seven days is more than anyone can tailor well; with no reply at
# all for two weeks, the approach (CV, targeting, channel) is worth a look before the volume.
BURST_APPLICATIONS = 10
BURST_DAYS = 7
NO_REPLY_DAYS = 14
# Three rejections inside ten days is a heavy run to absorb: a short rest does more than pushing on.
REJECTION_RUN = 3
REJECTION_RUN_DAYS = 10
# A good run gone quiet: at least GOOD_RUN_ACTIVE_DAYS active days (an application sent, a
# conversation held) in the GOOD_RUN_WINDOW days before the last QUIET_DAYS whole days, and none
# since (today so far included). Abel et al. 2017: a concrete plan is what helps, so the note
# offers one small step for tomorrow, never a reproach.
GOOD_RUN_ACTIVE_DAYS = 3
GOOD_RUN_WINDOW = 7
QUIET_DAYS = 2


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

    # A good run, then quiet: the days with something sent or a conversation held, in the
    # GOOD_RUN_WINDOW days before the last QUIET_DAYS (and whether those were all quiet).
    good_run_days: int = 0
    quiet_since_good_run: bool = False

    @property
    def after_a_good_run(self) -> bool:
        """Several active days, then two quiet ones: time for one small step, never a telling-off."""
        return self.quiet_since_good_run and self.good_run_days >= GOOD_RUN_ACTIVE_DAYS


def burst_days(today: date) -> tuple[date, date]:
    """The pace guard's window of applications sent: the last BURST_DAYS days, today included."""
    return today - timedelta(days=BURST_DAYS - 1), today


def sent_recently(today: date) -> Count:
    """The aggregate over the person's applications that counts those sent in the last week (the
    caller reads it along with its own figures and hands it to pace_guard)."""
    return jobhunt.how_many(Q(date_applied__range=burst_days(today)))


# The moves of the last two weeks that mean a company answered (a rejection too), each
# application once; and the rejections among them in the shorter window.
_PACE_MOVES = f"""
    SELECT COUNT(DISTINCT application_id),
           COUNT(DISTINCT application_id) FILTER (WHERE to_status = 'rejected' AND happened_at >= %(rejected_since)s)
      FROM jobhunt_stageevent
     WHERE user_id = %(user)s AND to_status IN ({sql.among(HEARD_BACK)}) AND happened_at >= %(replied_since)s
"""  # noqa: S608 (constants only)


# The days a person was active (an application sent, a conversation held) in a window of days.
_ACTIVE_DAYS = """
    SELECT date_applied FROM jobhunt_application
     WHERE user_id = %(user)s AND date_applied BETWEEN %(first)s AND %(last)s AND reached >= %(sent)s
    UNION
    SELECT day FROM jobhunt_outreach WHERE user_id = %(user)s AND day BETWEEN %(first)s AND %(last)s
"""


def pace_guard(user, today: date, *, sent: int | None = None, good_run: bool = False) -> PaceGuard:
    """The pace guard: replies and rejections from the person's own moves of the last two weeks
    (one query, an index range; core.sql, as it is on the dashboard), the applications sent this
    week from the caller's figures (`sent`, counted in burst_days) or from one more query; with
    `good_run` (Today), the active days that tell a good run gone quiet, in one more."""
    replies, rejections = sql.one(
        _PACE_MOVES,
        user=user.pk,
        replied_since=start_of_local_day(user, today - timedelta(days=NO_REPLY_DAYS - 1)),
        rejected_since=start_of_local_day(user, today - timedelta(days=REJECTION_RUN_DAYS - 1)),
    )
    if sent is None:
        sent = Application.objects.for_user(user).aggregate(sent=sent_recently(today))["sent"]
    paused = user.reminders_paused_until
    quiet_from = today - timedelta(days=QUIET_DAYS)
    run_from = quiet_from - timedelta(days=GOOD_RUN_WINDOW)
    days = sql.rows(_ACTIVE_DAYS, user=user.pk, first=run_from, last=today, sent=Reached.SENT) if good_run else []
    active = {sql.day(day) for (day,) in days}
    return PaceGuard(
        sent_recently=sent,
        replies_recently=replies,
        rejections_recently=rejections,
        paused_until=paused if paused and paused >= today else None,
        good_run_days=sum(1 for day in active if day < quiet_from),
        quiet_since_good_run=good_run and not any(day >= quiet_from for day in active),
    )


# Response rate by source -----------------------------------------------------------------------


@dataclass
class SourceRow(Rates):
    source: str
    label: str
    sent: int
    heard_back: int
    interviewed: int


# The figures per source (jobhunt's FIGURE_COUNTS_SQL) and the applications sent in the pace
# guard's window: the page's figures are their sums, so the applications are read once for both.
_BY_SOURCE = f"""
    SELECT source, {jobhunt.FIGURE_COUNTS_SQL},
           COUNT(*) FILTER (WHERE date_applied BETWEEN %(recent_from)s AND %(recent_to)s)
      FROM jobhunt_application
     WHERE user_id = %(user)s
     GROUP BY source
"""  # noqa: S608 (constants only)


@dataclass(frozen=True)
class SourceCounts:
    figures: jobhunt.Figures
    sent_recently: int


def counts_by_source(user, today: date) -> dict[str, SourceCounts]:
    """Each source's figures (jobhunt.selectors.Figures) and applications sent in the last week
    (burst_days): one grouped query."""
    recent_from, recent_to = burst_days(today)
    return {
        source: SourceCounts(jobhunt.Figures(*counts), sent_recently)
        for source, *counts, sent_recently in sql.rows(
            _BY_SOURCE, user=user.pk, recent_from=recent_from, recent_to=recent_to
        )
    }


def by_source(user, counts: dict[str, SourceCounts] | None = None) -> list[SourceRow]:
    """Per source (referral, job board…): sent, heard back and interviewed (from counts_by_source).

    Applications with no source recorded come last: they say nothing about where replies come
    from, yet leaving them out would make these counts disagree with the funnel's.
    """
    counts = counts_by_source(user, user.local_today()) if counts is None else counts
    order = sorted(Source.choices, key=lambda choice: choice[0] == Source.UNKNOWN)
    return [
        SourceRow(source, label, found.sent, found.heard_back, found.interviewed)
        for source, label in order
        if (found := counts.get(source, SourceCounts(jobhunt.Figures(), 0)).figures).sent
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


# Applications sent per day over the weeks shown (a range of the (user, date_applied) index);
# Python adds the days up into plan weeks, which start on the person's own plan day.
_SENT_PER_DAY = """
    SELECT date_applied, COUNT(*) FROM jobhunt_application
     WHERE user_id = %(user)s AND date_applied BETWEEN %(first)s AND %(last)s
     GROUP BY date_applied
"""
_TARGETS = """
    SELECT week_start, applications_target FROM recovery_weeklyplan
     WHERE user_id = %(user)s AND week_start BETWEEN %(first)s AND %(last)s
     ORDER BY week_start
"""


def weekly_applications(user, today: date, weeks: int = WEEKS_SHOWN) -> list[Week]:
    """Applications sent in each plan week (weeks start on the person's plan day, like their weekly
    plan), oldest first, with that week's applications target where a plan was made. Two queries."""
    current = plan_week_start(user, today)
    first = current - timedelta(weeks=weeks - 1)
    counts: dict[date, int] = defaultdict(int)
    for day, count in sql.rows(_SENT_PER_DAY, user=user.pk, first=first, last=current + timedelta(days=6)):
        counts[first + timedelta(weeks=(day - first).days // 7)] += count
    targets = {}
    for week_start, target in sql.rows(
        _TARGETS, user=user.pk, first=first - timedelta(days=6), last=current + timedelta(days=6)
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
    # What was sent against what came back (insights.selectors.documents).
    cv_versions: list[CvVersion] = field(default_factory=list)
    offers: list[OfferAgainstAsk] = field(default_factory=list)

    few_sent = FEW_SENT  # fewer sent with a version than this, and its rates are too few to compare

    @property
    def has_applications(self) -> bool:
        return self.figures.sent > 0

    @property
    def offers_summary(self) -> str:
        return offers_summary(self.offers)

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

    @property
    def weeks_summary(self) -> str:
        """The weeks chart in a sentence (its label, and the line under it)."""
        week = self.this_week
        target = f" of a target of {week.target}" if week.target is not None else ""
        met = (
            f", target met in {self.weeks_met} of {counted(self.weeks_planned, 'planned week')}"
            if self.weeks_planned
            else ""
        )
        return (
            f"This week: {week.applications} sent{target}. Over {len(self.weeks)} weeks: {self.weeks_total} sent{met}."
        )


def search_page(user, today: date) -> SearchPage:
    """The figures, the funnel and sources (one grouped statement: the figures are its sums), the
    pace guard, stage times, the weeks against their targets, replies by CV version, offers against
    asks: seven queries."""
    sources = counts_by_source(user, today)
    totals = [sum(getattr(found.figures, name) for found in sources.values()) for name in jobhunt.FIGURES]
    return SearchPage(
        today=today,
        figures=jobhunt.Figures(*totals),
        pace=pace_guard(user, today, sent=sum(found.sent_recently for found in sources.values())),
        stage_times=jobhunt.stage_times(user),
        sources=by_source(user, sources),
        weeks=weekly_applications(user, today),
        cv_versions=cv_versions(user),
        offers=offers_against_asks(user),
    )
