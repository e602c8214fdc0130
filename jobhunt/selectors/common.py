"""What the pipeline's reads share: when an application has gone silent or is worth a follow-up,
counting on the figures' index, several sliced reads in one statement."""

from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Count, Q, QuerySet

from jobhunt.models import FOLLOW_UP_AFTER_DAYS, RESPONDED, Status

# A step into one of these is an answer from the company (a rejection too): for counts over a
# window of time, read from the timeline. The funnel's totals read Application.reached.
HEARD_BACK = RESPONDED | {Status.REJECTED}


def _start_of_local_day(user, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=user.tzinfo)


def silence_cutoff(user, today: date) -> datetime:
    """An application that has not moved since before this moment has gone silent."""
    return _start_of_local_day(user, today - timedelta(days=user.ghosting_days - 1))


def gone_silent_q(user, today: date) -> Q:
    """Applied, and no change for at least the person's ghosting threshold (Application.is_stale)."""
    return Q(status=Status.APPLIED, status_changed_at__lt=silence_cutoff(user, today))


def how_many(condition: Q | None = None) -> Count:
    """How many of a person's applications meet `condition`, counted on their user column rather
    than their ids: the conditions' columns are all in one index (application_user_figures), so
    PostgreSQL answers from the index alone, without reading the applications."""
    return Count("user", filter=condition)


def in_one_query(base: QuerySet, parts: list[QuerySet]) -> list:
    """The rows of several sliced querysets made from `base`, in one statement, in no set order.

    PostgreSQL runs (… LIMIT n) UNION ALL (… LIMIT n), each part on its own index scan. SQLite
    allows no LIMIT inside a UNION, so there it is one IN (… LIMIT n) per part (local data is small).
    """
    if not parts:
        return []
    if connection.features.supports_slicing_ordering_in_compound:
        return list(parts[0].union(*parts[1:], all=True))
    return list(base.filter(reduce(or_, (Q(pk__in=part.values("pk")) for part in parts))))


def by(*fields):
    return lambda row: tuple(getattr(row, name) for name in (*fields, "pk"))


def follow_up_q(user, today: date) -> Q:
    """A week or more since applying, no answer, not yet gone silent (that list comes separately).
    Spelled out rather than as "not gone silent", so the silence bound is an index range."""
    return Q(
        status=Status.APPLIED,
        date_applied__lte=today - timedelta(days=FOLLOW_UP_AFTER_DAYS),
        status_changed_at__gte=silence_cutoff(user, today),
    )
