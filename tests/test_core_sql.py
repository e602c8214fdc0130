"""core.sql, the hand-written reads: the same answers on SQLite (the fast tests) and PostgreSQL (CI)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from core import sql
from jobhunt.models import Status
from recovery.models import MoodCheckIn
from tests.factories import ApplicationFactory

LONDON = ZoneInfo("Europe/London")


def test_a_timestamp_comes_back_aware_and_equal_to_what_was_written(user):
    written = datetime.datetime(2026, 3, 29, 0, 30, 15, 250000, tzinfo=LONDON)
    check_in = MoodCheckIn.objects.create(user=user, mood=3, created_at=written)

    (read,) = sql.one("SELECT created_at FROM recovery_moodcheckin WHERE id = %(id)s", id=check_in.pk)

    assert sql.moment(read) == written and timezone.is_aware(sql.moment(read))


def test_a_timestamp_parameter_compares_as_the_orm_compares_it(user):
    moment = timezone.now().replace(microsecond=0)
    for offset in (-1, 0, 1):
        MoodCheckIn.objects.create(user=user, mood=3, created_at=moment + datetime.timedelta(seconds=offset))

    (at_or_after,) = sql.one(
        "SELECT COUNT(*) FROM recovery_moodcheckin WHERE user_id = %(user)s AND created_at >= %(since)s",
        user=user.pk,
        since=moment,
    )

    assert at_or_after == MoodCheckIn.objects.filter(user=user, created_at__gte=moment).count() == 2


def test_text_timestamps_and_naive_ones_are_read_as_utc():
    assert sql.moment("2026-01-02 03:04:05.5") == datetime.datetime(2026, 1, 2, 3, 4, 5, 500000, tzinfo=datetime.UTC)
    assert sql.moment(datetime.datetime(2026, 1, 2)) == datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC)
    assert sql.moment(None) is None
    assert sql.day("2026-01-02") == datetime.date(2026, 1, 2) and sql.day(None) is None


def test_local_day_groups_by_the_persons_own_calendar_day(user):
    # 23:30 in London on 31 October (GMT+0 after the clocks went back) and 00:30 the next day.
    for hour, minute in ((23, 30), (0, 30)):
        day = 31 if hour == 23 else 1
        month = 10 if hour == 23 else 11
        MoodCheckIn.objects.create(
            user=user, mood=4, created_at=datetime.datetime(2026, month, day, hour, minute, tzinfo=LONDON)
        )

    rows = sql.rows(
        f"SELECT {sql.local_day('created_at')}, COUNT(*) FROM recovery_moodcheckin"  # noqa: S608
        " WHERE user_id = %(user)s GROUP BY 1 ORDER BY 1",
        user=user.pk,
        tz="America/New_York",
    )

    # Both are still 31 October in New York.
    assert [(sql.day(day), count) for day, count in rows] == [(datetime.date(2026, 10, 31), 2)]


def test_choices_are_written_in_and_anything_else_is_refused():
    assert sql.among({Status.APPLIED, Status.SAVED}) == "'applied', 'saved'"
    with pytest.raises(ValueError, match="not a plain choice value"):
        sql.among(["applied'; DROP TABLE jobhunt_application; --"])


def test_ids_are_written_in_as_numbers_only(user):
    kept = ApplicationFactory(user=user)
    ApplicationFactory(user=user)

    found = sql.rows(f"SELECT id FROM jobhunt_application WHERE {sql.id_in('id', [kept.pk])}", prepare=False)  # noqa: S608

    assert found == [(kept.pk,)]
    nothing = sql.id_in("id", [])
    assert sql.rows(f"SELECT id FROM jobhunt_application WHERE {nothing}", prepare=False) == []  # noqa: S608
    with pytest.raises(TypeError):
        sql.id_in("id", ["1) OR (1=1"])


def test_a_statement_is_prepared_once_per_connection_on_postgresql_and_answers_the_same(user, settings):
    ApplicationFactory(user=user)
    statement = "SELECT COUNT(*) FROM jobhunt_application WHERE user_id = %(user)s AND id > %(after)s"

    answers = [sql.one(statement, user=user.pk, after=0) for _ in range(3)]
    settings.DB_PREPARED_STATEMENTS = False
    unprepared = sql.one(statement, user=user.pk, after=0)

    assert answers == [(1,)] * 3 and unprepared == (1,)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%id > $2%"])
            assert cursor.fetchone() == (1,)


def _prepared_count() -> int:
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        return cursor.fetchone()[0]


def test_a_statement_written_for_one_call_is_never_prepared(user):
    kept, other = ApplicationFactory(user=user), ApplicationFactory(user=user)
    before = _prepared_count()

    for pk in (kept.pk, other.pk):
        found = sql.rows(f"SELECT id FROM jobhunt_application WHERE {sql.id_in('id', [pk])}", prepare=False)  # noqa: S608
        assert found == [(pk,)]

    assert _prepared_count() == before
