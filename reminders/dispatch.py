"""The dispatcher: claim due reminders with a lease, send them, record what happened.

By default a person gets at most one reminder email a day: what falls due for them goes out as
one daily email at their reminder hour (a Delivery row and its reminder rows, see
reminders.claims). Someone who chose to get each reminder on its own gets one email per row.

Exactly once, as far as email allows:
- A claim (reminders.claims) moves an email's rows from `scheduled` to `sending` together, with
  a lease and a token. Every outcome is written with `WHERE lease_token = <ours> AND state =
  'sending'`: a dispatcher whose lease ran out never overwrites the work of the one that took over.
- After the SMTP server's "250", the email's rows and its Delivery are marked sent in one commit.
  A dispatcher that dies after claiming loses nothing: when the lease expires the email is due
  again. If it died between the "250" and that commit, the email goes out twice with the same
  Message-ID (one per Delivery, or per reminder sent on its own), which mail clients recognise.
- Temporary SMTP failures (4xx, refused connections, timeouts) retry the whole email with
  exponential backoff; after MAX_ATTEMPTS, or at once on a 5xx, its rows are `failed` with the
  error kept on each.

At send time the person's choices win, row by row: all reminders off or this kind muted cancels
the row; quiet mode postpones it to the morning after the pause or skips it, as its kind says
(ReminderKind.while_paused); nothing goes out at night (it waits for the reminder hour); a
reminder whose reason went away (`still_relevant` is False) or whose subject was deleted is
cancelled. Only the rows that are left go into the email; with none left, nothing is sent.
"""

import logging
import smtplib
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from reminders import emails, registry
from reminders.claims import claim, lease
from reminders.local_time import at_local_hour, daytime, is_night
from reminders.models import Delivery, Reminder

log = logging.getLogger(__name__)

__all__ = ["MAX_ATTEMPTS", "PassResult", "claim", "lease", "retry_delay", "run_pass"]

MAX_ATTEMPTS = 5


