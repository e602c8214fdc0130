"""Figures over the whole search: the pipeline and the recovery side read together.

Every function runs a fixed number of queries whatever the amount of data. Counting, grouping by
week or by day and medians of stays happen in the database; Python only walks rows that are
already one per day or one per week (bounded by the look-back windows below).
"""

import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median

from django.db import connection
from django.db.models import Avg, Count, DateField, Exists, ExpressionWrapper, F, Min, OuterRef, Q
from django.db.models.functions import TruncDate, TruncWeek

from jobhunt import selectors as jobhunt
from jobhunt.models import Application, Interview, Source, StageEvent, Status
from jobhunt.selectors import HEARD_BACK
from recovery.endings import Ending
from recovery.models import DecidingFactor, ImprovementAction, Journey, MoodCheckIn, WeeklyPlan, plan_week_start

WEEKS_SHOWN = 12
# The mood chart starts at the first check-in, showing four to twelve weeks.
MOOD_DAYS_SHOWN = (4 * 7, 12 * 7)
# Bounce-backs are read over the last year: one row per day at most.
RECOVERY_LOOKBACK_DAYS = 365
# "Usual" mood before a rejection: the median of the daily moods over the 30 days before it. A
# month is long enough to smooth out a bad day and short enough to follow how the person is now.
USUAL_WINDOW_DAYS = 30
# With fewer days of check-ins than this in that month, the median of every day of the year read
# stands in: two or three days say too little about what is usual.
MIN_USUAL_DAYS = 4
# A dip counts for a rejection when it starts within a week (and before the next rejection):
# a low day weeks later is about something else.
DIP_WITHIN_DAYS = 7
ACTIONS_PER_FACTOR = 3
BOUNCE_BACKS_SHOWN = 12
# The insights page lists the latest rejections of the year; the rest are on a page of their own.
REJECTIONS_LISTED = 20

# Pace guard. Ten applications in seven days is more than anyone can tailor well; with no reply at
# all for two weeks, the approach (CV, targeting, channel) is worth a look before the volume.
BURST_APPLICATIONS = 10
BURST_DAYS = 7
NO_REPLY_DAYS = 14
# Three rejections inside ten days is a heavy run to absorb: a short rest does more than pushing on.
REJECTION_RUN = 3
REJECTION_RUN_DAYS = 10


def _start_of_local_day(user, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=user.tzinfo)


def _moved_into(statuses, since: datetime) -> Q:
    """The application has a step into one of `statuses` since `since`. Its latest move
    (status_changed_at) is then that recent too: only those applications' timelines are read."""
    events = StageEvent.objects.filter(application=OuterRef("pk"), to_status__in=statuses, happened_at__gte=since)
    return Q(status_changed_at__gte=since) & Q(Exists(events))


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


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


PACE_COUNTS = ("sent_recently", "replies_recently", "rejections_recently")


def pace_counts(user, today: date) -> dict:
    """Aggregates over applications for the pace guard: sent in the last week, replies in the
    last two, rejections in the last ten days."""
    replied_since = _start_of_local_day(user, today - timedelta(days=NO_REPLY_DAYS - 1))
    rejected_since = _start_of_local_day(user, today - timedelta(days=REJECTION_RUN_DAYS - 1))
    sent = Q(date_applied__gt=today - timedelta(days=BURST_DAYS), date_applied__lte=today)
    return {
        "sent_recently": jobhunt.how_many(sent),
        "replies_recently": jobhunt.how_many(_moved_into(HEARD_BACK, replied_since)),
        "rejections_recently": jobhunt.how_many(_moved_into({Status.REJECTED}, rejected_since)),
    }


