"""The mailbox watcher: claim the mailboxes due a look, read what arrived, keep the job mail.

Each mailbox is claimed with a lease, as the reminder dispatcher claims its rows: a token and a
`leased_until`, taken with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL (SQLite serialises its
writers), so two watchers never read one mailbox. Every write after that says `WHERE lease_token
= <ours>`: a watcher that lost its lease (it took too long, or the person reconnected or
disconnected meanwhile) keeps nothing. A watcher killed halfway loses nothing either: its lease
runs out, and the next one starts from the last position written.

Messages are read in small batches. Each batch is kept whole, in one commit: its suggestions and
the new position (UIDVALIDITY, last UID) together, so a server that goes away mid-read leaves
nothing half-kept, and the next look starts where the last whole batch ended. A message already
suggested is never suggested again: one Suggestion per person and Message-ID (a unique
constraint), whichever path read it twice (a UIDVALIDITY reset, the look back, a lost lease).

What is read: what arrived after the mailbox was connected, from where the last look stopped (and
once, when the person asks, the last LOOK_BACK_DAYS days). What is kept of a message: only a job
message's Message-ID (hashed), date, sender, subject, meaning, the phrases that decided it and a
short excerpt. Nothing is ever written to the mailbox (inbox.imap opens it read-only).

Failures: a wrong password, a missing folder or a certificate that can't be verified stop the
watching until the person fixes the settings, with one email to say so (the page shows a banner
from the mailbox's state); a server that can't be reached, or answers nonsense, is tried again
later, twice as long each time. Nothing here logs a password, a subject or a body: counts and the
mailbox's id only.
"""

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from inbox import imap, messages, secrets
from inbox.imap import Batch, Kind, MailboxError
from inbox.models import FIRST_RETRY_SECONDS, LONGEST_RETRY_SECONDS, LOOK_BACK_DAYS, Mailbox, QuietSender, Suggestion
from jobhunt.email_reading import classify, match_applications
from reminders import services as reminders

log = logging.getLogger(__name__)

# Long enough for one batch on a slow server (each network step times out after TIMEOUT seconds);
# every batch kept renews it.
LEASE = timedelta(minutes=5)
TIMEOUT = 30
# Messages per batch, and the largest one downloaded: a batch is held in memory whole, and job
# mail is small (a message over this is an attachment someone sent, skipped unread).
BATCH_SIZE = 25
MAX_MESSAGE_BYTES = 5_000_000
# A message's date is the sender's clock, and mail can take a while to arrive: one dated a little
# before the mailbox was connected may still have arrived after.
DATE_GRACE = timedelta(hours=1)
# Failures only the person can fix: reading stops until they save the settings again.
STOPPING = {Kind.AUTH, Kind.FOLDER, Kind.CERTIFICATE}
STOPPED_KIND = "mailbox_stopped"  # the reminder kind that tells them (inbox.reminder_kinds)


@dataclass
class Look:
    """What one look at a mailbox did, in counts (what a log line may say)."""

    read: int = 0  # messages that came back from the server
    kept: int = 0  # suggestions made
    too_big: int = 0
    unreadable: int = 0
    passed_over: int = 0  # quiet senders, the person's own mail, mail from before connecting
    not_job_mail: int = 0
    already_seen: int = 0
    batches: int = 0
    problem: str = ""  # the failure's kind (inbox.imap.Kind), "" when it went well
    lease_lost: bool = False

    def __str__(self):
        return (
            f"read={self.read} kept={self.kept} too_big={self.too_big} unreadable={self.unreadable} "
            f"passed_over={self.passed_over} not_job_mail={self.not_job_mail} already_seen={self.already_seen} "
            f"batches={self.batches} problem={self.problem or '-'}{' lease_lost' if self.lease_lost else ''}"
        )


def check_interval() -> timedelta:
    return timedelta(seconds=settings.MAILBOX_CHECK_SECONDS)


def retry_delay(failures: int) -> timedelta:
    """5 minutes after the first failure in a row, then twice as long each time, at most 6 hours."""
    return timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** (failures - 1), LONGEST_RETRY_SECONDS))


# Claiming ---------------------------------------------------------------------------------------


def _due(now: datetime) -> Q:
    free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    return Q(state=Mailbox.State.WATCHING, next_check_at__lte=now) & free


@transaction.atomic
def claim(*, now: datetime | None = None) -> tuple[Mailbox, str] | None:
    """The mailbox due a look the longest, leased to the caller: (mailbox, token), or None."""
    now = now or timezone.now()
    rows = Mailbox.objects.filter(_due(now)).order_by("next_check_at", "pk")
    if connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True)  # one another watcher holds is passed by
    pk = rows.values_list("pk", flat=True).first()
    if pk is None:
        return None
    token = uuid.uuid4().hex
    # Conditional all the same: without row locks, the UPDATE is what decides who has it.
    if not Mailbox.objects.filter(_due(now), pk=pk).update(lease_token=token, leased_until=now + LEASE):
        return None
    return Mailbox.objects.select_related("user").get(pk=pk), token


