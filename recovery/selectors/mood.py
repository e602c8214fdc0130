"""The mood trend on the stay-positive step, and whether extra support shows."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from core import charts, sql
from recovery.models import LOW_MOOD, LOW_MOOD_RUN, MoodCheckIn

MOOD_TREND_DAYS = 28


def _local_day(moment, tzinfo) -> date:
    return timezone.localtime(moment, tzinfo).date()


# The check-ins of the trend's window, and the latest few whenever they were (core.sql: the
# stay-positive step shows both).
_MOODS = """
    SELECT created_at, mood FROM recovery_moodcheckin
     WHERE user_id = %(user)s
       AND (created_at >= %(since)s
            OR id IN (SELECT id FROM recovery_moodcheckin WHERE user_id = %(user)s
                       ORDER BY created_at DESC, id DESC LIMIT %(latest)s))
     ORDER BY created_at DESC, id DESC
"""


def mood_overview(user, today: date, days: int = MOOD_TREND_DAYS) -> tuple[dict, bool]:
    """The mood trend (see mood_trend) and whether extra support shows, from one query: the
    check-ins of the last `days` days plus the latest few, whenever they were."""
    since = datetime.combine(today - timedelta(days=days - 1), time.min, tzinfo=user.tzinfo)
    rows = [
        (sql.moment(created_at), mood)
        for created_at, mood in sql.rows(_MOODS, user=user.pk, since=since, latest=LOW_MOOD_RUN)
    ]
    recent = [mood for _created_at, mood in rows[:LOW_MOOD_RUN]]
    extra_support = len(recent) == LOW_MOOD_RUN and all(mood <= LOW_MOOD for mood in recent)
    in_window = [(created_at, mood) for created_at, mood in reversed(rows) if created_at >= since]
    return _trend(user, today, days, in_window), extra_support


def mood_trend(user, today: date, days: int = MOOD_TREND_DAYS) -> dict:
    """The daily average mood over the last `days` days, as numbers ready for an SVG and a table.

    Only numbers go into the chart: x and y are computed here, the template writes them out.
    """
    since = datetime.combine(today - timedelta(days=days - 1), time.min, tzinfo=user.tzinfo)
    rows = (
        MoodCheckIn.objects.for_user(user)
        .filter(created_at__gte=since)
        .order_by("created_at")
        .values_list("created_at", "mood")
    )
    return _trend(user, today, days, rows)


def _trend(user, today: date, days: int, rows) -> dict:
    """The chart (core.charts.mood_line) and table from (created_at, mood) rows of the window,
    oldest first: each day's average, a date under every week."""
    start = today - timedelta(days=days - 1)
    by_day: dict[date, list[int]] = {}
    for created_at, mood in rows:
        by_day.setdefault(_local_day(created_at, user.tzinfo), []).append(mood)
    points, table = [], []
    for index in range(days):
        day = start + timedelta(days=index)
        moods = by_day.get(day)
        average = sum(moods) / len(moods) if moods else None
        points.append(charts.MoodPoint(day, average))
        if moods:
            label = f"{day:%a} {day.day} {day:%b}"
            table.append({"day": day, "label": label, "mood": round(average, 1), "count": len(moods)})
    all_moods = [mood for moods in by_day.values() for mood in moods]
    average = round(sum(all_moods) / len(all_moods), 1) if all_moods else None
    latest = table[-1]["mood"] if table else None
    return {
        "days": days,
        "start": start,
        "chart": charts.mood_line(points, label_every=7),
        "rows": table,
        "check_ins": len(all_moods),
        "average": average,
        "latest": latest,
        "summary": f"Last {days} days: {len(all_moods)} check-in{'' if len(all_moods) == 1 else 's'}, "
        f"average {average} out of 5, most recent {latest}.",
    }


def needs_extra_support(user) -> bool:
    """The last three check-ins were all low."""
    recent = list(MoodCheckIn.objects.for_user(user).values_list("mood", flat=True)[:LOW_MOOD_RUN])
    return len(recent) == LOW_MOOD_RUN and all(mood <= LOW_MOOD for mood in recent)
