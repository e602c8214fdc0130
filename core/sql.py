"""Hand-written reads for the pages people open most.

Through the ORM, a page's statement costs more to build and compile on every view (1 to 2 ms
for one with a few joins and filtered counts) than the database takes to answer it (0.2 to
0.5 ms); bench/README.md has the figures. The few statements behind the busiest pages are
written once instead, in SQL that both PostgreSQL and SQLite run, with named parameters
(`%(user)s`); their tests run on both databases. Everything else stays in the ORM.
"""

import operator
from datetime import UTC, date, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def rows(sql: str, **params) -> list[tuple]:
    """Every row of `sql`, as tuples in the order of its columns."""
    with connection.cursor() as cursor:
        cursor.execute(sql, {name: _param(value) for name, value in params.items()})
        return cursor.fetchall()


def one(sql: str, **params) -> tuple | None:
    """The first row of `sql` (None when there is none)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, {name: _param(value) for name, value in params.items()})
        return cursor.fetchone()


def moment(value: datetime | str | None) -> datetime | None:
    """A timestamp column read back as an aware datetime. PostgreSQL hands one over; SQLite
    keeps UTC without a zone, and hands back text for an expression (MAX(…), say)."""
    if value is None or isinstance(value, datetime) and timezone.is_aware(value):
        return value
    if isinstance(value, str):
        value = parse_datetime(value)
    return value.replace(tzinfo=UTC) if timezone.is_naive(value) else value


def day(value: date | str | None) -> date | None:
    """A date read back (SQLite hands back text for an expression such as local_day's)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def local_day(column: str) -> str:
    """The date of timestamp `column` in the time zone named by the statement's `%(tz)s`: the
    expression the ORM's TruncDate writes, for each database."""
    if connection.vendor == "postgresql":
        return f"({column} AT TIME ZONE %(tz)s)::date"
    # Django's own SQLite connections carry this function (TruncDate uses it); timestamps are UTC.
    return f"django_datetime_cast_date({column}, %(tz)s, 'UTC')"


def among(values) -> str:
    """A constant set of choices written into a statement: `status IN ({among(LIVE)})`. For the
    code's own TextChoices only, never for anything a person typed."""
    literals = sorted(str(value) for value in values)
    if any(not value.replace("_", "").isalnum() for value in literals):
        raise ValueError(f"not a plain choice value: {literals}")
    return ", ".join(f"'{value}'" for value in literals)


def id_in(column: str, values) -> str:
    """`column` is one of `values`, row ids written into the statement (each must be an int). On
    PostgreSQL as one array (a thousand ids parse in a fraction of the time of an IN list)."""
    listed = ",".join(str(operator.index(value)) for value in values)
    if connection.vendor == "postgresql":
        return f"{column} = ANY('{{{listed}}}'::bigint[])"
    return f"{column} IN ({listed or 'NULL'})"


def _param(value):
    # The ORM stores SQLite's timestamps as UTC text without a zone; a comparison must use the same.
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, str):
        return str(value)  # a TextChoices member as its plain value
    return value
