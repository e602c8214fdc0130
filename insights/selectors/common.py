"""What the insights selectors share: the local day, a rate that never divides by zero."""

from datetime import date, datetime, time


def start_of_local_day(user, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=user.tzinfo)


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None