def pace_guard(user, today: date, *, counts: dict | None = None) -> PaceGuard:
    """The pace guard over the person's recent applications: one query, or none when the caller
    read pace_counts() already (along with other figures)."""
    if counts is None:
        counts = Application.objects.for_user(user).aggregate(**pace_counts(user, today))
    paused = user.reminders_paused_until
    return PaceGuard(
        **{name: counts[name] for name in PACE_COUNTS}, paused_until=paused if paused and paused >= today else None
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
        return _rate(self.heard_back, self.sent)

    @property
    def interview_rate(self) -> float | None:
        return _rate(self.interviewed, self.sent)


def counts_by_source(user) -> list[dict]:
    """The figures (jobhunt.selectors.Figures) per source, in one grouped query: the page's
    figures are their sums, so the applications are read once for both."""
    return list(Application.objects.for_user(user).values("source").annotate(**jobhunt.figure_counts()).order_by())


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
        .annotate(count=Count("pk"))
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


# Mood, pipeline events and bouncing back -------------------------------------------------------


@dataclass
class Day:
    day: date
    mood: float | None = None
    check_ins: int = 0
    rejections: int = 0
    interviews: int = 0
    offers: int = 0

    @property
    def has_events(self) -> bool:
        return bool(self.rejections or self.interviews or self.offers)


@dataclass(frozen=True)
class Setback:
    """The rejections of one day (usually one), with a company to name it by."""

    day: date
    rejections: int
    company: str


@dataclass
class BounceBack:
    setback: Setback
    # "steady": no dip; "back": dipped, then back to usual; "recovering": not back yet;
    # "unknown": no check-ins in the days after it (or none at all to call usual).
    state: str
    usual: float | None = None
    lowest: float | None = None
    # Days from the rejection to the first day back at the usual level (0 when steady), or the
    # days so far while recovering.
    days: int | None = None

    @property
    def measured(self) -> bool:
        return self.state in ("steady", "back")


def daily_moods(user, since: date) -> dict[date, tuple[float, int]]:
    """{local day: (average mood, check-ins)} from `since` on: one row per day, grouped in SQL."""
    rows = (
        MoodCheckIn.objects.for_user(user)
        .filter(created_at__gte=_start_of_local_day(user, since))
        .annotate(day=TruncDate("created_at", tzinfo=user.tzinfo))
        .values("day")
        .annotate(mood=Avg("mood"), count=Count("pk"))
        .order_by("day")
    )
    return {row["day"]: (round(float(row["mood"]), 2), row["count"]) for row in rows}


def pipeline_days(user, since: date) -> dict[date, dict]:
    """{local day: {"rejections", "offers", "company"}} from `since` on, grouped in SQL."""
    rows = (
        StageEvent.objects.filter(
            user=user,
            to_status__in=[Status.REJECTED, Status.OFFER],
            happened_at__gte=_start_of_local_day(user, since),
        )
        .annotate(day=TruncDate("happened_at", tzinfo=user.tzinfo))
        .values("day", "to_status")
        .annotate(count=Count("pk"), company=Min("application__company__name"))
        .order_by("day")
    )
    days: dict[date, dict] = {}
    for row in rows:
        entry = days.setdefault(row["day"], {"rejections": 0, "offers": 0, "company": ""})
        if row["to_status"] == Status.REJECTED:
            entry["rejections"], entry["company"] = row["count"], row["company"]
        else:
            entry["offers"] = row["count"]
    return days


def interview_days(user, since: date, today: date) -> dict[date, int]:
    """{local day: interviews held} between `since` and today (cancelled ones left out)."""
    rows = (
        Interview.objects.for_user(user)
        .exclude(outcome=Interview.Outcome.CANCELLED)
        .filter(
            scheduled_at__gte=_start_of_local_day(user, since),
            scheduled_at__lt=_start_of_local_day(user, today + timedelta(days=1)),
        )
        .annotate(day=TruncDate("scheduled_at", tzinfo=user.tzinfo))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by("day")
    )
    return {row["day"]: row["count"] for row in rows}


def bounce_backs(setbacks: list[Setback], moods: dict[date, float], today: date) -> list[BounceBack]:
    """After each rejection, how long until the mood was back to its usual level.

    - usual: the median daily mood over the USUAL_WINDOW_DAYS before the rejection; with fewer
      than MIN_USUAL_DAYS days of check-ins there, the median of every day given;
    - a dip: a day below usual within DIP_WITHIN_DAYS of the rejection (and before the next one);
      no such day means the mood held steady (0 days);
    - back: the first day after the dip at or above usual; the days counted run from the
      rejection to that day. No such day yet: still recovering.

    Works over rows that are already one per day, so the work is bounded by the days read.
    """
    days = sorted(moods)
    overall = median(moods.values()) if moods else None

    def between(start: date, end: date) -> list[date]:
        """Days with a mood in [start, end)."""
        return days[bisect.bisect_left(days, start) : bisect.bisect_left(days, end)]

    results = []
    for index, setback in enumerate(setbacks):
        before = [moods[day] for day in between(setback.day - timedelta(days=USUAL_WINDOW_DAYS), setback.day)]
        usual = median(before) if len(before) >= MIN_USUAL_DAYS else overall
        window_end = setback.day + timedelta(days=DIP_WITHIN_DAYS)
        if index + 1 < len(setbacks):
            window_end = min(window_end, setbacks[index + 1].day)
        window = between(setback.day, window_end)
        if usual is None or not window:
            results.append(BounceBack(setback, "unknown", usual))
            continue
        low = next((day for day in window if moods[day] < usual), None)
        if low is None:
            results.append(BounceBack(setback, "steady", usual, min(moods[day] for day in window), 0))
            continue
        after = between(low, today + timedelta(days=1))
        back = next((day for day in after if moods[day] >= usual), None)
        dip = after[: after.index(back)] if back else after
        lowest = min(moods[day] for day in dip)
        if back is None:
            results.append(BounceBack(setback, "recovering", usual, lowest, (today - setback.day).days))
        else:
            results.append(BounceBack(setback, "back", usual, lowest, (back - setback.day).days))
    return results


@dataclass
class Recovery:
    bounce_backs: list[BounceBack]

    @property
    def latest(self) -> BounceBack | None:
        """The most recent rejection that says something (a known state), else None."""
        return next((item for item in reversed(self.bounce_backs) if item.state != "unknown"), None)

    @property
    def earlier(self) -> list[BounceBack]:
        """Measured bounce-backs before the latest one, most recent first."""
        latest = self.latest
        if latest is None:
            return []
        position = self.bounce_backs.index(latest)
        return [item for item in reversed(self.bounce_backs[:position]) if item.measured]

    @property
    def previous(self) -> BounceBack | None:
        return next(iter(self.earlier), None)

    @property
    def longest(self) -> BounceBack | None:
        """The longest earlier one, when it is not the previous one (worth saying separately)."""
        earlier = self.earlier
        longest = max(earlier, key=lambda item: item.days, default=None)
        return longest if longest is not None and longest is not self.previous else None

    @property
    def last_rejection(self) -> Setback | None:
        return self.bounce_backs[-1].setback if self.bounce_backs else None

    @property
    def newest_first(self) -> list[BounceBack]:
        return self.bounce_backs[::-1]

    @property
    def latest_listed(self) -> list[BounceBack]:
        """The rejections the insights page lists, newest first (the year's are one page away)."""
        return self.bounce_backs[: -REJECTIONS_LISTED - 1 : -1]

    @property
    def listed_all(self) -> bool:
        return len(self.bounce_backs) <= REJECTIONS_LISTED

    @property
    def rejections(self) -> int:
        """Rejections over the year read (a day with two counts two)."""
        return sum(item.setback.rejections for item in self.bounce_backs)


def recovery(user, today: date, *, moods=None, events=None) -> Recovery:
    """Every rejection of the last year with its bounce-back. Two queries, or none when the
    caller already read the day rows (`moods` from daily_moods, `events` from pipeline_days)."""
    since = today - timedelta(days=RECOVERY_LOOKBACK_DAYS)
    if events is None:
        events = pipeline_days(user, since)
    if moods is None:
        moods = daily_moods(user, since - timedelta(days=USUAL_WINDOW_DAYS))
    setbacks = [
        Setback(day, entry["rejections"], entry["company"])
        for day, entry in sorted(events.items())
        if entry["rejections"] and day >= since
    ]
    return Recovery(bounce_backs(setbacks, {day: mood for day, (mood, _count) in moods.items()}, today))


def mood_window(moods, today: date) -> date:
    """The first day the mood chart shows: the first check-in, within MOOD_DAYS_SHOWN of today."""
    shortest, longest = MOOD_DAYS_SHOWN
    first = min(moods, default=today)
    days = min(max((today - first).days + 1, shortest), longest)
    return today - timedelta(days=days - 1)


def mood_days(start: date, today: date, *, moods, events, interviews) -> list[Day]:
    """Each day from `start` to today with its average mood (if any check-in) and pipeline events."""
    days = (today - start).days + 1
    rows = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        mood, count = moods.get(day, (None, 0))
        entry = events.get(day, {})
        rows.append(
            Day(
                day,
                mood,
                count,
                rejections=entry.get("rejections", 0),
                interviews=interviews.get(day, 0),
                offers=entry.get("offers", 0),
            )
        )
    return rows


# Feedback ledger -------------------------------------------------------------------------------


@dataclass
class FactorAction:
    title: str
    done: bool


@dataclass
class Factor:
    value: str
    label: str
    journeys: int
    actions: list[FactorAction] = field(default_factory=list)
    actions_total: int = 0
    actions_done: int = 0

    @property
    def recurs(self) -> bool:
        return self.journeys > 1

    @property
    def more_actions(self) -> int:
        return self.actions_total - len(self.actions)


@dataclass
class Ledger:
    rejections: int
    asked: int
    answered: int
    factors: list[Factor]

    @property
    def waiting(self) -> int:
        return self.asked - self.answered

    @property
    def answer_rate(self) -> float | None:
        return _rate(self.answered, self.asked)


# Each journey's deciding factors, one row per factor (a JSON list on the journey), per database.
_EACH_FACTOR = {
    "postgresql": (
        "jsonb_array_elements_text(CASE WHEN jsonb_typeof(j.deciding_factors) = 'array' "
        "THEN j.deciding_factors ELSE '[]'::jsonb END) AS f(value)"
    ),
    "sqlite": (
        "json_each(CASE WHEN json_type(j.deciding_factors) = 'array' THEN j.deciding_factors ELSE '[]' END) AS f"
    ),
}

# How many journeys named each factor, with the latest few improvement actions of those journeys
# (ROW_NUMBER per factor) and how many there are and are done: one row per factor and action.
_FACTORS_SQL = """
WITH named AS (
    SELECT DISTINCT j.id AS journey_id, f.value AS factor
    FROM {journey} j, {each_factor}
    WHERE j.user_id = %s
), counted AS (
    SELECT factor, COUNT(*) AS journeys FROM named GROUP BY factor
), actions AS (
    SELECT n.factor, a.title,
           CASE WHEN a.done_on IS NULL THEN 0 ELSE 1 END AS is_done,
           ROW_NUMBER() OVER (PARTITION BY n.factor ORDER BY a.created_at DESC, a.id DESC) AS position,
           COUNT(*) OVER (PARTITION BY n.factor) AS total,
           COUNT(a.done_on) OVER (PARTITION BY n.factor) AS done
    FROM named n
    JOIN {action} a ON a.journey_id = n.journey_id
)
SELECT c.factor, c.journeys, a.title, a.is_done, a.total, a.done
FROM counted c
LEFT JOIN actions a ON a.factor = c.factor AND a.position <= %s
ORDER BY c.journeys DESC, c.factor, a.position
"""


def deciding_factors(user) -> list[Factor]:
    """The deciding factors named after rejections, most frequent first, each with the latest
    improvement actions from the journeys that named it. One query."""
    quote = connection.ops.quote_name
    sql = _FACTORS_SQL.format(
        journey=quote(Journey._meta.db_table),
        action=quote(ImprovementAction._meta.db_table),
        each_factor=_EACH_FACTOR[connection.vendor],
    )
    factors: dict[str, Factor] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, ACTIONS_PER_FACTOR])
        for value, journeys, title, is_done, total, done in cursor.fetchall():
            if value not in DecidingFactor.values:
                continue
            factor = factors.setdefault(value, Factor(value, DecidingFactor(value).label, int(journeys)))
            if title is not None:
                factor.actions.append(FactorAction(title, bool(is_done)))
                factor.actions_total, factor.actions_done = int(total), int(done)
    return list(factors.values())