def watch_due(*, now: datetime | None = None, limit: int = 20, time_budget: float | None = None) -> int:
    """Look at the mailboxes due a look, one claim at a time, at most `limit` of them and, with a
    `time_budget` (seconds), no new claim or batch once it is spent. Returns how many were looked at."""
    if not secrets.available():
        # No key, no passwords to log in with: nothing is stopped for a setting the operator lost.
        log.warning("MAILBOX_KEYS is not set: no mailbox is read.")
        return 0
    deadline = time.monotonic() + time_budget if time_budget else None
    watched = 0
    while watched < limit and (deadline is None or time.monotonic() < deadline):
        claimed = claim(now=now)
        if claimed is None:
            break
        mailbox, token = claimed
        watched += 1
        try:
            watch_one(mailbox, token, deadline=deadline)
        except DatabaseError:
            raise  # the database is away: the lease brings the mailbox back once it runs out
        except Exception as error:  # a bug, on one mailbox: the others still get their look
            log.exception("Watching mailbox %s failed", mailbox.pk)
            _retry_later(mailbox, token, problem=mailbox.problem)  # the last known problem stays shown
            if isinstance(error, SoftTimeLimitExceeded):
                raise
    return watched


# One mailbox --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    after_uid: int  # read the messages above this UID
    since: date  # …received (by the server's clock) on this day or later
    oldest: datetime  # …and dated no earlier than this
    look_back: datetime | None  # the look back being read: its request's time, cleared when done


def _plan(mailbox: Mailbox) -> _Plan:
    """Where this look starts. The look back reads from the first UID once; the watcher knows it
    has begun when a look that started after the request has kept a batch (last_checked_at is
    when a look started), so a request made during a look is not taken as done by it."""
    asked = mailbox.look_back_asked_at
    if asked is not None:
        begun = mailbox.last_checked_at is not None and mailbox.last_checked_at >= asked
        after_uid, oldest = (mailbox.last_uid if begun else 0), asked - timedelta(days=LOOK_BACK_DAYS)
    else:
        after_uid, oldest = mailbox.last_uid, mailbox.connected_at - DATE_GRACE
    # The server asks its own day of arrival, in its own time zone: a day early is on the safe side.
    return _Plan(after_uid=after_uid, since=(oldest - timedelta(days=1)).date(), oldest=oldest, look_back=asked)


def watch_one(mailbox: Mailbox, token: str, *, deadline: float | None = None) -> Look:
    """Read what is new in a mailbox this watcher has claimed (`token`), batch after batch, keep the
    job mail, and hand the mailbox back with its next look planned."""
    look = Look()
    started = timezone.now()
    try:
        login = mailbox.imap_settings()
    except secrets.Unreadable:
        # The key that locked the password is gone: only the person can give it again, as after a
        # wrong password, so it stops the same way and says so.
        log.error("Mailbox %s: no key in MAILBOX_KEYS opens its password; stopped until it is given again.", mailbox.pk)
        look.problem = Kind.AUTH
        _stop(mailbox, token, Kind.AUTH)
        return look
    plan = _plan(mailbox)
    passed_over = _passed_over(mailbox)
    uidvalidity, after_uid = mailbox.uidvalidity, plan.after_uid
    try:
        while True:
            batch = imap.read_new(
                login,
                uidvalidity=uidvalidity,
                after_uid=after_uid,
                since=plan.since,
                max_bytes=MAX_MESSAGE_BYTES,
                limit=BATCH_SIZE,
                timeout=TIMEOUT,
            )
            found = _suggestions(mailbox, batch, plan.oldest, passed_over, look)
            more = len(batch.messages) >= BATCH_SIZE
            out_of_time = deadline is not None and time.monotonic() > deadline
            last = not more or out_of_time
            looked_back = plan.look_back if not more else None  # the look back, if any, is read to the end
            if not _keep(mailbox, token, batch, found, started=started, last=last, again_soon=more, done=looked_back):
                look.lease_lost = True
                log.warning("Mailbox %s: the lease was lost mid-look; this batch is left to the next look.", mailbox.pk)
                break
            look.kept += len(found)
            look.batches += 1
            mailbox.failures = 0
            uidvalidity, after_uid = batch.uidvalidity, batch.last_uid
            if last:
                break
    except MailboxError as error:
        look.problem = error.kind
        if error.kind in STOPPING:
            _stop(mailbox, token, error.kind)
        else:
            _retry_later(mailbox, token, problem=error.kind)
    log.info("Mailbox %s: %s", mailbox.pk, look)
    return look


