"""The dispatcher: claim due reminders with a lease, send them, record what happened.

Exactly once, as far as email allows:
- A claim moves rows from `scheduled` to `sending` with a lease (`leased_until`) and a token. On
  PostgreSQL the rows are picked with SELECT … FOR UPDATE SKIP LOCKED, so concurrent dispatchers
  take disjoint batches; elsewhere (SQLite) one conditional UPDATE takes only rows still due.
- Every outcome is written with `WHERE lease_token = <ours> AND state = 'sending'`: a dispatcher
  whose lease ran out never overwrites the work of the one that took the row over.
- A dispatcher that dies after claiming loses nothing: when the lease expires the row is due
  again. If it died between the SMTP server's "250" and the database write, the email goes out
  twice with the same Message-ID, which mail clients recognise; that window is one UPDATE long.
- Temporary SMTP failures (4xx, refused connections, timeouts) move `due_at` forward with
  exponential backoff; after MAX_ATTEMPTS, or at once on a 5xx, the row is `failed` with the error.

At send time the person's choices win: all reminders off or this kind muted cancels the row;
quiet mode postpones it to the morning after the pause or skips it, as its kind says
(ReminderKind.while_paused). A reminder whose reason went away (`still_relevant` is False) or
whose subject was deleted is cancelled.
"""

import logging
import smtplib
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from reminders import emails, registry
from reminders.local_time import at_local_hour, daytime
from reminders.models import Reminder

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A reminder later than this (an outage, a backlog) that would land in the person's night waits
# for their morning. On-time rows were placed in the daytime by schedule() already.
LATE_AFTER = timedelta(hours=1)


def lease() -> timedelta:
    return timedelta(seconds=settings.REMINDERS_LEASE_SECONDS)


def batch_size() -> int:
    return settings.REMINDERS_BATCH_SIZE


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8… times the base delay after the 1st, 2nd, 3rd… failed attempt."""
    return timedelta(seconds=settings.REMINDERS_RETRY_SECONDS * 2 ** (attempts - 1))


@dataclass
class PassResult:
    sent: int = 0
    cancelled: int = 0
    postponed: int = 0
    retried: int = 0
    failed: int = 0
    released: int = 0
    batches: int = 0
    more_due: bool = False  # stopped by its time budget with rows still waiting

    def __str__(self):
        return (
            f"sent={self.sent} cancelled={self.cancelled} postponed={self.postponed} retried={self.retried} "
            f"failed={self.failed} released={self.released} batches={self.batches}"
        )


def _due(now: datetime) -> Q:
    """Scheduled rows whose time has come, and claimed rows whose dispatcher's lease ran out."""
    return Q(state=Reminder.State.SCHEDULED, due_at__lte=now) | Q(state=Reminder.State.SENDING, leased_until__lt=now)


