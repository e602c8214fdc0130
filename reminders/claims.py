"""Claiming due reminders for one dispatcher: all the rows of one email together, with a lease.

An email is a person's daily email (a Delivery and every row due for them that day) or, for
someone who asked for each reminder on its own, a single row. A claim moves rows from
`scheduled` to `sending` with a lease (`leased_until`) and a token, and the daily email's
Delivery with them:

- The earliest due rows are taken with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, so
  concurrent dispatchers take disjoint rows. A person's daily email is claimed only when every
  one of their due rows could be taken: two dispatchers never split one person's day in two.
  Elsewhere (SQLite, one writer at a time) the conditional UPDATEs decide alone.
- A person whose email for today already went out has rows that fall due later moved to their
  reminder hour tomorrow. A daily email waiting for a retry after a temporary error takes in
  the rows falling due meanwhile. A daily email whose dispatcher died (its lease ran out) is
  claimed again with only the rows it held, since it may have reached the server already.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from reminders.local_time import at_local_hour
from reminders.models import Delivery, Reminder


def lease() -> timedelta:
    return timedelta(seconds=settings.REMINDERS_LEASE_SECONDS)


@dataclass
class Claim:
    token: str
    ids: list[int]  # the rows this dispatcher now holds
    full: bool = False  # it took as many rows as asked for: more may be waiting
    moved: int = 0  # rows given a new time (to tomorrow, or to a retry already planned)


def due(now: datetime) -> Q:
    """Scheduled rows whose time has come, and claimed rows whose dispatcher's lease ran out."""
    return Q(state=Reminder.State.SCHEDULED, due_at__lte=now) | Q(state=Reminder.State.SENDING, leased_until__lt=now)


def _locked(rows):
    if connection.features.has_select_for_update_skip_locked:
        return rows.select_for_update(skip_locked=True, of=("self",))
    return rows


def local_day(user, now: datetime):
    return timezone.localtime(now, user.tzinfo).date()


@transaction.atomic
def claim(*, limit: int, now: datetime | None = None) -> Claim:
    """Take the earliest `limit` due rows, completed with the rest of each person's day."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    # A person whose daily email is in flight is left out below, in _claim_daily: filtering them
    # out here would cost a look-up for every due row on every claim.
    first = list(_locked(Reminder.objects.filter(due(now)).order_by("due_at")).values_list("pk", "user_id")[:limit])
    result = Claim(token=token, ids=[], full=len(first) == limit)
    if not first:
        return result
    people = {user.pk: user for user in get_user_model().objects.filter(pk__in={user_id for _, user_id in first})}
    held = {pk for pk, _ in first}
    daily = [user for user in people.values() if user.reminders_bundled]
    if daily:
        # The rest of those people's due rows: a daily email is claimed only if all of them are ours.
        rest = Reminder.objects.filter(due(now), user__in=daily).exclude(pk__in=held)
        held |= set(_locked(rest).values_list("pk", flat=True))
        every = defaultdict(set)
        for pk, user_id in Reminder.objects.filter(due(now), user__in=daily).values_list("pk", "user_id"):
            every[user_id].add(pk)
        whole = [user for user in daily if every[user.pk] <= held]
        result.moved += _claim_daily(whole, token=token, now=now, held=held)
    single = [user_id for user_id, user in people.items() if not user.reminders_bundled]
    if single:
        mine = [pk for pk, user_id in first if user_id in single]
        Reminder.objects.filter(due(now), pk__in=mine).update(delivery=None, **_taken(token, now))
    result.ids = list(
        Reminder.objects.filter(state=Reminder.State.SENDING, lease_token=token).values_list("pk", flat=True)
    )
    return result


def _taken(token: str, now: datetime) -> dict:
    return {
        "state": Reminder.State.SENDING,
        "leased_until": now + lease(),
        "lease_token": token,
        "attempts": F("attempts") + 1,  # a try that crashes counts too
    }


def _claim_daily(people, *, token: str, now: datetime, held: set[int]) -> int:
    """Claim today's Delivery of each person with their due rows; returns how many rows moved."""
    if not people:
        return 0
    days = {user.pk: local_day(user, now) for user in people}
    Delivery.objects.bulk_create(
        [Delivery(user_id=user_id, day=day) for user_id, day in days.items()], ignore_conflicts=True
    )
    candidates = Delivery.objects.filter(user_id__in=days, day__in=set(days.values()))
    if connection.features.has_select_for_update_skip_locked:
        candidates = candidates.select_for_update(skip_locked=True)
    deliveries = {d.user_id: d for d in candidates if days[d.user_id] == d.day}
    ready, taken_over, moved = {}, {}, 0
    for user in people:
        delivery = deliveries.get(user.pk)
        if delivery is None:  # another dispatcher is deciding about this person right now
            continue
        rows = Reminder.objects.filter(due(now), user=user, pk__in=held)
        if delivery.state == Delivery.State.WAITING and (delivery.retry_at is None or delivery.retry_at <= now):
            ready[user.pk] = delivery.pk
        elif delivery.state == Delivery.State.WAITING:
            # A retry is planned: what fell due meanwhile goes with it, as part of the same email.
            moved += rows.exclude(delivery=delivery).update(delivery=delivery, due_at=delivery.retry_at, **_unclaimed())
        elif delivery.state == Delivery.State.SENDING and delivery.leased_until < now:
            taken_over[user.pk] = delivery.pk
        elif delivery.state in (Delivery.State.SENT, Delivery.State.FAILED):
            # Today's email went out: one email a day, so the rest waits for tomorrow's.
            tomorrow = at_local_hour(user, days[user.pk] + timedelta(days=1))
            moved += rows.exclude(delivery=delivery).update(delivery=None, due_at=tomorrow, **_unclaimed())
    lease_fields = {"lease_token": uuid.UUID(token), "leased_until": now + lease(), "attempts": F("attempts") + 1}
    if ready:
        Delivery.objects.filter(pk__in=ready.values(), state=Delivery.State.WAITING).update(
            state=Delivery.State.SENDING, retry_at=None, **lease_fields
        )
        which = Case(*(When(user_id=user_id, then=Value(pk)) for user_id, pk in ready.items()))
        Reminder.objects.filter(due(now), user_id__in=ready, pk__in=held).update(
            delivery_id=which, **_taken(token, now)
        )
    if taken_over:
        Delivery.objects.filter(pk__in=taken_over.values(), state=Delivery.State.SENDING, leased_until__lt=now).update(
            **lease_fields
        )
        Reminder.objects.filter(
            due(now), delivery_id__in=taken_over.values(), state=Reminder.State.SENDING, pk__in=held
        ).update(**_taken(token, now))
    return moved


def _unclaimed() -> dict:
    return {"state": Reminder.State.SCHEDULED, "leased_until": None, "lease_token": ""}
