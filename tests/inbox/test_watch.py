"""The mailbox watcher against a real dovecot: new job mail becomes a suggestion, once; nothing in
the mailbox changes; failures stop or back off calmly; two watchers never read one mailbox."""

import hashlib
import imaplib
import threading
import time
from datetime import datetime, timedelta
from email.header import Header

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from inbox import imap, watch
from inbox import tasks as inbox_tasks  # noqa: F401  (the periodic task, registered with Celery)
from inbox.models import FIRST_RETRY_SECONDS, LONGEST_RETRY_SECONDS, Mailbox, QuietSender, Suggestion
from reminders import dispatch, emails, registry
from reminders.embedded import Scheduler
from reminders.models import Reminder
from tests.factories import ApplicationFactory, CompanyFactory, UserFactory
from tests.inbox.conftest import fresh, new_account, sample
from tests.integration.conftest import need, wait_for
from tests.reminders.conftest import zone_where_it_is

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def look(mailbox: Mailbox) -> watch.Look:
    """One watcher's look at this mailbox, as watch_due takes it (claimed with a lease)."""
    claimed = watch.claim()
    assert claimed is not None, "the mailbox is due a look"
    claimed_mailbox, token = claimed
    assert claimed_mailbox.pk == mailbox.pk
    return watch.watch_one(claimed_mailbox, token)


def due_again(mailbox: Mailbox) -> None:
    """As if the check interval had passed."""
    Mailbox.objects.filter(pk=mailbox.pk).update(next_check_at=timezone.now())


def suggestions(mailbox: Mailbox) -> list[tuple[str, str]]:
    return sorted(Suggestion.objects.filter(mailbox=mailbox).values_list("meaning", "sender"))


def northwind(user):
    company = CompanyFactory(user=user, name="Northwind Logistics", website="https://northwind-logistics.example")
    return ApplicationFactory(user=user, company=company, role_title="Data Analyst")


def login_attempts(account) -> int:
    """Logins (good or refused) dovecot recorded for the account: its imap-login lines."""
    log = account.server.log_file.read_text() if account.server.log_file.exists() else ""
    return sum(1 for line in log.splitlines() if "imap-login:" in line and f"user=<{account.user}>" in line)


def in_charset(charset: str, *, sender_name: str, address: str, subject: str, body: str, message_id: str) -> bytes:
    """A message written in `charset`: encoded words in the headers, 8-bit text in the body."""
    head = (
        f"From: {Header(sender_name, charset).encode()} <{address}>\r\n"
        f"To: sam@example.org\r\nSubject: {Header(subject, charset).encode()}\r\n"
        f"Message-ID: {message_id}\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: 8bit\r\n"
    )
    return fresh(head.encode() + b"\r\n" + body.replace("\n", "\r\n").encode(charset))


# New mail --------------------------------------------------------------------------------------


def test_new_job_mail_becomes_a_suggestion_with_its_meaning_sender_and_application(account, connect):
    user = UserFactory()
    application = northwind(user)
    mailbox = connect(account, user=user)
    account.deliver(fresh("rejection.eml"))
    account.deliver(fresh("interview.eml"))

    assert watch.watch_due() == 1

    invitation, rejection = Suggestion.objects.filter(user=user).order_by("meaning")
    assert (rejection.meaning, rejection.sender, rejection.sender_name) == (
        Suggestion.Meaning.REJECTION,
        "careers@northwind-logistics.example",
        "Talent Team",
    )
    assert rejection.subject == "Your application for Data Analyst"
    assert rejection.phrases == ["not to move forward", "keep your details on file"]
    assert "we have decided not to move forward with your application at this time." in rejection.excerpt
    assert rejection.application == application
    assert rejection.mailbox == mailbox and rejection.state == Suggestion.State.OPEN
    assert (invitation.meaning, invitation.sender) == ("interviewing", "priya.shah@bluefin-studio.example")
    assert invitation.application is None  # no application at Bluefin Studio
    assert invitation.phrases == ["Interview invitation", "invite you to a first interview"]
    mailbox.refresh_from_db()
    assert (mailbox.last_uid, mailbox.failures, mailbox.problem, mailbox.lease_token) == (2, 0, "", "")
    assert mailbox.leased_until is None
    assert mailbox.next_check_at - mailbox.last_checked_at == pytest.approx(
        timedelta(seconds=django_settings.MAILBOX_CHECK_SECONDS), abs=timedelta(seconds=5)
    )


