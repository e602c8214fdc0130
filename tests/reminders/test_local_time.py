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
    assert 8 <= late.hour < 21


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


# The day window ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("hour", "night"), [(7, True), (8, False), (20, False), (21, True), (23, True), (0, True)])
def test_the_night_runs_from_nine_in_the_evening_to_eight_in_the_morning(person, hour, night):
    from reminders.local_time import is_night

    moment = datetime.combine(person.local_today(), time(hour, 30), tzinfo=person.tzinfo)
    assert is_night(person, moment) is night


def test_a_reminder_planned_for_the_night_is_moved_to_the_reminder_hour(person):
    planned = _plan(person, 3, time(21, 5), "late")
    moved = _local(planned, LONDON)
    assert (moved.date(), moved.time()) == (person.local_today() + timedelta(days=4), time(9))


@pytest.mark.parametrize(("hour", "valid"), [(7, False), (8, True), (20, True), (21, False)])
def test_the_reminder_hour_is_eight_to_twenty(client, person, hour, valid):
    client.force_login(person)
    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Robin",
            "time_zone": LONDON,
            "ghosting_days": person.ghosting_days,
            "reminder_hour": hour,
            "weekly_plan_day": person.weekly_plan_day,
        },
    )
    person.refresh_from_db()
    assert (response.status_code == 302) is valid
    assert (person.reminder_hour == hour) is valid


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_seven_to_eight_and_twenty_one_to_twenty():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("accounts", "0005_remove_user_data_version")],
        [("accounts", "0006_reminder_hour_daytime_and_daily_email")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("accounts", "User")
    for email, hour in (("early@example.com", 7), ("late@example.com", 21), ("kept@example.com", 14)):
        old.objects.create(email=email, password="!", reminder_hour=hour)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("accounts", "User")
    hours = dict(new.objects.values_list("email", "reminder_hour"))
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert hours == {"early@example.com": 8, "late@example.com": 20, "kept@example.com": 14}
