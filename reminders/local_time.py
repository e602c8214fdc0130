"""Local time for reminders: the person's reminder hour in their own time zone, and their night."""

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

# Local hours outside this window are "the night": a reminder due then waits for the morning.
DAY_STARTS = 7
DAY_ENDS = 22


def at_local_hour(user, day: date, hour: int | None = None) -> datetime:
    """The moment `day` reaches the person's reminder hour in their own time zone."""
    local = datetime.combine(day, time(hour if hour is not None else user.reminder_hour), tzinfo=user.tzinfo)
    return local.astimezone(UTC)


def daytime(user, moment: datetime) -> datetime:
    """`moment`, or the next morning at the reminder hour if it falls in the person's night."""
    local = timezone.localtime(moment, user.tzinfo)
    if local.hour < DAY_STARTS:
        return at_local_hour(user, local.date())
    if local.hour >= DAY_ENDS:
        return at_local_hour(user, local.date() + timedelta(days=1))
    return moment
