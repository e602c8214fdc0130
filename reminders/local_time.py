"""Local time for reminders: the person's reminder hour in their own time zone, and their night."""

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

# Local hours outside this window are "the night" (21:00 to 08:00): nothing is sent then. The
# reminder hour (accounts.User.reminder_hour, 8 to 20) always falls inside it.
DAY_STARTS = 8
DAY_ENDS = 21


def at_local_hour(user, day: date, hour: int | None = None) -> datetime:
    """The moment `day` reaches the person's reminder hour in their own time zone."""
    local = datetime.combine(day, time(hour if hour is not None else user.reminder_hour), tzinfo=user.tzinfo)
    return local.astimezone(UTC)


def is_night(user, moment: datetime) -> bool:
    return not DAY_STARTS <= timezone.localtime(moment, user.tzinfo).hour < DAY_ENDS


def next_reminder_hour(user, moment: datetime) -> datetime:
    """The first time the person's reminder hour comes round after `moment`."""
    local = timezone.localtime(moment, user.tzinfo)
    today = at_local_hour(user, local.date())
    return today if today > moment else at_local_hour(user, local.date() + timedelta(days=1))


def daytime(user, moment: datetime) -> datetime:
    """`moment`, or the next morning at the reminder hour if it falls in the person's night."""
    local = timezone.localtime(moment, user.tzinfo)
    if local.hour < DAY_STARTS:
        return at_local_hour(user, local.date())
    if local.hour >= DAY_ENDS:
        return at_local_hour(user, local.date() + timedelta(days=1))
    return moment
