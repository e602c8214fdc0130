"""Planned reminders follow the person when they change time zone or reminder hour."""

import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts
from reminders import services
from reminders.models import Reminder
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

LONDON, NEW_YORK = "Europe/London", "America/New_York"


@pytest.fixture
def person(db):
    return UserFactory(time_zone=LONDON, reminder_hour=9)


def _plan(person, day_offset: int, local_time: time, key: str) -> Reminder:
    day = person.local_today() + timedelta(days=day_offset)
    due = datetime.combine(day, local_time, tzinfo=zoneinfo.ZoneInfo(person.time_zone))
    return services.schedule(
        user=person, kind="application_follow_up", about=ApplicationFactory(user=person), due_at=due, key=key
    )


def _local(reminder: Reminder, zone: str) -> datetime:
    reminder.refresh_from_db()
    return timezone.localtime(reminder.due_at, zoneinfo.ZoneInfo(zone))


def _update(person, **changes):
    fields = {
        "display_name": person.display_name,
        "time_zone": person.time_zone,
        "ghosting_days": person.ghosting_days,
        "reminder_hour": person.reminder_hour,
        "weekly_plan_day": person.weekly_plan_day,
    }
    return accounts.user_update_profile(user=person, **{**fields, **changes})


def test_a_new_time_zone_keeps_the_local_day_and_the_reminder_hour(person):
    planned = _plan(person, 3, time(9), "zone")
    day = _local(planned, LONDON).date()

    _update(person, time_zone=NEW_YORK)

    moved = _local(planned, NEW_YORK)
    assert (moved.date(), moved.time()) == (day, time(9))


def test_a_new_reminder_hour_moves_what_was_planned_for_the_old_one(person):
    planned = _plan(person, 2, time(9), "hour")
    day = _local(planned, LONDON).date()

    _update(person, reminder_hour=18)

    moved = _local(planned, LONDON)
    assert (moved.date(), moved.time()) == (day, time(18))


def test_a_reminder_at_another_time_keeps_its_local_time_and_stays_out_of_the_night(person):
    afternoon = _plan(person, 4, time(14, 30), "afternoon")
    evening = _plan(person, 5, time(21, 30), "evening")
    afternoon_day = _local(afternoon, LONDON).date()

    _update(person, time_zone="Asia/Tokyo")

    moved = _local(afternoon, "Asia/Tokyo")
    assert (moved.date(), moved.time()) == (afternoon_day, time(14, 30))
    late = _local(evening, "Asia/Tokyo")
    assert 7 <= late.hour < 22


def test_sent_and_past_reminders_stay_as_they_were(person):
    planned = _plan(person, 3, time(9), "sent")
    Reminder.objects.filter(pk=planned.pk).update(state=Reminder.State.SENT)
    before = Reminder.objects.get(pk=planned.pk).due_at

    _update(person, time_zone=NEW_YORK, reminder_hour=11)

    assert Reminder.objects.get(pk=planned.pk).due_at == before


def test_another_persons_reminders_do_not_move(person):
    other = UserFactory(time_zone=LONDON, reminder_hour=9)
    theirs = _plan(other, 3, time(9), "theirs")
    before = Reminder.objects.get(pk=theirs.pk).due_at

    _update(person, time_zone=NEW_YORK)

    assert Reminder.objects.get(pk=theirs.pk).due_at == before


def test_changing_only_the_name_leaves_the_reminders_unread(person):
    _plan(person, 3, time(9), "name")
    with CaptureQueriesContext(connection) as captured:
        _update(person, display_name="New name")
    assert captured.captured_queries
    assert not [query for query in captured.captured_queries if "reminders_reminder" in query["sql"]]


def test_the_profile_page_moves_planned_reminders(client, person):
    planned = _plan(person, 3, time(9), "page")
    day = _local(planned, LONDON).date()
    client.force_login(person)

    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Robin",
            "time_zone": NEW_YORK,
            "ghosting_days": person.ghosting_days,
            "reminder_hour": 10,
            "weekly_plan_day": person.weekly_plan_day,
        },
    )

    assert response.status_code == 302
    moved = _local(planned, NEW_YORK)
    assert (moved.date(), moved.time()) == (day, time(10))
