"""Hand-written reads for the pages people open most.

Through the ORM, a page's statement costs more to build and compile on every view (1 to 2 ms
for one with a few joins and filtered counts) than the database takes to answer it (0.2 to
0.5 ms); bench/README.md has the figures. The few statements behind the busiest pages are
written once instead, in SQL that both PostgreSQL and SQLite run, with named parameters
(`%(user)s`); their tests run on both databases. Everything else stays in the ORM.

On PostgreSQL each statement is also prepared, once per connection, and then executed by name:
the planner's work (a third of a small statement's cost, more for a union of five) is done once
instead of on every view. Behind a pooler that hands each transaction another connection
(pgbouncer in transaction mode), set DB_PREPARED_STATEMENTS=0.
"""

import hashlib
import operator
import re
import weakref
from datetime import UTC, date, datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

_NAMED = re.compile(r"%\((\w+)\)s")
# The statements prepared on each open connection (forgotten with the connection), and how many
# one connection may hold: the code has a few dozen, each prepared once.
_PREPARED: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()
MAX_PREPARED = 200


def rows(sql: str, *, prepare: bool = True, **params) -> list[tuple]:
    """Every row of `sql`, as tuples in the order of its columns. `prepare=False` for a
    statement written afresh for each call (ids written in, say): it is run as it is."""
    with connection.cursor() as cursor:
        _execute(cursor, sql, params, prepare)
        return cursor.fetchall()


def one(sql: str, *, prepare: bool = True, **params) -> tuple | None:
    """The first row of `sql` (None when there is none)."""
    with connection.cursor() as cursor:
        _execute(cursor, sql, params, prepare)
        return cursor.fetchone()


def _execute(cursor, sql: str, params: dict, prepare: bool) -> None:
    params = {name: _param(value) for name, value in params.items()}
    if not (prepare and connection.vendor == "postgresql" and settings.DB_PREPARED_STATEMENTS):
        cursor.execute(sql, params)
        return
    names = list(dict.fromkeys(_NAMED.findall(sql)))
    statement = "rebound_" + hashlib.blake2b(sql.encode(), digest_size=8).hexdigest()
    prepared = _PREPARED.setdefault(connection.connection, set())
    if statement not in prepared:
        if len(prepared) >= MAX_PREPARED:
            cursor.execute(sql, params)
            return
        numbered = _NAMED.sub(lambda match: f"${names.index(match[1]) + 1}", sql)
        # On the driver's own cursor: set-up for the connection, not one of the page's queries
        # (so a page counts the same queries on its first view and its hundredth).
        with connection.wrap_database_errors:
            cursor.cursor.execute(f"PREPARE {statement} AS {numbered}")
        prepared.add(statement)  # a PREPARE outlives a rolled-back transaction, as it should
    if names:
        cursor.execute(f"EXECUTE {statement}({', '.join(['%s'] * len(names))})", [params[name] for name in names])
    else:
        cursor.execute(f"EXECUTE {statement}")


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
