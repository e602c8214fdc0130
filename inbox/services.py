"""Every write of the inbox but the watcher's (inbox.watch): connecting a mailbox, letting it go,
and what the person says of a suggestion. Nothing in the pipeline changes without their click."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from inbox import imap, secrets
from inbox.models import Mailbox, QuietSender, Suggestion
from jobhunt import postings
from jobhunt import services as jobhunt
from jobhunt.models import Application, Status
from reminders import services as reminders

# A suggestion's meaning, as the stage it moves its application to.
MOVES = {
    Suggestion.Meaning.REJECTION: Status.REJECTED,
    Suggestion.Meaning.INVITATION: Status.INTERVIEWING,
    Suggestion.Meaning.OFFER: Status.OFFER,
}


@dataclass(frozen=True, kw_only=True)
class MailboxDetails:
    host: str
    port: int
    security: str
    username: str
    password: str
    folder: str

    def imap_settings(self, cafile: str | None) -> imap.Settings:
        return imap.Settings(
            host=self.host,
            port=self.port,
            security=self.security,
            username=self.username,
            password=self.password,
            folder=self.folder,
            cafile=cafile,
        )


def mailbox_connect(*, user, details: MailboxDetails, look_back: bool = False, cafile: str | None = None) -> Mailbox:
    """Log in and open the folder as the watcher will (imap.MailboxError if that fails: nothing is
    kept), then keep the settings, the password encrypted. Reading starts with what arrives from
    now on: the folder's next UID is where it begins (and, when asked, the last 30 days once)."""
    state = imap.check(details.imap_settings(cafile))
    now = timezone.now()
    with transaction.atomic():
        mailbox, created = Mailbox.objects.select_for_update().get_or_create(
            user=user, defaults={"password_encrypted": ""}
        )
        elsewhere = (mailbox.host, mailbox.username, mailbox.folder) != (details.host, details.username, details.folder)
        if not created and elsewhere:
            # Another mailbox or folder: what was found in the old one is about other mail.
            mailbox.suggestions.filter(state=Suggestion.State.OPEN).delete()
        mailbox.host, mailbox.port, mailbox.security = details.host, details.port, details.security
        mailbox.username, mailbox.folder = details.username, details.folder
        mailbox.password_encrypted = secrets.encrypt(details.password)
        mailbox.connected_at = now
        mailbox.uidvalidity, mailbox.last_uid = state.uidvalidity, max(state.uidnext - 1, 0)
        mailbox.look_back_asked_at = now if look_back else None
        mailbox.state, mailbox.problem, mailbox.failures = Mailbox.State.WATCHING, "", 0
        mailbox.stopped_at, mailbox.next_check_at = None, now
        mailbox.leased_until, mailbox.lease_token = None, ""
        mailbox.save()
        reminders.cancel(about=mailbox)  # a "stopped reading" email not sent yet has no reason left
    return mailbox


def mailbox_test(*, mailbox: Mailbox) -> imap.FolderState:
    """Log in with the kept settings and open the folder (imap.MailboxError says what failed)."""
    return imap.check(mailbox.imap_settings())


def mailbox_look_back(*, mailbox: Mailbox) -> None:
    """Read the last 30 days once, at the watcher's next look (which is now)."""
    Mailbox.objects.filter(pk=mailbox.pk).update(look_back_asked_at=timezone.now(), next_check_at=timezone.now())


@transaction.atomic
def mailbox_disconnect(*, user) -> bool:
    """Forget the mailbox at once: its settings and password, where the watcher was, what it found
    that is still waiting, and any email about it not sent yet. Returns whether there was one."""
    mailbox = Mailbox.objects.filter(user=user).first()
    if mailbox is None:
        return False
    reminders.cancel(about=mailbox)
    mailbox.delete()  # its suggestions go with it
    return True


# Suggestions --------------------------------------------------------------------------------------


class NothingToDo(Exception):
    """The suggestion was already handled, or needs an application picked first."""