def feedback_ledger(user) -> Ledger:
    """Feedback asked for and answered after rejections (a silence's follow-up is not a feedback
    request), and the deciding factors that came out of it. Two queries."""
    counts = (
        Journey.objects.for_user(user)
        .exclude(ending=Ending.GHOSTED)
        .aggregate(
            rejections=Count("pk"),
            asked=Count("pk", filter=Q(request_sent_on__isnull=False)),
            answered=Count("pk", filter=Q(request_sent_on__isnull=False, feedback_received_on__isnull=False)),
        )
    )
    return Ledger(counts["rejections"], counts["asked"], counts["answered"], deciding_factors(user))


# The page --------------------------------------------------------------------------------------


@dataclass
class Overview:
    today: date
    figures: jobhunt.Figures
    pace: PaceGuard
    stage_times: list[jobhunt.StageTime]
    sources: list[SourceRow]
    weeks: list[Week]
    mood_days: list[Day]
    recovery: Recovery
    ledger: Ledger

    @property
    def has_applications(self) -> bool:
        return self.figures.sent > 0

    @property
    def this_week(self) -> Week:
        """The plan week today is in (the last one charted)."""
        return self.weeks[-1]

    @property
    def longest_median(self) -> float:
        return jobhunt.longest_median(self.stage_times)

    @property
    def check_ins(self) -> int:
        return sum(day.check_ins for day in self.mood_days)

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
    def shown_events(self) -> dict[str, int]:
        return {
            "rejections": sum(day.rejections for day in self.mood_days),
            "interviews": sum(day.interviews for day in self.mood_days),
            "offers": sum(day.offers for day in self.mood_days),
        }

    @property
    def days_since_rejection(self) -> int | None:
        last = self.recovery.last_rejection
        return (self.today - last.day).days if last else None

    @property
    def usual_mood(self) -> float | None:
        """The median daily mood over the days shown (the dashed line on the mood chart)."""
        moods = [day.mood for day in self.mood_days if day.mood is not None]
        return median(moods) if moods else None

    @property
    def event_days(self) -> list[Day]:
        return [day for day in self.mood_days if day.has_events]

    @property
    def charted_bounce_backs(self) -> list[BounceBack]:
        """The latest rejections that have a number of days to draw (unknown ones are only listed)."""
        return [item for item in self.recovery.bounce_backs if item.days is not None][-BOUNCE_BACKS_SHOWN:]


def overview(user, today: date) -> Overview:
    """Everything the insights page shows, in a fixed number of queries."""
    since = today - timedelta(days=RECOVERY_LOOKBACK_DAYS)
    moods = daily_moods(user, since - timedelta(days=USUAL_WINDOW_DAYS))
    events = pipeline_days(user, since)
    shown_from = mood_window(moods, today)
    sources = counts_by_source(user)
    return Overview(
        today=today,
        figures=jobhunt.figures_from({name: sum(row[name] for row in sources) for name in jobhunt.FIGURES}),
        pace=pace_guard(user, today),
        stage_times=jobhunt.stage_times(user),
        sources=by_source(user, sources),
        weeks=weekly_applications(user, today),
        mood_days=mood_days(
            shown_from, today, moods=moods, events=events, interviews=interview_days(user, shown_from, today)
        ),
        recovery=recovery(user, today, moods=moods, events=events),
        ledger=feedback_ledger(user),
    )
