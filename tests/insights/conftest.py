import datetime

import pytest

from jobhunt import services as jobhunt
from jobhunt.models import Source, Status
from recovery.models import MoodCheckIn

# A fixed "today" (a Thursday) so weeks and windows give exact figures; the selectors take it.
TODAY = datetime.date(2025, 6, 12)


def at(user, day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=user.tzinfo)


def days_ago(days: int, today: datetime.date = TODAY) -> datetime.date:
    return today - datetime.timedelta(days=days)


def applied(user, company: str, *, on: datetime.date, source=Source.JOB_BOARD, moves=(), status=Status.APPLIED):
    """An application started on `on`, then moved through `moves` [(status, day)], all back-dated."""
    application = jobhunt.application_create(
        user=user,
        company=jobhunt.company_for_name(user=user, name=company),
        role_title="Backend Engineer",
        status=status,
        when=at(user, on),
        source=source,
    )
    for to_status, day in moves:
        jobhunt.application_move(application=application, to_status=to_status, when=at(user, day))
    application.refresh_from_db()
    return application


def mood(user, day: datetime.date, value: int, hour: int = 12) -> MoodCheckIn:
    return MoodCheckIn.objects.create(user=user, mood=value, created_at=at(user, day, hour))


@pytest.fixture
def today():
    return TODAY