def test_only_what_a_suggestion_needs_is_kept_of_a_message(account, connect):
    mailbox = connect(account)
    account.deliver(fresh("rejection.eml"))

    look(mailbox)

    (kept,) = Suggestion.objects.filter(mailbox=mailbox).values()
    body = " ".join(sample("rejection.eml").decode().partition("\r\n\r\n")[2].split())
    assert kept["excerpt"].startswith("…") and kept["excerpt"][1:] in body  # a part of the body, never all
    assert "Hello Sam" not in str(kept)
    assert kept["message_key"] == hashlib.sha256(b"<rejection-0001@northwind-logistics.example>").hexdigest()


def test_the_same_message_delivered_twice_is_suggested_once(account, connect):
    mailbox = connect(account)
    account.deliver(fresh("rejection.eml"))
    account.deliver(fresh("rejection.eml"))  # in the same batch

    first = look(mailbox)
    account.deliver(fresh("rejection.eml"))  # and once more, in a later look
    due_again(mailbox)
    second = look(mailbox)

    assert suggestions(mailbox) == [("rejected", "careers@northwind-logistics.example")]
    assert (first.read, first.kept, first.already_seen) == (2, 1, 1)
    assert (second.read, second.kept, second.already_seen) == (1, 0, 1)


def test_a_message_the_person_put_away_is_not_suggested_again(account, connect):
    mailbox = connect(account)
    account.deliver(fresh("rejection.eml"))
    look(mailbox)
    Suggestion.objects.filter(mailbox=mailbox).update(state=Suggestion.State.NOT_THIS_ONE)
    Mailbox.objects.filter(pk=mailbox.pk).update(last_uid=0)  # as if the position were lost

    due_again(mailbox)
    look(mailbox)

    assert list(Suggestion.objects.filter(mailbox=mailbox).values_list("state", flat=True)) == ["not_this_one"]


def test_mail_already_in_the_mailbox_when_it_was_connected_is_not_read(account, connect):
    account.deliver(fresh("rejection.eml", date=timezone.now() - timedelta(minutes=5)))
    account.deliver(fresh("interview.eml", date=timezone.now() - timedelta(minutes=5)))
    mailbox = connect(account)
    account.deliver(fresh("malformed_mime.eml"))

    seen = look(mailbox)

    assert seen.read == 1  # the two already there are below the position taken when connecting
    assert suggestions(mailbox) == [("acknowledged", "noreply@portal.example")]


def test_without_a_position_mail_dated_before_connecting_is_passed_over(account, connect):
    # A mailbox never looked at (no UIDVALIDITY yet): what is there is judged by its date.
    for name in ("rejection.eml", "interview.eml"):
        account.deliver(sample(name), received=datetime(2025, 3, 3, 9, 12))  # dated, and delivered, in March 2025
    account.deliver(fresh("rejection.eml", date=timezone.now() - timedelta(days=2), message_id="<old@x.example>"))
    mailbox = connect(account, position=False)
    account.deliver(fresh("malformed_mime.eml"))

    seen = look(mailbox)

    assert suggestions(mailbox) == [("acknowledged", "noreply@portal.example")]
    assert seen.read == 2  # the server's SINCE left out the two from March; the date the rest
    assert seen.passed_over == 1
    mailbox.refresh_from_db()
    assert (mailbox.uidvalidity, mailbox.last_uid) == (account.status()["UIDVALIDITY"], 4)


def test_newsletters_and_personal_mail_are_not_kept(account, connect):
    mailbox = connect(account)
    for name in ("newsletter.eml", "personal.eml", "rejection.eml"):
        account.deliver(fresh(name))

    seen = look(mailbox)

    assert suggestions(mailbox) == [("rejected", "careers@northwind-logistics.example")]
    assert (seen.read, seen.not_job_mail, seen.kept) == (3, 2, 1)