def claim(*, limit: int, now: datetime | None = None) -> tuple[str, list[int]]:
    """Take up to `limit` due reminders for this dispatcher; returns (lease token, ids)."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    taken = {
        "state": Reminder.State.SENDING,
        "leased_until": now + lease(),
        "lease_token": token,
        "attempts": F("attempts") + 1,  # a try that crashes counts too: a poison row ends as failed
    }
    due = Reminder.objects.filter(_due(now)).order_by("due_at")
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
            Reminder.objects.filter(pk__in=ids).update(**taken)
        return token, ids
    # Without row locks, the UPDATE's own WHERE decides: a row another dispatcher took in between
    # is no longer due and is left alone.
    candidates = list(due.values_list("pk", flat=True)[:limit])
    Reminder.objects.filter(_due(now), pk__in=candidates).update(**taken)
    mine = Reminder.objects.filter(state=Reminder.State.SENDING, lease_token=token)
    return token, list(mine.values_list("pk", flat=True))


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
                token, ids = claim(limit=size)
                if not ids:
                    break
                result.batches += 1
                if result.batches == 1 and len(ids) == size and on_backlog:
                    on_backlog()
                _Batch(token, ids, mail, result).run()
                if len(ids) < size:
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

    One UPDATE per email is what keeps a resend window small; waiting for the flush each time
    would halve throughput. A dispatcher or its connection dying loses nothing (the commit is in
    the server's WAL already); only a crash of the database server itself could forget the last
    fraction of a second of "sent" marks, and those emails would go again with the same Message-ID.
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
    def __init__(self, token: str, ids: list[int], mail: _Mail, result: PassResult):
        self.token = token
        self.ids = ids
        self.mail = mail
        self.result = result
        self.done: set[int] = set()
        self.sent_unrecorded: set[int] = set()

    def run(self) -> None:
        try:
            rows = list(
                Reminder.objects.filter(pk__in=self.ids, state=Reminder.State.SENDING, lease_token=self.token)
                .select_related("user", "content_type")
                .order_by("due_at", "pk")
            )
            subjects = _load_subjects(rows)
            safe_until = None
            for reminder in rows:
                safe_until = safe_until or reminder.leased_until - min(lease() / 4, timedelta(minutes=1))
                if timezone.now() >= safe_until:
                    # This batch ran long: hand the rest back rather than send past our lease.
                    self._release([r.pk for r in rows if r.pk not in self.done])
                    return
                self._handle(reminder, subjects.get((reminder.content_type_id, reminder.object_id)))
        except DatabaseError:
            log.exception("Database error while dispatching reminders; handing this batch back")
            self._recover()
            raise

    # --- one reminder ---------------------------------------------------------------------

    def _handle(self, reminder: Reminder, about) -> None:
        now = timezone.now()
        try:
            kind = registry.get(reminder.kind)
        except KeyError:
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
        if now - reminder.due_at > LATE_AFTER and (morning := daytime(user, now)) > now:
            return self._postpone(reminder, morning)
        try:
            if not kind.still_relevant(about):
                return self._finish(reminder, Reminder.State.CANCELLED, error="No longer needed.")
            message = emails.build(reminder, kind, about)
        except DatabaseError:
            raise
        except Exception as error:  # a bug in a kind's template or context: retrying won't help
            log.exception("Could not write reminder %s", reminder.pk)
            return self._finish(reminder, Reminder.State.FAILED, error=f"Could not write the email: {error!r}")
        try:
            self.mail.send(message)
        except OSError as error:  # smtplib's errors, refused connections and timeouts are all OSErrors
            return self._failed_send(reminder, error)
        self.sent_unrecorded.add(reminder.pk)
        self._finish(reminder, Reminder.State.SENT)

    def _failed_send(self, reminder: Reminder, error: OSError) -> None:
        description = f"{type(error).__name__}: {error}"
        if _is_temporary(error) and reminder.attempts < MAX_ATTEMPTS:
            log.warning("Reminder %s: temporary mail error, retrying later: %s", reminder.pk, description)
            self._update(
                reminder,
                state=Reminder.State.SCHEDULED,
                due_at=timezone.now() + retry_delay(reminder.attempts),
                last_error=description,
            )
            self.result.retried += 1
            return
        log.error("Reminder %s failed: %s", reminder.pk, description)
        self._finish(reminder, Reminder.State.FAILED, error=description)

    # --- writes, each only while we still hold the lease ----------------------------------------

    def _finish(self, reminder: Reminder, state: str, *, error: str = "") -> None:
        fields = {"state": state, "last_error": error}
        if state == Reminder.State.SENT:
            fields["sent_at"] = timezone.now()
        self._update(reminder, **fields)
        self.sent_unrecorded.discard(reminder.pk)
        setattr(self.result, state, getattr(self.result, state) + 1)  # PassResult has one counter per end state

    def _postpone(self, reminder: Reminder, due_at: datetime) -> None:
        # Waiting for the person's morning or the end of their pause is not a failed attempt.
        self._update(reminder, state=Reminder.State.SCHEDULED, due_at=due_at, attempts=F("attempts") - 1)
        self.result.postponed += 1

    def _update(self, reminder: Reminder, **fields) -> None:
        Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.SENDING, lease_token=self.token).update(
            leased_until=None, lease_token="", **fields
        )
        self.done.add(reminder.pk)

    def _release(self, ids) -> None:
        released = Reminder.objects.filter(pk__in=ids, state=Reminder.State.SENDING, lease_token=self.token).update(
            state=Reminder.State.SCHEDULED, leased_until=None, lease_token="", attempts=F("attempts") - 1
        )
        self.result.released += released

    def _recover(self) -> None:
        """After a database error: record what was sent and hand back the rest, on a new connection.

        If the database is still away, the lease does the same job when it expires.
        """
        connection.close()
        try:
            if self.sent_unrecorded:
                Reminder.objects.filter(
                    pk__in=self.sent_unrecorded, state=Reminder.State.SENDING, lease_token=self.token
                ).update(state=Reminder.State.SENT, sent_at=timezone.now(), leased_until=None, lease_token="")
                self.done |= self.sent_unrecorded
            self._release([pk for pk in self.ids if pk not in self.done])
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


def _is_temporary(error: OSError) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    # Refused or reset connections, timeouts, a server that hung up: try again later.
    return True