def _passed_over(mailbox: Mailbox) -> set[str]:
    """Senders whose mail is never suggested: those the person said are not job mail, and the
    person themselves (their own copies, notes to self)."""
    quiet = QuietSender.objects.filter(user=mailbox.user).values_list("address", flat=True)
    own = {address.lower() for address in (mailbox.username, mailbox.user.email) if "@" in address}
    return {address.lower() for address in quiet} | own


def _suggestions(mailbox: Mailbox, batch: Batch, oldest: datetime, passed_over: set[str], look: Look):
    """The suggestions for the job mail of a batch, not yet saved."""
    look.read += len(batch.messages)
    candidates: dict[str, tuple[int, messages.Message]] = {}
    for fetched in batch.messages:
        if fetched.too_big:
            look.too_big += 1
            continue
        message = messages.read(fetched.raw)
        if message is None:
            look.unreadable += 1
        elif message.sender in passed_over or message.received_at < oldest:
            look.passed_over += 1
        elif message.message_key in candidates:
            look.already_seen += 1
        else:
            candidates[message.message_key] = (fetched.uid, message)
    seen = set(
        Suggestion.objects.filter(user=mailbox.user, message_key__in=list(candidates)).values_list(
            "message_key", flat=True
        )
    )
    look.already_seen += len(seen)
    found = []
    for key, (uid, message) in candidates.items():
        if key in seen:
            continue
        try:
            suggestion = _suggestion(mailbox, message)
        except DatabaseError:
            raise
        except Exception:  # a bug on one odd message must not stop the reading of the others
            log.exception("Mailbox %s: message UID %s could not be classified", mailbox.pk, uid)
            look.unreadable += 1
            continue
        if suggestion is None:
            look.not_job_mail += 1
        else:
            found.append(suggestion)
    return found


def _suggestion(mailbox: Mailbox, message: messages.Message) -> Suggestion | None:
    email = message.to_email()
    reading = classify(email)
    if reading.status not in Suggestion.Meaning.values:
        return None
    matches, _ = match_applications(mailbox.user, email, limit=1)
    return Suggestion(
        user=mailbox.user,
        mailbox=mailbox,
        message_key=message.message_key,
        received_at=message.received_at,
        sender=message.sender,
        sender_name=message.sender_name,
        subject=message.subject,
        meaning=reading.status,
        phrases=[phrase[:200] for phrase in reading.reasons],
        excerpt=message.excerpt(reading.reasons[0] if reading.reasons else ""),
        application=matches[0].application if matches else None,
    )


# Writes, each only while the lease is ours -------------------------------------------------------


def _ours(mailbox: Mailbox, token: str):
    return Mailbox.objects.filter(pk=mailbox.pk, lease_token=token, state=Mailbox.State.WATCHING)


def _keep(mailbox, token, batch: Batch, found, *, started, last: bool, again_soon: bool, done) -> bool:
    """A batch's suggestions and the position after it, in one commit; False if the lease was lost
    (then nothing is kept). The last batch hands the mailbox back; the others renew the lease."""
    now = timezone.now()
    fields = {
        "uidvalidity": batch.uidvalidity,
        "last_uid": batch.last_uid,
        "last_checked_at": started,
        "failures": 0,
        "problem": "",
    }
    if last:
        # Out of time with more to read: due again at once, for the next run to carry on.
        fields["next_check_at"] = now if again_soon else now + check_interval()
        fields.update(leased_until=None, lease_token="")
    else:
        fields["leased_until"] = now + LEASE
    with transaction.atomic():
        if not _ours(mailbox, token).update(**fields):
            return False
        if done is not None:  # the look back is read; unless it was asked for again meanwhile
            Mailbox.objects.filter(pk=mailbox.pk, look_back_asked_at=done).update(look_back_asked_at=None)
        Suggestion.objects.bulk_create(found, ignore_conflicts=True)  # the constraint keeps one per message
    return True


def _retry_later(mailbox: Mailbox, token: str, *, problem: str) -> None:
    """Hand the mailbox back for another look after the backoff."""
    failures = mailbox.failures + 1  # 0 again if a batch of this look was kept
    _ours(mailbox, token).update(
        failures=failures,
        problem=problem,
        next_check_at=timezone.now() + retry_delay(failures),
        leased_until=None,
        lease_token="",
    )


def _stop(mailbox: Mailbox, token: str, kind: Kind) -> None:
    """Stop reading until the person fixes the settings, and tell them once, by email."""
    now = timezone.now()
    with transaction.atomic():
        stopped = _ours(mailbox, token).update(
            state=Mailbox.State.STOPPED,
            stopped_at=now,
            problem=kind,
            failures=F("failures") + 1,
            leased_until=None,
            lease_token="",
        )
        if stopped:
            # One email per stop: a later stop, after the person fixed it, is news again.
            reminders.schedule(
                user=mailbox.user,
                kind=STOPPED_KIND,
                about=mailbox,
                due_at=now,
                key=f"{STOPPED_KIND}:{mailbox.pk}:{now.isoformat()}",
            )