def test_mail_from_a_quiet_sender_or_the_person_themselves_is_passed_over(account, connect):
    user = UserFactory(email="Sam.Rivera@example.org")
    mailbox = connect(account, user=user)
    QuietSender.objects.create(user=user, address="careers@northwind-logistics.example")
    account.deliver(fresh("rejection.eml"))
    account.deliver(fresh("interview.eml", sender="Sam <sam.rivera@example.org>", message_id="<own@example.org>"))
    account.deliver(fresh("interview.eml"))

    seen = look(mailbox)

    assert suggestions(mailbox) == [("interviewing", "priya.shah@bluefin-studio.example")]
    assert seen.passed_over == 2


# The look back ---------------------------------------------------------------------------------


def test_the_look_back_reads_the_last_30_days_once(account, connect):
    now = timezone.now()
    account.deliver(fresh("rejection.eml", date=now - timedelta(days=40)), received=now - timedelta(days=40))
    account.deliver(fresh("interview.eml", date=now - timedelta(days=10)), received=now - timedelta(days=10))
    account.deliver(fresh("newsletter.eml", date=now - timedelta(days=3)), received=now - timedelta(days=3))
    mailbox = connect(account, look_back_asked_at=now)
    account.deliver(fresh("malformed_mime.eml"))

    first = look(mailbox)

    assert suggestions(mailbox) == [
        ("acknowledged", "noreply@portal.example"),
        ("interviewing", "priya.shah@bluefin-studio.example"),
    ]
    assert first.read == 3  # not the one from 40 days ago
    mailbox.refresh_from_db()
    assert mailbox.look_back_asked_at is None
    assert mailbox.last_uid == 4

    account.deliver(fresh("rejection.eml", date=now - timedelta(days=5), message_id="<late@x.example>"))
    due_again(mailbox)
    second = look(mailbox)

    assert second.read == 1 and second.passed_over == 1  # dated before connecting, and no look back asked now
    assert len(suggestions(mailbox)) == 2


def test_a_long_look_back_is_read_batch_by_batch_and_carries_on_in_the_next_run(account, connect, monkeypatch):
    monkeypatch.setattr(watch, "BATCH_SIZE", 2)
    now = timezone.now()
    for day in range(5):
        raw = fresh("rejection.eml", date=now - timedelta(days=day + 1), message_id=f"<r{day}@northwind.example>")
        account.deliver(raw, received=now - timedelta(days=day + 1))
    mailbox = connect(account, look_back_asked_at=now)

    claimed, token = watch.claim()
    out_of_time = watch.watch_one(claimed, token, deadline=0)  # the run's time is up after one batch

    assert (out_of_time.batches, out_of_time.kept) == (1, 2)
    mailbox.refresh_from_db()
    assert mailbox.look_back_asked_at == now  # not done yet
    assert mailbox.next_check_at <= timezone.now()  # due again at once, for the next run
    assert mailbox.lease_token == ""

    rest = look(mailbox)

    assert (rest.batches, rest.kept) == (2, 3)
    assert Suggestion.objects.filter(mailbox=mailbox).count() == 5
    mailbox.refresh_from_db()
    assert mailbox.look_back_asked_at is None and mailbox.last_uid == 5


def test_a_look_back_asked_for_during_a_look_is_not_taken_as_done_by_it(account, connect, monkeypatch):
    now = timezone.now()
    account.deliver(fresh("interview.eml", date=now - timedelta(days=10)), received=now - timedelta(days=10))
    mailbox = connect(account)
    account.deliver(fresh("rejection.eml"))
    real_read = imap.read_new

    def asked_meanwhile(*args, **kwargs):
        Mailbox.objects.filter(pk=mailbox.pk).update(look_back_asked_at=timezone.now())
        return real_read(*args, **kwargs)

    monkeypatch.setattr(imap, "read_new", asked_meanwhile)
    look(mailbox)
    monkeypatch.undo()
    assert suggestions(mailbox) == [("rejected", "careers@northwind-logistics.example")]

    due_again(mailbox)
    look(mailbox)

    assert len(suggestions(mailbox)) == 2  # the interview from 10 days ago, read by the look back
    mailbox.refresh_from_db()
    assert mailbox.look_back_asked_at is None


