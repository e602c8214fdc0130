"""Mood next to what happened in the search, and how quickly the person bounced back after each
rejection. Grouping by day happens in the database; Python walks rows already one per day."""

import bisect
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, cached_property
from statistics import median

from django.db import connection

from core import sql
from insights.selectors.common import counted, day_month, one_decimal, start_of_local_day
from jobhunt.models import Status

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
BOUNCE_BACKS_SHOWN = 12
# The mood page lists the latest rejections of the year; the rest are on a page of their own.
REJECTIONS_LISTED = 20


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

    @property
    def label(self) -> str:
        """ "Mon 3 Mar"."""
        return f"{self.day:%a} {day_month(self.day)}"

    @property
    def mood_shown(self) -> str:
        return one_decimal(self.mood)

    @property
    def happened(self) -> str:
        """What happened in the search that day, in words ("1 rejection, 2 interviews")."""
        events = (("rejection", self.rejections), ("interview", self.interviews), ("offer", self.offers))
        return ", ".join(counted(count, thing) for thing, count in events if count)


@dataclass(frozen=True)
class Setback:
    """The rejections of one day (usually one), with one of their applications to name it by
    (its company's name is read for the setbacks shown: name_the_companies)."""

    day: date
    rejections: int
    application_id: int | None = None
    company: str = ""

    @property
    def described(self) -> str:
        """ "Acme said no on 3 Mar", or "2 rejections on 3 Mar"."""
        if self.rejections > 1:
            return f"{self.rejections} rejections on {day_month(self.day)}"
        return f"{self.company} said no on {day_month(self.day)}"


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

    @property
    def outcome(self) -> str:
        """How it went, in a few words ("3 days", "Held steady")."""
        if self.state == "back":
            return counted(self.days, "day")
        if self.state == "steady":
            return "Held steady"
        if self.state == "recovering":
            return f"On the way back ({counted(self.days, 'day')} so far)"
        return "No check-ins around then"

    @property
    def usual_shown(self) -> str:
        return one_decimal(self.usual)

    @property
    def lowest_shown(self) -> str:
        return one_decimal(self.lowest)


# Each statement groups one person's rows by local day (core.sql.local_day, the person's time
# zone as `tz`), one row a day: Python then walks at most a year of days.
@cache
def _statements(vendor: str) -> dict[str, str]:
    return {
        "moods": f"""
            SELECT {sql.local_day("created_at")} AS day, AVG(mood), COUNT(*)
              FROM recovery_moodcheckin
             WHERE user_id = %(user)s AND created_at >= %(since)s
             GROUP BY 1
             ORDER BY 1""",  # noqa: S608 (constants only)
        # The person's own steps alone: an index range, no join to their applications.
        "moves": f"""
            SELECT {sql.local_day("happened_at")} AS day, to_status, COUNT(*), MIN(application_id)
              FROM jobhunt_stageevent
             WHERE user_id = %(user)s AND to_status IN ('rejected', 'offer') AND happened_at >= %(since)s
             GROUP BY 1, 2
             ORDER BY 1""",  # noqa: S608 (constants only)
        "interviews": f"""
            SELECT {sql.local_day("scheduled_at")} AS day, COUNT(*)
              FROM jobhunt_interview
             WHERE user_id = %(user)s AND outcome <> 'cancelled'
               AND scheduled_at >= %(since)s AND scheduled_at < %(until)s
             GROUP BY 1
             ORDER BY 1""",  # noqa: S608 (constants only)
    }


def _by_day(statement: str, user, since: date, **params) -> list[tuple]:
    found = sql.rows(
        _statements(connection.vendor)[statement],
        user=user.pk,
        tz=str(user.tzinfo),
        since=start_of_local_day(user, since),
        **params,
    )
    return [(sql.day(day), *rest) for day, *rest in found]


def daily_moods(user, since: date) -> dict[date, tuple[float, int]]:
    """{local day: (average mood, check-ins)} from `since` on: one row per day, grouped in SQL."""
    return {day: (round(float(mood), 2), count) for day, mood, count in _by_day("moods", user, since)}


def pipeline_days(user, since: date) -> dict[date, dict]:
    """{local day: {"rejections", "offers", "application"}} from `since` on, grouped in SQL."""
    days: dict[date, dict] = {}
    for day, to_status, count, application in _by_day("moves", user, since):
        entry = days.setdefault(day, {"rejections": 0, "offers": 0, "application": None})
        if to_status == Status.REJECTED:
            entry["rejections"], entry["application"] = count, application
        else:
            entry["offers"] = count
    return days


_COMPANY_NAMES = """
    SELECT application.id, company.name
      FROM jobhunt_application application
      JOIN jobhunt_company company ON company.id = application.company_id
     WHERE {match}
"""


