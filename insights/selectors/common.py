"""What the insights selectors share: the local day, a rate that never divides by zero, and
the short words their rows are shown with (written once here rather than per row in templates)."""

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal


def start_of_local_day(user, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=user.tzinfo)


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


class Rates:
    """Replies and interviews over what was sent, for a row that counts them (a source, a CV)."""

    sent: int
    heard_back: int
    interviewed: int

    @property
    def response_rate(self) -> float | None:
        return rate(self.heard_back, self.sent)

    @property
    def interview_rate(self) -> float | None:
        return rate(self.interviewed, self.sent)


def one_decimal(value: float | None) -> str:
    """A mood for people: one decimal at most, half up ("3", "3.3"); "—" when there is none."""
    if value is None:
        return "—"
    shown = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{shown:f}".removesuffix(".0")


def day_month(day: date) -> str:
    """ "3 Mar"."""
    return f"{day.day} {day:%b}"


def counted(count: int, thing: str) -> str:
    """ "1 rejection", "2 rejections"."""
    return f"{count} {thing}{'' if count == 1 else 's'}"