# UIDVALIDITY -----------------------------------------------------------------------------------


def test_a_uidvalidity_reset_reads_again_from_the_start_without_duplicates(account, connect):
    mailbox = connect(account)
    account.deliver(fresh("rejection.eml"))
    account.deliver(fresh("interview.eml"))
    look(mailbox)
    old = Mailbox.objects.get(pk=mailbox.pk).uidvalidity
    new_uidvalidity = account.server.reset_uidvalidity(account.user)
    account.deliver(fresh("malformed_mime.eml"))

    due_again(mailbox)
    again = look(mailbox)

    assert again.read == 3 and again.already_seen == 2 and again.kept == 1
    assert suggestions(mailbox) == [
        ("acknowledged", "noreply@portal.example"),
        ("interviewing", "priya.shah@bluefin-studio.example"),
        ("rejected", "careers@northwind-logistics.example"),
    ]
    mailbox.refresh_from_db()
    assert (mailbox.uidvalidity, mailbox.last_uid) == (new_uidvalidity, 3)
    assert new_uidvalidity != old


# Charsets and odd messages ---------------------------------------------------------------------


def test_iso_8859_1_windows_1252_and_shift_jis_mail_is_read_right(account, connect):
    mailbox = connect(account)
    account.deliver(
        in_charset(
            "iso-8859-1",
            sender_name="Société Générale des Eaux",
            address="rh@eaux-exemple.example",
            subject="Candidature reçue : Chargé de clientèle",
            body="Bonjour,\nThank you for your application for the Chargé de clientèle role.\nTrès cordialement",
            message_id="<latin1@eaux-exemple.example>",
        )
    )
    account.deliver(
        in_charset(
            "windows-1252",
            sender_name="Hiring at Orchard",
            address="jobs@orchard-retail.example",
            subject="“Next steps” – your application (€45k role)",
            body="We’d like to invite you to an interview for the “Store Operations Lead” role – €42,000–€48,000.",
            message_id="<cp1252@orchard-retail.example>",
        )
    )
    account.deliver(
        in_charset(
            "shift_jis",
            sender_name="採用担当",
            address="saiyo@sakura-shoji.example",
            subject="選考結果のご連絡（営業職）",
            body="サム様\nWe regret to inform you that we will not be moving forward with you.\nさくら商事",
            message_id="<sjis@sakura-shoji.example>",
        )
    )
    for name in ("latin1.eml", "windows1252.eml", "shift_jis.eml"):
        account.deliver(fresh(name))  # in French, English and Japanese, and none of them news

    seen = look(mailbox)

    kept = {s.sender: s for s in Suggestion.objects.filter(mailbox=mailbox)}
    latin, cp1252, sjis = (
        kept["rh@eaux-exemple.example"],
        kept["jobs@orchard-retail.example"],
        kept["saiyo@sakura-shoji.example"],
    )
    assert (latin.meaning, latin.sender_name, latin.subject) == (
        "acknowledged",
        "Société Générale des Eaux",
        "Candidature reçue : Chargé de clientèle",
    )
    assert "Chargé de clientèle role. Très cordialement" in latin.excerpt
    assert (cp1252.meaning, cp1252.subject) == ("interviewing", "“Next steps” – your application (€45k role)")
    assert "“Store Operations Lead” role – €42,000–€48,000." in cp1252.excerpt
    assert (sjis.meaning, sjis.sender_name, sjis.subject) == ("rejected", "採用担当", "選考結果のご連絡（営業職）")
    assert sjis.excerpt.startswith("サム様 We regret to inform you") and sjis.excerpt.endswith("さくら商事")
    assert (seen.read, seen.kept, seen.not_job_mail) == (6, 3, 3)