def name_the_companies(items: list["BounceBack"]) -> None:
    """The company of each setback about to be shown, by name: one query for them all."""
    ids = {item.setback.application_id for item in items if item.setback.application_id}
    named = _COMPANY_NAMES.format(match=sql.id_in("application.id", sorted(ids)))
    names = dict(sql.rows(named, prepare=False)) if ids else {}
    for item in items:
        item.setback = replace(item.setback, company=names.get(item.setback.application_id, ""))


def interview_days(user, since: date, today: date) -> dict[date, int]:
    """{local day: interviews held} between `since` and today (cancelled ones left out)."""
    until = start_of_local_day(user, today + timedelta(days=1))
    return dict(_by_day("interviews", user, since, until=until))


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

    @cached_property
    def latest(self) -> BounceBack | None:
        """The most recent rejection that says something (a known state), else None."""
        return next((item for item in reversed(self.bounce_backs) if item.state != "unknown"), None)

    @cached_property
    def earlier(self) -> list[BounceBack]:
        """Measured bounce-backs before the latest one, most recent first."""
        latest = self.latest
        if latest is None:
            return []
        position = self.bounce_backs.index(latest)
        return [item for item in reversed(self.bounce_backs[:position]) if item.measured]

    @cached_property
    def previous(self) -> BounceBack | None:
        return next(iter(self.earlier), None)

    @cached_property
    def longest(self) -> BounceBack | None:
        """The longest earlier one, when it is not the previous one (worth saying separately)."""
        earlier = self.earlier
        longest = max(earlier, key=lambda item: item.days, default=None)
        return longest if longest is not None and longest is not self.previous else None

    @cached_property
    def last_rejection(self) -> Setback | None:
        return self.bounce_backs[-1].setback if self.bounce_backs else None

    @cached_property
    def newest_first(self) -> list[BounceBack]:
        return self.bounce_backs[::-1]

    @cached_property
    def latest_listed(self) -> list[BounceBack]:
        """The rejections the insights page lists, newest first (the year's are one page away)."""
        return self.bounce_backs[: -REJECTIONS_LISTED - 1 : -1]

    @cached_property
    def listed_all(self) -> bool:
        return len(self.bounce_backs) <= REJECTIONS_LISTED

    @cached_property
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
        Setback(day, entry["rejections"], entry["application"])
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


# The page ----------------------------------------------------------------------------------------


@dataclass
class MoodPage:
    today: date
    mood_days: list[Day]
    recovery: Recovery

    @cached_property
    def check_ins(self) -> int:
        return sum(day.check_ins for day in self.mood_days)

    @cached_property
    def shown_events(self) -> dict[str, int]:
        return {
            "rejections": sum(day.rejections for day in self.mood_days),
            "interviews": sum(day.interviews for day in self.mood_days),
            "offers": sum(day.offers for day in self.mood_days),
        }

    @cached_property
    def summary(self) -> str:
        """The mood chart in a sentence (its label, and the line under it)."""
        usual = f", usual mood {one_decimal(self.usual_mood)} out of 5" if self.usual_mood is not None else ""
        events = self.shown_events
        kinds = (("rejections", "rejection"), ("interviews", "interview"), ("offers", "offer"))
        happened = ", ".join(counted(events[key], thing) for key, thing in kinds)
        return f"Last {len(self.mood_days)} days: {counted(self.check_ins, 'check-in')}{usual}; {happened}."

    @cached_property
    def days_since_rejection(self) -> int | None:
        last = self.recovery.last_rejection
        return (self.today - last.day).days if last else None

    @cached_property
    def usual_mood(self) -> float | None:
        """The median daily mood over the days shown (the dashed line on the mood chart)."""
        moods = [day.mood for day in self.mood_days if day.mood is not None]
        return median(moods) if moods else None

    @cached_property
    def event_days(self) -> list[Day]:
        return [day for day in self.mood_days if day.has_events]

    @cached_property
    def table_days(self) -> list[Day]:
        """The days the mood chart's table lists: a check-in or something that happened."""
        return [day for day in self.mood_days if day.mood is not None or day.has_events]

    @cached_property
    def charted_bounce_backs(self) -> list[BounceBack]:
        """The latest rejections that have a number of days to draw (unknown ones are only listed)."""
        return [item for item in self.recovery.bounce_backs if item.days is not None][-BOUNCE_BACKS_SHOWN:]


def mood_page(user, today: date) -> MoodPage:
    """The year's daily moods and rejections, the interviews of the days charted, and the names of
    the companies of the rejections shown: four queries."""
    since = today - timedelta(days=RECOVERY_LOOKBACK_DAYS)
    moods = daily_moods(user, since - timedelta(days=USUAL_WINDOW_DAYS))
    events = pipeline_days(user, since)
    shown_from = mood_window(moods, today)
    found = recovery(user, today, moods=moods, events=events)
    named = {id(item): item for item in [*found.latest_listed, found.latest, found.previous, found.longest] if item}
    name_the_companies(list(named.values()))
    return MoodPage(
        today=today,
        mood_days=mood_days(
            shown_from, today, moods=moods, events=events, interviews=interview_days(user, shown_from, today)
        ),
        recovery=found,
    )
