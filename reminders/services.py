"""The only way into the reminders app: schedule a reminder, cancel reminders.

from reminders import services as reminders
reminders.schedule(user=u, kind="application_follow_up", about=app, due_at=when, key="…")
reminders.cancel(about=app, kind="application_follow_up")
"""

import zoneinfo
from datetime import UTC, date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from reminders import registry, tasks, tokens
from reminders.local_time import at_local_hour, daytime, next_reminder_hour
from reminders.models import Reminder

__all__ = ["at_local_hour", "bring_forward", "cancel", "daytime", "follow_local_time", "pause", "schedule"]

MAX_PAUSE_DAYS = 90


def follow_local_time(*, user, old_time_zone: str, old_reminder_hour: int) -> int:
    """After a change of time zone or reminder hour, planned reminders keep their local day: one
    set for the old reminder hour moves to the new hour, any other keeps its local time of day,
    both where the person now lives, and none lands in their night. Returns how many moved."""
    old_zone = zoneinfo.ZoneInfo(old_time_zone)
    now = timezone.now()
    moved = []
    for reminder in Reminder.objects.filter(user=user, state=Reminder.State.SCHEDULED, due_at__gt=now).only("due_at"):
        local = timezone.localtime(reminder.due_at, old_zone)
        if (local.hour, local.minute, local.second) == (old_reminder_hour, 0, 0):
            due_at = at_local_hour(user, local.date())
        else:
            due_at = daytime(user, datetime.combine(local.date(), local.time(), tzinfo=user.tzinfo).astimezone(UTC))
        if due_at != reminder.due_at:
            reminder.due_at = due_at
            moved.append(reminder)
    Reminder.objects.bulk_update(moved, ["due_at"], batch_size=500)
    if any(reminder.due_at <= now for reminder in moved):
        _dispatch_soon_after_commit()
    return len(moved)


def _default_key(kind, content_type, about):
    return f"{kind}:{content_type.pk}:{about.pk}"


@transaction.atomic
def schedule(*, user, kind: str, about, due_at: datetime, key: str | None = None) -> Reminder:
    """Plan one reminder; calling again with the same key moves it instead of adding another.

    A reminder already sent (or being sent, or failed for good) is left as it is: the same key
    never produces a second email.
    """
    registry.get(kind)  # an unknown kind is a programming error: fail here, not at send time
    content_type = ContentType.objects.get_for_model(about)
    key = key or _default_key(kind, content_type, about)
    due_at = daytime(user, due_at)
    fields = {"user": user, "kind": kind, "content_type": content_type, "object_id": about.pk}
    if due_at <= timezone.now():
        _dispatch_soon_after_commit()
    reminder = Reminder.objects.select_for_update().filter(key=key).first()
    if reminder is None:
        try:
            with transaction.atomic():
                return Reminder.objects.create(key=key, due_at=due_at, **fields)
        except IntegrityError:  # another request scheduled the same key a moment ago
            reminder = Reminder.objects.select_for_update().get(key=key)
    if reminder.state in (Reminder.State.SCHEDULED, Reminder.State.CANCELLED):
        reminder.due_at = due_at
        reminder.state = Reminder.State.SCHEDULED
        reminder.attempts = 0
        reminder.last_error = ""
        reminder.save(update_fields=["due_at", "state", "attempts", "last_error"])
    return reminder


def _dispatch_soon_after_commit():
    """Once per transaction, however many reminders in it fell due."""
    if not any(callback is tasks.dispatch_soon for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(tasks.dispatch_soon)


def cancel(*, about=None, kind: str | None = None, key: str | None = None, user=None) -> int:
    """Cancel the reminders that have not gone out yet; returns how many."""
    rows = Reminder.objects.filter(state=Reminder.State.SCHEDULED)
    if about is not None:
        rows = rows.filter(content_type=ContentType.objects.get_for_model(about), object_id=about.pk)
    if kind is not None:
        rows = rows.filter(kind=kind)
    if key is not None:
        rows = rows.filter(key=key)
    if user is not None:
        rows = rows.filter(user=user)
    if about is None and key is None and user is None:
        raise ValueError("cancel() needs about=, key= or user= so it never cancels everyone's reminders.")
    return rows.update(state=Reminder.State.CANCELLED, leased_until=None)


# Preferences ------------------------------------------------------------------------------------
# They live on the user (accounts owns the fields); the dispatcher reads them at send time, so a
# change applies to reminders already planned without touching their rows.


def preferences_update(*, user, enabled: bool, muted_kinds: list[str], bundled: bool = True) -> None:
    """`bundled`: everything due on a day in one email (the default), or each reminder on its own."""
    user.reminders_enabled = enabled
    user.muted_reminder_kinds = sorted(set(muted_kinds))
    user.reminders_bundled = bundled
    user.save(update_fields=["reminders_enabled", "muted_reminder_kinds", "reminders_bundled"])


def pause(*, user, days: int) -> date:
    """Quiet mode: no reminder emails from today until `days` days from now (inclusive)."""
    if not 1 <= days <= MAX_PAUSE_DAYS:
        raise ValueError(f"A pause lasts 1 to {MAX_PAUSE_DAYS} days.")
    user.reminders_paused_until = user.local_today() + timedelta(days=days)
    user.save(update_fields=["reminders_paused_until"])
    return user.reminders_paused_until


def resume(*, user) -> None:
    user.reminders_paused_until = None
    user.save(update_fields=["reminders_paused_until"])


def unsubscribe(*, user, kind: str) -> None:
    """One-click opt-out from an email: one kind, or every reminder with tokens.ALL."""
    if kind == tokens.ALL:
        user.reminders_enabled = False
        user.save(update_fields=["reminders_enabled"])
    elif kind not in user.muted_reminder_kinds:
        user.muted_reminder_kinds = sorted({*user.muted_reminder_kinds, kind})
        user.save(update_fields=["muted_reminder_kinds"])


# Demo ------------------------------------------------------------------------------------------


@transaction.atomic
def bring_forward(*, user, count: int = 4) -> int:
    """Make a few of the person's next reminders due at their next reminder hour (for the demo:
    its first daily email shows several kinds). Returns how many.

    Only kinds that quiet mode postpones move: they are things the person planned, and read as
    well a little early. Time-bound notes (prep the day before an interview, a thank-you the
    morning after) keep their own day, so nothing speaks of an interview before or after its
    time; and never two reminders about one thing, one per kind.
    """
    movable = {kind.name for kind in registry.all_kinds() if kind.while_paused == registry.POSTPONE}
    upcoming = Reminder.objects.filter(user=user, state=Reminder.State.SCHEDULED, kind__in=movable)
    chosen, kinds, subjects = [], set(), set()
    rows = upcoming.order_by("due_at").values_list("pk", "kind", "content_type_id", "object_id")[:200]
    for reminder_id, kind, type_id, object_id in rows:
        if kind not in kinds and (type_id, object_id) not in subjects:
            kinds.add(kind)
            subjects.add((type_id, object_id))
            chosen.append(reminder_id)
        if len(chosen) == count:
            break
    return Reminder.objects.filter(pk__in=chosen).update(due_at=next_reminder_hour(user, timezone.now()))