def test_malformed_mime_is_read_and_a_message_that_cannot_be_read_stops_nothing(account, connect):
    mailbox = connect(account)
    account.deliver(b"\x00\x01\x02 not a message at all\r\n")
    account.deliver(fresh("malformed_mime.eml"))
    account.deliver(fresh("rejection.eml"))

    seen = look(mailbox)

    assert suggestions(mailbox) == [
        ("acknowledged", "noreply@portal.example"),
        ("rejected", "careers@northwind-logistics.example"),
    ]
    (acknowledged,) = Suggestion.objects.filter(meaning="acknowledged")
    assert acknowledged.excerpt.startswith("We received your application. A copy of your CV is attached.")
    assert seen.unreadable == 1
    assert Mailbox.objects.get(pk=mailbox.pk).last_uid == 3


def test_a_twenty_megabyte_message_is_skipped_and_the_next_one_read(account, connect):
    line = b"All work and no play makes a very long attachment. " * 19 + b"\r\n"
    head = b"Subject: Portfolio\r\nFrom: careers@northwind-logistics.example\r\n\r\n"
    big = fresh(head + line * (20_000_000 // len(line)))
    mailbox = connect(account)
    account.deliver(fresh("rejection.eml"))
    account.deliver(big)
    account.deliver(fresh("interview.eml"))

    seen = look(mailbox)

    assert len(big) > 19_900_000
    assert (seen.read, seen.too_big, seen.kept) == (3, 1, 2)
    assert len(suggestions(mailbox)) == 2
    assert Mailbox.objects.get(pk=mailbox.pk).last_uid == 3


def test_reading_changes_nothing_in_the_mailbox(account, connect):
    mailbox = connect(account)
    for name in ("rejection.eml", "interview.eml", "newsletter.eml", "personal.eml"):
        account.deliver(fresh(name))
    files, flags = account.files(), account.flags()

    look(mailbox)
    Mailbox.objects.filter(pk=mailbox.pk).update(last_uid=0, next_check_at=timezone.now())
    look(mailbox)  # and everything once more

    assert len(suggestions(mailbox)) == 2
    assert account.files() == files
    assert all(name.startswith("new/") for name in files)  # not even moved to cur/, as a read message is
    assert account.flags() == flags
    assert not [f for f in flags.values() if {"\\Seen", "\\Deleted", "\\Flagged", "\\Answered"} & set(f.split())]
    assert account.status()["MESSAGES"] == 4


# Failures --------------------------------------------------------------------------------------


def test_a_wrong_password_stops_watching_tells_the_person_once_and_never_tries_again(own_account, connect):
    account = own_account
    mailbox = connect(account, password="Wr0ng-app-password-7781", position=False)
    account.deliver(fresh("rejection.eml"))

    seen = look(mailbox)

    assert seen.problem == "auth"
    mailbox.refresh_from_db()
    assert (mailbox.state, mailbox.problem, mailbox.lease_token) == (Mailbox.State.STOPPED, "auth", "")
    assert mailbox.stopped_at is not None
    (reminder,) = Reminder.objects.all()
    assert (reminder.kind, reminder.object_id, reminder.user_id) == ("mailbox_stopped", mailbox.pk, mailbox.user_id)
    assert reminder.key == f"mailbox_stopped:{mailbox.pk}:{mailbox.stopped_at.isoformat()}"
    wait_for(lambda: login_attempts(account) == 1, timeout=10, what="dovecot to log the refused login")

    for days in (1, 2, 30):  # a day, two, a month later: the watcher runs, the mailbox isn't touched
        with time_machine.travel(timezone.now() + timedelta(days=days)):
            assert watch.watch_due() == 0
    time.sleep(0.3)  # a login would be in dovecot's log by now

    assert login_attempts(account) == 1
    assert Reminder.objects.count() == 1
    assert not Suggestion.objects.exists()


def test_after_a_fix_a_new_stop_is_told_again(own_account, connect):
    mailbox = connect(own_account, password="Wr0ng-app-password-7781", position=False)
    look(mailbox)
    first_stop = Mailbox.objects.get(pk=mailbox.pk).stopped_at
    # The person saves the settings again (still wrong): watching resumes, and stops again.
    Mailbox.objects.filter(pk=mailbox.pk).update(state=Mailbox.State.WATCHING, problem="", next_check_at=timezone.now())

    look(mailbox)

    assert Mailbox.objects.get(pk=mailbox.pk).stopped_at > first_stop
    assert Reminder.objects.filter(kind="mailbox_stopped", object_id=mailbox.pk).count() == 2


@pytest.mark.parametrize(("problem", "folder", "cafile"), [("folder", "Jobs", None), ("certificate", "INBOX", "")])
def test_a_missing_folder_or_an_unverifiable_certificate_stops_watching(
    account, connect, settings, problem, folder, cafile
):
    mailbox = connect(account, folder=folder, position=False)
    if cafile is not None:
        settings.MAILBOX_CA_FILE = cafile  # only the system's CAs, none of which signed dovecot's certificate

    look(mailbox)

    mailbox.refresh_from_db()
    assert (mailbox.state, mailbox.problem) == (Mailbox.State.STOPPED, problem)
    assert Reminder.objects.filter(kind="mailbox_stopped", object_id=mailbox.pk).count() == 1


def test_a_password_no_key_opens_any_more_stops_watching_without_a_login(own_account, connect, settings):
    account = own_account
    mailbox = connect(account, position=False)
    settings.MAILBOX_KEYS = [Fernet.generate_key().decode()]  # the key it was locked with is gone

    seen = look(mailbox)

    assert seen.problem == "auth"
    mailbox.refresh_from_db()
    assert (mailbox.state, mailbox.problem) == (Mailbox.State.STOPPED, "auth")
    assert Reminder.objects.filter(kind="mailbox_stopped").count() == 1
    time.sleep(0.3)
    assert login_attempts(account) == 0


def test_without_any_key_nothing_is_read_and_nothing_is_stopped(account, connect, settings):
    mailbox = connect(account)
    account.deliver(fresh("rejection.eml"))
    settings.MAILBOX_KEYS = []

    assert watch.watch_due() == 0

    mailbox.refresh_from_db()
    assert mailbox.state == Mailbox.State.WATCHING and mailbox.lease_token == ""
    assert not Suggestion.objects.exists()


def test_a_server_stopped_mid_read_keeps_nothing_of_that_batch_and_is_retried_with_backoff(
    own_account, connect, monkeypatch
):
    account = own_account
    monkeypatch.setattr(watch, "BATCH_SIZE", 2)
    mailbox = connect(account)
    for name in ("rejection.eml", "interview.eml", "malformed_mime.eml"):
        account.deliver(fresh(name))
    real_uid = imaplib.IMAP4.uid
    bodies_asked = []

    def stop_before_the_second_batch(conn, command, *args):
        if command == "FETCH" and "BODY.PEEK[]" in args[-1]:
            bodies_asked.append(args[0])
            if len(bodies_asked) == 2:
                account.server.stop()  # the sizes are in, the session is open: now the server dies
        return real_uid(conn, command, *args)

    monkeypatch.setattr(imaplib.IMAP4, "uid", stop_before_the_second_batch)
    first = look(mailbox)
    monkeypatch.undo()

    assert first.problem == "unreachable"
    assert first.batches == 1 and first.kept == 2  # the first batch whole, nothing of the second
    assert len(suggestions(mailbox)) == 2
    mailbox.refresh_from_db()
    assert (mailbox.last_uid, mailbox.failures, mailbox.problem, mailbox.state) == (2, 1, "unreachable", "watching")
    assert mailbox.next_check_at - timezone.now() == pytest.approx(
        timedelta(seconds=FIRST_RETRY_SECONDS), abs=timedelta(seconds=5)
    )
    assert watch.watch_due() == 0  # not before its time

    with time_machine.travel(mailbox.next_check_at + timedelta(seconds=1)):
        assert watch.watch_due() == 1  # still down
        mailbox.refresh_from_db()
        assert mailbox.failures == 2
        assert mailbox.next_check_at - timezone.now() == pytest.approx(
            timedelta(seconds=2 * FIRST_RETRY_SECONDS), abs=timedelta(seconds=5)
        )

    account.server.start()
    with time_machine.travel(mailbox.next_check_at + timedelta(seconds=1)):
        assert watch.watch_due() == 1

    assert len(suggestions(mailbox)) == 3
    mailbox.refresh_from_db()
    assert (mailbox.last_uid, mailbox.failures, mailbox.problem) == (3, 0, "")
    assert not Reminder.objects.exists()  # a server that is down is no news for the person


def test_the_backoff_doubles_up_to_six_hours():
    assert [watch.retry_delay(n).total_seconds() for n in range(1, 9)] == [
        300,
        600,
        1200,
        2400,
        4800,
        9600,
        19200,
        LONGEST_RETRY_SECONDS,
    ]
    assert watch.retry_delay(50).total_seconds() == LONGEST_RETRY_SECONDS


def test_a_message_that_trips_the_reader_is_passed_over_and_the_others_kept(account, connect, monkeypatch):
    mailbox = connect(account)
    for name in ("rejection.eml", "interview.eml"):
        account.deliver(fresh(name))
    real_classify = watch.classify

    def trips_on_the_rejection(email):
        if "northwind" in email.sender:
            raise RecursionError("a bug in the reader")
        return real_classify(email)

    monkeypatch.setattr(watch, "classify", trips_on_the_rejection)
    seen = look(mailbox)

    assert suggestions(mailbox) == [("interviewing", "priya.shah@bluefin-studio.example")]
    assert (seen.unreadable, seen.problem) == (1, "")
    assert Mailbox.objects.get(pk=mailbox.pk).last_uid == 2


def test_a_bug_in_one_look_backs_that_mailbox_off_and_the_others_are_still_read(dovecot, connect, monkeypatch):
    broken, working = (connect(new_account(dovecot)) for _ in range(2))
    Mailbox.objects.filter(pk=working.pk).update(next_check_at=timezone.now() + timedelta(seconds=1))
    for mailbox in (broken, working):
        dovecot.deliver(mailbox.username, fresh("rejection.eml"))
    real_passed_over = watch._passed_over

    def bug_for_the_first(mailbox):
        if mailbox.pk == broken.pk:
            raise KeyError("a bug")
        return real_passed_over(mailbox)

    monkeypatch.setattr(watch, "_passed_over", bug_for_the_first)
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        assert watch.watch_due() == 2

    assert len(suggestions(working)) == 1
    assert suggestions(broken) == []
    broken.refresh_from_db()
    assert (broken.failures, broken.lease_token, broken.state) == (1, "", Mailbox.State.WATCHING)
    assert broken.next_check_at - broken.connected_at > timedelta(seconds=FIRST_RETRY_SECONDS - 10)


# Two watchers ----------------------------------------------------------------------------------


def test_a_mailbox_under_lease_is_not_claimed_again(account, connect):
    mailbox = connect(account)
    account.deliver(fresh("rejection.eml"))

    held = watch.claim()

    assert held is not None and held[0].pk == mailbox.pk
    assert watch.claim() is None
    assert watch.watch_due() == 0
    assert not Suggestion.objects.exists()


def test_a_lease_held_by_a_dead_worker_runs_out_and_the_mailbox_is_read_later(account, connect):
    mailbox = connect(account)
    account.deliver(fresh("rejection.eml"))
    dead, dead_token = watch.claim()  # and then the worker died

    assert watch.watch_due() == 0
    with time_machine.travel(timezone.now() + watch.LEASE + timedelta(seconds=1)):
        assert watch.watch_due() == 1

    assert len(suggestions(mailbox)) == 1
    # Should the "dead" worker wake up after all, its lease is no longer its own: it keeps nothing.
    account.deliver(fresh("interview.eml"))
    late = watch.watch_one(dead, dead_token)
    assert late.lease_lost and late.kept == 0
    assert len(suggestions(mailbox)) == 1
    assert Mailbox.objects.get(pk=mailbox.pk).last_uid == 1


@pytest.mark.django_db(transaction=True)
def test_two_watchers_at_once_read_each_mailbox_once(dovecot, connect, monkeypatch):
    # Threads with their own database connections: on PostgreSQL, as in production.
    need(connection.vendor == "postgresql", "two watchers at once need DATABASE_URL on PostgreSQL")
    accounts = [new_account(dovecot) for _ in range(6)]
    mailboxes = [connect(account) for account in accounts]
    for account in accounts:
        account.deliver(fresh("rejection.eml"))
        account.deliver(fresh("interview.eml"))
    real_read, reads, lock = imap.read_new, [], threading.Lock()

    def slow_read(login, **kwargs):
        with lock:
            reads.append((login.username, threading.get_ident()))
        time.sleep(0.3)  # long enough that the two watchers are reading at the same time
        return real_read(login, **kwargs)

    monkeypatch.setattr(imap, "read_new", slow_read)
    start, watched = threading.Barrier(2), []

    def watcher():
        start.wait()
        try:
            watched.append(watch.watch_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=watcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(user for user, _ in reads) == sorted(account.user for account in accounts)  # each once
    assert len({thread for _, thread in reads}) == 2  # both watchers did some of the reading
    assert sum(watched) == 6
    for mailbox in mailboxes:
        assert len(suggestions(mailbox)) == 2


# The email, and the periodic task --------------------------------------------------------------


def test_the_stopped_email_says_why_in_plain_words_and_never_shows_the_password(own_account, connect, settings):
    user = UserFactory(time_zone=zone_where_it_is(13))
    password = "Wr0ng-app-password-7781"
    mailbox = connect(own_account, user=user, password=password, position=False)
    look(mailbox)
    mailbox.refresh_from_db()
    (reminder,) = Reminder.objects.all()

    message = emails.build(reminder, registry.get("mailbox_stopped"), mailbox)

    html = message.alternatives[0][0]
    assert message.subject == "Rebound stopped reading your mailbox"
    for part in (message.body, html):
        assert own_account.user in part
        assert "turned down the username or app password" in part
        assert "Nothing was changed in your mailbox" in part
        assert f"{settings.SITE_URL}/inbox/mailbox/" in part
        assert password not in part
        assert mailbox.password_encrypted not in part


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        ("folder", "the folder Rebound was reading is no longer there"),
        ("certificate", "certificate could not be verified"),
    ],
)
def test_the_stopped_email_names_each_problem(connect, account, problem, words):
    mailbox = connect(account, state=Mailbox.State.STOPPED, problem=problem)
    reminder = Reminder(pk=1, user=mailbox.user, kind="mailbox_stopped", due_at=timezone.now())

    message = emails.build(reminder, registry.get("mailbox_stopped"), mailbox)

    assert words in message.body and words in message.alternatives[0][0]


def test_the_stopped_email_goes_out_once_and_not_at_all_once_fixed(own_account, connect, mailoutbox):
    stays = connect(own_account, user=UserFactory(time_zone=zone_where_it_is(13)), password="wrong-1", position=False)
    fixed = connect(own_account, user=UserFactory(time_zone=zone_where_it_is(13)), password="wrong-2", position=False)
    watch.watch_due()
    Mailbox.objects.filter(pk=fixed.pk).update(state=Mailbox.State.WATCHING)  # the person fixed it in time

    dispatch.run_pass()
    dispatch.run_pass()

    assert [m.to for m in mailoutbox] == [[stays.user.email]]
    assert mailoutbox[0].subject == "Rebound stopped reading your mailbox"
    assert dict(Reminder.objects.values_list("object_id", "state")) == {stays.pk: "sent", fixed.pk: "cancelled"}


@pytest.mark.django_db(transaction=True)  # the scheduler closes its connections after each run, as a thread must
def test_the_periodic_task_runs_the_watcher_as_the_embedded_scheduler_does(account, connect, settings):
    mailbox = connect(account)
    account.deliver(fresh("rejection.eml"))
    scheduler = Scheduler({"watch-mailboxes": settings.CELERY_BEAT_SCHEDULE["watch-mailboxes"]})

    assert scheduler.run_pending() == ["watch-mailboxes"]

    assert suggestions(mailbox) == [("rejected", "careers@northwind-logistics.example")]
    assert settings.CELERY_BEAT_SCHEDULE["watch-mailboxes"] == {"task": "inbox.tasks.watch_mailboxes", "schedule": 60.0}