def _handled(suggestion: Suggestion, state: str, application: Application | None = None) -> None:
    suggestion.state, suggestion.handled_at = state, timezone.now()
    if application is not None:
        suggestion.application = application
    suggestion.save(update_fields=["state", "handled_at", "application"])


def _open(suggestion: Suggestion) -> Suggestion:
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.state != Suggestion.State.OPEN:
        raise NothingToDo("This one was already handled.")
    return suggestion


@transaction.atomic
def suggestion_confirm(*, suggestion: Suggestion, application: Application | None = None) -> Application:
    """Do what the message says: move its application (a rejection starts the walkthrough, as any
    move to rejected does), or, for a note that they have an application, add it as applied."""
    suggestion = _open(suggestion)
    if suggestion.meaning == Suggestion.Meaning.RECEIVED and application is None and suggestion.application is None:
        application = _add_application(suggestion)
    else:
        application = application or suggestion.application
        if application is None:
            raise NothingToDo("Pick the application it is about.")
        to_status = MOVES.get(suggestion.meaning)
        if to_status is not None:
            jobhunt.application_move(application=application, to_status=to_status, note=_note(suggestion))
        elif application.status == Status.SAVED:
            jobhunt.application_move(application=application, to_status=Status.APPLIED, note=_note(suggestion))
    _handled(suggestion, Suggestion.State.CONFIRMED, application)
    return application


def suggestions_settled(*, application: Application, to_status: str) -> int:
    """Put away, as confirmed, the waiting suggestions about `application` that asked for the move
    it just made (however it was made). Returns how many."""
    meanings = [meaning for meaning, status in MOVES.items() if status == to_status]
    if not meanings:
        return 0
    waiting = Suggestion.objects.filter(application=application, state=Suggestion.State.OPEN, meaning__in=meanings)
    return waiting.update(state=Suggestion.State.CONFIRMED, handled_at=timezone.now())


def _note(suggestion: Suggestion) -> str:
    return f"From an email from {suggestion.sender_name or suggestion.sender}"[:500]


def _add_application(suggestion: Suggestion) -> Application:
    """The application a "thanks for applying" is about, from its words: the person checks it next."""
    guess = postings.read_posting_text(f"{suggestion.subject}\n\n{suggestion.excerpt}")
    company_name = (guess.company or suggestion.sender_name or _domain(suggestion.sender) or "Unknown company")[:200]
    company = jobhunt.company_for_name(user=suggestion.user, name=company_name)
    role = (guess.role_title or suggestion.subject or "Role to check")[:200]
    return jobhunt.application_create(
        user=suggestion.user,
        company=company,
        role_title=role,
        status=Status.APPLIED,
        note=_note(suggestion),
        date_applied=_day(suggestion),
    )


def _domain(address: str) -> str:
    return address.rpartition("@")[2].split(".")[0].capitalize() if "@" in address else ""


def _day(suggestion: Suggestion) -> date:
    return timezone.localdate(suggestion.received_at, suggestion.user.tzinfo)


@transaction.atomic
def suggestion_not_this_one(*, suggestion: Suggestion) -> None:
    _handled(_open(suggestion), Suggestion.State.NOT_THIS_ONE)


@transaction.atomic
def suggestion_not_job_mail(*, suggestion: Suggestion) -> int:
    """Not job mail: this one goes, so do the others waiting from the same sender, and nothing
    from that address is suggested again. Returns how many were put away."""
    suggestion = _open(suggestion)
    if suggestion.sender:
        QuietSender.objects.get_or_create(user=suggestion.user, address=suggestion.sender)
        same = Suggestion.objects.for_user(suggestion.user).waiting().filter(sender=suggestion.sender)
    else:
        same = Suggestion.objects.filter(pk=suggestion.pk)
    return same.update(state=Suggestion.State.NOT_JOB_MAIL, handled_at=timezone.now())


def quiet_sender_remove(*, quiet_sender: QuietSender) -> None:
    """Mail from this address may be suggested again (from the next message on)."""
    quiet_sender.delete()