def batch_size() -> int:
    return settings.REMINDERS_BATCH_SIZE


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8… times the base delay after the 1st, 2nd, 3rd… failed attempt."""
    return timedelta(seconds=settings.REMINDERS_RETRY_SECONDS * 2 ** (attempts - 1))


@dataclass
class PassResult:
    sent: int = 0  # reminders that went out
    emails: int = 0  # the emails they went out in
    cancelled: int = 0
    postponed: int = 0
    retried: int = 0
    failed: int = 0
    released: int = 0
    batches: int = 0
    more_due: bool = False  # stopped by its time budget with rows still waiting

    def __str__(self):
        return (
            f"sent={self.sent} emails={self.emails} cancelled={self.cancelled} postponed={self.postponed} "
            f"retried={self.retried} failed={self.failed} released={self.released} batches={self.batches}"
        )


def run_pass(*, time_budget: float | None = None, on_backlog: Callable[[], None] | None = None) -> PassResult:
    """Send every due reminder, batch after batch, until none is left or `time_budget` seconds pass.

    `on_backlog` is called once if the first batch comes back full (more work than one batch):
    the Celery task uses it to bring other workers in.
    """
    result = PassResult()
    deadline = time.monotonic() + time_budget if time_budget else None
    size = batch_size()
    mail = _Mail()
    with _quick_commits():
        try:
            while True:
                taken = claim(limit=size)
                if taken.ids:
                    result.batches += 1
                    if result.batches == 1 and taken.full and on_backlog:
                        on_backlog()
                    _Batch(taken.token, taken.ids, mail, result).run()
                if not taken.full or not (taken.ids or taken.moved):
                    break
                if deadline is not None and time.monotonic() > deadline:
                    result.more_due = True
                    break
        finally:
            mail.close()
    return result


@contextmanager
def _quick_commits():
    """On PostgreSQL, the pass's commits do not wait for the disk flush (synchronous_commit=off).

    One commit per email (its rows and its Delivery marked sent) is what keeps a resend window
    small; waiting for the flush each time would halve throughput. A dispatcher or its connection
    dying loses nothing (the commit is in the server's WAL already); only a crash of the database
    server itself could forget the last fraction of a second of "sent" marks, and those emails
    would go again with the same Message-ID.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except DatabaseError:
            pass  # the connection is gone, and the setting with it


class _Mail:
    """One SMTP connection kept open across a pass, reopened after an error."""

    def __init__(self):
        self.backend = get_connection()
        self.opened = False

    def send(self, message) -> None:
        if not self.opened:
            self.backend.open()
            self.opened = True
        message.connection = self.backend
        try:
            message.send()
        except Exception:
            self.close()  # the server may have hung up after its error: start clean next time
            raise

    def close(self) -> None:
        if self.opened:
            self.opened = False
            try:
                self.backend.close()
            except Exception:  # closing a broken connection must not hide the real outcome
                log.debug("Closing the mail connection failed", exc_info=True)


class _Batch:
    """The emails of one claim, one after the other: a daily email, or a reminder on its own."""

    def __init__(self, token: str, ids: list[int], mail: _Mail, result: PassResult):
        self.token = token
        self.ids = ids
        self.mail = mail
        self.result = result
        self.done: set[int] = set()
        self.sent_unrecorded: list[list[Reminder]] = []

    def run(self) -> None:
        try:
            rows = list(
                Reminder.objects.filter(pk__in=self.ids, state=Reminder.State.SENDING, lease_token=self.token)
                .select_related("user", "content_type", "delivery")
                .order_by("due_at", "pk")
            )
            subjects = _load_subjects(rows)
            groups: dict[tuple, list[Reminder]] = {}
            for reminder in rows:
                key = ("daily", reminder.delivery_id) if reminder.delivery_id else ("single", reminder.pk)
                groups.setdefault(key, []).append(reminder)
            safe_until = None
            for group in groups.values():
                safe_until = safe_until or group[0].leased_until - min(lease() / 4, timedelta(minutes=1))
                if timezone.now() >= safe_until:
                    # This batch ran long: hand the rest back rather than send past our lease.
                    self._release([r for r in rows if r.pk not in self.done])
                    return
                self._email(group, subjects)
        except DatabaseError:
            log.exception("Database error while dispatching reminders; handing this batch back")
            self._recover()
            raise

    # --- one email ------------------------------------------------------------------------

    def _email(self, rows: list[Reminder], subjects) -> None:
        delivery = rows[0].delivery
        user = rows[0].user
        now = timezone.now()
        items = []
        for reminder in rows:
            item = self._check(reminder, subjects.get((reminder.content_type_id, reminder.object_id)), now)
            if item is not None:
                items.append(item)
        message = self._write(delivery, user, emails.in_order(items))
        if message is None:
            if delivery is not None:
                self._delivery_back(delivery)  # nothing went out: today's email is still to come
            return
        items = [item for item in items if item.reminder.pk not in self.done]
        try:
            self.mail.send(message)
        except OSError as error:  # smtplib's errors, refused connections and timeouts are all OSErrors
            return self._failed_send([item.reminder for item in items], delivery, error)
        sent = [item.reminder for item in items]
        self.sent_unrecorded.append(sent)
        self._mark_sent(sent, delivery)
        self.sent_unrecorded.remove(sent)

    def _check(self, reminder: Reminder, about, now) -> emails.Item | None:
        """The person's choices and the reminder's reason, at send time; None if it is not going out now."""
        kind = registry.find(reminder.kind)
        if kind is None:
            return self._finish(reminder, Reminder.State.FAILED, error=f"No app declares the kind {reminder.kind!r}.")
        if about is None:
            return self._finish(reminder, Reminder.State.CANCELLED, error="What it was about has been deleted.")
        user = reminder.user
        if not user.is_active or not user.reminders_enabled:
            return self._finish(reminder, Reminder.State.CANCELLED, error="Reminder emails are switched off.")
        if reminder.kind in (user.muted_reminder_kinds or []):
            return self._finish(reminder, Reminder.State.CANCELLED, error="The person switched this kind off.")
        paused_until = user.reminders_paused_until
        if paused_until and timezone.localtime(now, user.tzinfo).date() <= paused_until:
            if kind.while_paused == registry.POSTPONE:
                return self._postpone(reminder, at_local_hour(user, paused_until + timedelta(days=1)))
            return self._finish(reminder, Reminder.State.CANCELLED, error="Skipped during quiet mode.")
        protected_until = user.protected_until
        if kind.about_rejections and protected_until and timezone.localtime(now, user.tzinfo).date() <= protected_until:
            return self._postpone(reminder, at_local_hour(user, protected_until + timedelta(days=1)))
        if is_night(user, now):  # late, after an outage or a retry: nothing goes out at night
            return self._postpone(reminder, daytime(user, now))
        try:
            if not kind.still_relevant(about):
                return self._finish(reminder, Reminder.State.CANCELLED, error="No longer needed.")
        except DatabaseError:
            raise
        except Exception as error:  # a bug in a kind: retrying won't help
            log.exception("Could not check reminder %s", reminder.pk)
            return self._finish(reminder, Reminder.State.FAILED, error=f"Could not write the email: {error!r}")
        return emails.Item(reminder=reminder, kind=kind, about=about)

    def _write(self, delivery, user, items: list[emails.Item]):
        """The email for what is left, or None. A section that cannot be written fails alone."""
        if delivery is not None and len(items) > 1:
            sections = []
            for item in items:
                try:
                    sections.append((item, emails.section(user, item)))
                except DatabaseError:
                    raise
                except Exception as error:  # a bug in a kind's template or context: retrying won't help
                    self._unwritable(item.reminder, error)
            items = [item for item, _ in sections]
            if len(items) > 1:
                return emails.build_daily(delivery.pk, user, items, sections=[section for _, section in sections])
        if not items:
            return None
        (item,) = items
        try:
            if delivery is None:
                return emails.build(item.reminder, item.kind, item.about)
            return emails.build_daily(delivery.pk, user, items)
        except DatabaseError:
            raise
        except Exception as error:
            self._unwritable(item.reminder, error)
            return None

    def _unwritable(self, reminder: Reminder, error: Exception) -> None:
        log.exception("Could not write reminder %s", reminder.pk)
        self._finish(reminder, Reminder.State.FAILED, error=f"Could not write the email: {error!r}")

    def _failed_send(self, rows: list[Reminder], delivery, error: OSError) -> None:
        description = f"{type(error).__name__}: {error}"
        attempts = delivery.attempts if delivery is not None else rows[0].attempts
        with transaction.atomic() if delivery is not None else nullcontext():
            if _is_temporary(error) and attempts < MAX_ATTEMPTS:
                log.warning("Reminders %s: temporary mail error, retrying later: %s", _pks(rows), description)
                retry_at = timezone.now() + retry_delay(attempts)
                self._update(rows, state=Reminder.State.SCHEDULED, due_at=retry_at, last_error=description)
                self._update_delivery(delivery, state=Delivery.State.WAITING, retry_at=retry_at)
                self.result.retried += len(rows)
                return
            log.error("Reminders %s failed: %s", _pks(rows), description)
            self._update(rows, state=Reminder.State.FAILED, last_error=description)
            self._update_delivery(delivery, state=Delivery.State.FAILED)
            self.result.failed += len(rows)

    # --- writes, each only while we still hold the lease ----------------------------------------

    def _mark_sent(self, rows: list[Reminder], delivery) -> None:
        """After the server's 250: the email's rows and its Delivery in one commit."""
        now = timezone.now()
        with transaction.atomic() if delivery is not None else nullcontext():
            self._update(rows, state=Reminder.State.SENT, sent_at=now, last_error="")
            self._update_delivery(delivery, state=Delivery.State.SENT, sent_at=now)
        self.result.sent += len(rows)
        self.result.emails += 1

    def _finish(self, reminder: Reminder, state: str, *, error: str = "") -> None:
        self._update([reminder], state=state, last_error=error)
        setattr(self.result, state, getattr(self.result, state) + 1)  # PassResult has one counter per end state

    def _postpone(self, reminder: Reminder, due_at: datetime) -> None:
        # Waiting for the person's morning or the end of their pause is not a failed attempt. The
        # row leaves its daily email: it goes with the one of the day it is now due on.
        self._update(
            [reminder], state=Reminder.State.SCHEDULED, due_at=due_at, attempts=F("attempts") - 1, delivery=None
        )
        self.result.postponed += 1

    def _update(self, rows: list[Reminder], **fields) -> None:
        Reminder.objects.filter(
            pk__in=[r.pk for r in rows], state=Reminder.State.SENDING, lease_token=self.token
        ).update(leased_until=None, lease_token="", **fields)
        self.done.update(r.pk for r in rows)

    def _update_delivery(self, delivery, **fields) -> None:
        if delivery is not None:
            Delivery.objects.filter(
                pk=delivery.pk, state=Delivery.State.SENDING, lease_token=uuid.UUID(self.token)
            ).update(leased_until=None, lease_token=None, **fields)

    def _delivery_back(self, delivery) -> None:
        self._update_delivery(delivery, state=Delivery.State.WAITING, retry_at=None, attempts=F("attempts") - 1)

    def _release(self, rows: list[Reminder]) -> None:
        released = Reminder.objects.filter(
            pk__in=[r.pk for r in rows], state=Reminder.State.SENDING, lease_token=self.token
        ).update(state=Reminder.State.SCHEDULED, leased_until=None, lease_token="", attempts=F("attempts") - 1)
        for delivery in {r.delivery_id: r.delivery for r in rows if r.delivery_id}.values():
            self._delivery_back(delivery)
        self.result.released += released

    def _recover(self) -> None:
        """After a database error: record what was sent and hand back the rest, on a new connection.

        If the database is still away, the lease does the same job when it expires.
        """
        connection.close()
        try:
            for sent in self.sent_unrecorded:
                self._mark_sent(sent, sent[0].delivery)
            self._release(
                list(
                    Reminder.objects.filter(pk__in=self.ids, state=Reminder.State.SENDING, lease_token=self.token)
                    .exclude(pk__in=self.done)
                    .select_related("delivery")
                )
            )
        except DatabaseError:
            log.warning("The database is still unavailable; these reminders return when their lease expires.")
            connection.close()


def _load_subjects(rows: list[Reminder]) -> dict[tuple[int, int], object]:
    """The objects the reminders are about, one query per model (plus each kind's `load_related`)."""
    wanted: dict[int, set[int]] = defaultdict(set)
    related: dict[int, set[str]] = defaultdict(set)
    types = {}
    for reminder in rows:
        wanted[reminder.content_type_id].add(reminder.object_id)
        types[reminder.content_type_id] = reminder.content_type
        kind = registry.find(reminder.kind)
        if kind:
            related[reminder.content_type_id].update(kind.load_related)
    subjects = {}
    for type_id, ids in wanted.items():
        model = types[type_id].model_class()
        if model is None:  # the model's app is gone: those reminders are cancelled as deleted
            continue
        for obj in model._base_manager.filter(pk__in=ids).prefetch_related(*sorted(related[type_id])):
            subjects[(type_id, obj.pk)] = obj
    return subjects


def _pks(rows: list[Reminder]) -> str:
    return ", ".join(str(r.pk) for r in rows)


def _is_temporary(error: OSError) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    # Refused or reset connections, timeouts, a server that hung up: try again later.
    return True
