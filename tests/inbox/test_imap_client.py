"""inbox.imap against a real dovecot: what "Test the connection" says, and what reading brings back."""

import email
import email.policy
import imaplib
import socket
import time
import traceback
from contextlib import suppress
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from inbox.imap import Fetched, Kind, MailboxError, Settings, check, read_new
from tests.inbox.conftest import new_account, sample
from tests.inbox.dovecot import HOST, Dovecot, free_ports

pytestmark = pytest.mark.integration

SAMPLES = [
    "rejection.eml",
    "interview.eml",
    "newsletter.eml",
    "personal.eml",
    "latin1.eml",
    "windows1252.eml",
    "shift_jis.eml",
    "malformed_mime.eml",
]


def first_read(settings: Settings, **options):
    return read_new(settings, uidvalidity=None, after_uid=0, **options)


def error_of(call, *args, **kwargs) -> MailboxError:
    with pytest.raises(MailboxError) as caught:
        call(*args, **kwargs)
    return caught.value


# Test the connection ---------------------------------------------------------------------------


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_check_says_what_the_folder_holds_over_tls_and_starttls(account, security):
    account.deliver(sample("rejection.eml"))
    account.deliver(sample("interview.eml"))

    state = check(account.settings(security))

    assert state.exists == 2
    assert state.uidnext == 3
    assert state.uidvalidity == account.status()["UIDVALIDITY"]


def test_a_wrong_password_is_an_auth_error_that_never_shows_the_password(own_account):
    # On a server of its own: after a failed login dovecot makes that address wait (2 s, then
    # more) before the next ones, which would slow every later test on the shared server.
    account, wrong = own_account, "Wr0ng-app-password-7781"

    error = error_of(check, account.settings(password=wrong))

    assert error.kind == Kind.AUTH
    assert str(error) == "The server turned down the username or app password."
    shown = [str(error), repr(error), repr(error.args), "".join(traceback.format_exception(error))]
    shown.append(repr(account.settings(password=wrong)))
    assert not [text for text in shown if wrong in text]


def test_a_missing_folder_is_a_folder_error(account):
    error = error_of(check, account.settings(folder="Jobs"))

    assert error.kind == Kind.FOLDER
    assert str(error) == "There is no folder called 'Jobs' in this mailbox."


def test_a_folder_other_than_the_inbox_is_read(account):
    account.deliver(sample("interview.eml"), folder="Jobs")

    batch = first_read(account.settings(folder="Jobs"))

    assert [m.raw for m in batch.messages] == [sample("interview.eml")]
    assert check(account.settings()).exists == 0


def test_a_folder_name_with_accents_is_sent_in_imaps_own_encoding(account):
    account.deliver(sample("latin1.eml"), folder="Candidatures envoy&AOk-es")  # how IMAP spells "envoyées"

    assert check(account.settings(folder="Candidatures envoyées")).exists == 1


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_a_certificate_from_an_unknown_ca_is_a_certificate_error(account, security):
    # Without the test CA, only the system's CAs are trusted, and none of them signed dovecot's certificate.
    error = error_of(check, account.settings(security, cafile=None))

    assert error.kind == Kind.CERTIFICATE
    assert str(error).startswith("The server's certificate could not be verified: unable to get local issuer")


def test_a_certificate_for_another_name_is_a_certificate_error(account):
    # The certificate names "localhost"; the same server reached as 127.0.0.1 must not pass.
    error = error_of(check, account.settings(host=HOST))

    assert error.kind == Kind.CERTIFICATE
    assert "mismatch" in str(error) and "127.0.0.1" in str(error)


def test_implicit_tls_against_the_starttls_port_is_a_protocol_error(account):
    error = error_of(check, account.settings("tls", port=account.server.plain_port))

    assert error.kind == Kind.PROTOCOL
    assert "check the port and security" in str(error)


def test_a_closed_port_is_unreachable_within_the_timeout(account):
    (port,) = free_ports(1)

    started = time.monotonic()
    error = error_of(check, account.settings(port=port), timeout=2)

    assert time.monotonic() - started < 2
    assert error.kind == Kind.UNREACHABLE
    assert str(error) == f"Couldn't reach localhost on port {port}: Connection refused."


def test_a_server_that_never_answers_is_unreachable_within_the_timeout(account):
    with socket.socket() as silent:  # accepts connections (the kernel does) but never greets
        silent.bind((HOST, 0))
        silent.listen()
        settings = account.settings(port=silent.getsockname()[1])

        started = time.monotonic()
        error = error_of(check, settings, timeout=0.5)
        elapsed = time.monotonic() - started

    assert 0.5 <= elapsed < 1.5
    assert error.kind == Kind.UNREACHABLE
    assert str(error).endswith(": no answer in time.")


def test_a_non_ascii_password_logs_in(dovecot):
    account = new_account(dovecot, password="contraseña-ñandú")

    assert check(account.settings("starttls")).exists == 0


def test_settings_keep_the_password_out_of_their_repr_and_refuse_an_unknown_security():
    settings = Settings(host="imap.example.com", port=993, security="tls", username="sam", password="s3cret-pw")

    assert "s3cret-pw" not in repr(settings)
    with pytest.raises(ValueError):
        Settings(host="imap.example.com", port=143, security="none", username="sam", password="s3cret-pw")


# Reading ---------------------------------------------------------------------------------------


def test_new_mail_comes_back_with_its_raw_bytes(account):
    account.deliver(sample("rejection.eml"))
    account.deliver(sample("interview.eml"))

    batch = first_read(account.settings())

    assert batch.messages == [
        Fetched(uid=1, size=len(sample("rejection.eml")), raw=sample("rejection.eml"), too_big=False),
        Fetched(uid=2, size=len(sample("interview.eml")), raw=sample("interview.eml"), too_big=False),
    ]
    assert [m.raw for m in batch.messages] == [sample("rejection.eml"), sample("interview.eml")]
    assert (batch.last_uid, batch.restarted, batch.uidvalidity) == (2, False, account.status()["UIDVALIDITY"])


def test_a_second_read_from_the_last_uid_returns_nothing(account):
    account.deliver(sample("rejection.eml"))
    account.deliver(sample("personal.eml"))
    first = first_read(account.settings("starttls"))

    again = read_new(account.settings("starttls"), uidvalidity=first.uidvalidity, after_uid=first.last_uid)

    assert again.messages == []
    assert (again.last_uid, again.restarted) == (2, False)
    # The quirk being handled: asked for UIDs 3 and up, the server does answer with 2, the last one.
    with account.server.session(account.user) as conn:
        assert conn.uid("SEARCH", "UID 3:*") == ("OK", [b"2"])


def test_mail_arriving_later_is_read_from_where_the_last_read_stopped(account):
    account.deliver(sample("newsletter.eml"))
    first = first_read(account.settings())
    account.deliver(sample("rejection.eml"))
    account.deliver(sample("interview.eml"))

    batch = read_new(account.settings(), uidvalidity=first.uidvalidity, after_uid=first.last_uid)

    assert [(m.uid, m.raw) for m in batch.messages] == [(2, sample("rejection.eml")), (3, sample("interview.eml"))]
    assert batch.last_uid == 3


def test_reading_never_marks_a_message_seen(account):
    for name in ("rejection.eml", "interview.eml"):
        account.deliver(sample(name))

    batch = first_read(account.settings())

    assert len(batch.messages) == 2
    assert [flags for flags in account.flags().values() if "\\Seen" in flags] == []
    # In a Maildir a read message ends up in cur/ with an S in the letters after ":2,".
    assert [name for name in account.files() if "S" in name.partition(":2,")[2]] == []


def test_reading_deletes_and_moves_nothing(account):
    for name in SAMPLES[:4]:
        account.deliver(sample(name))
    before = {name.split("/")[1].partition(":")[0] for name in account.files()}

    first_read(account.settings())
    first_read(account.settings("starttls"))

    assert {name.split("/")[1].partition(":")[0] for name in account.files()} == before
    assert len(before) == 4
    assert account.status()["MESSAGES"] == 4


def test_a_reset_uidvalidity_makes_the_next_read_restart_from_the_beginning(account):
    account.deliver(sample("rejection.eml"))
    account.deliver(sample("interview.eml"))
    first = first_read(account.settings())
    new_uidvalidity = account.server.reset_uidvalidity(account.user)

    batch = read_new(account.settings(), uidvalidity=first.uidvalidity, after_uid=first.last_uid)

    assert batch.restarted is True
    assert batch.uidvalidity == new_uidvalidity != first.uidvalidity
    assert [(m.uid, m.raw) for m in batch.messages] == [(1, sample("rejection.eml")), (2, sample("interview.eml"))]
    assert batch.last_uid == 2


def test_a_twenty_megabyte_message_is_reported_too_big_without_being_downloaded(account, monkeypatch):
    line = b"All work and no play makes a very long attachment. " * 19 + b"\r\n"
    big = b"Subject: Portfolio (huge)\r\nFrom: me@example.org\r\n\r\n" + line * (20_000_000 // len(line))
    account.deliver(sample("rejection.eml"))
    account.deliver(big)
    account.deliver(sample("interview.eml"))
    received = count_bytes_received(monkeypatch)

    batch = first_read(account.settings())

    assert batch.messages == [
        Fetched(uid=1, size=len(sample("rejection.eml")), raw=sample("rejection.eml"), too_big=False),
        Fetched(uid=2, size=len(big), raw=None, too_big=True),
        Fetched(uid=3, size=len(sample("interview.eml")), raw=sample("interview.eml"), too_big=False),
    ]
    assert len(big) > 19_900_000
    assert sum(received) < 100_000  # the two small messages and the talk around them
    assert batch.last_uid == 3


def count_bytes_received(monkeypatch) -> list[int]:
    """Every read imaplib makes from the server, in bytes (IMAP4_SSL reads through the same two methods)."""
    received = []
    for name in ("read", "readline"):
        real = getattr(imaplib.IMAP4, name)

        def counting(self, *args, _real=real):
            data = _real(self, *args)
            received.append(len(data))
            return data

        monkeypatch.setattr(imaplib.IMAP4, name, counting)
    return received


def test_limit_caps_a_batch_and_the_next_calls_carry_on(account):
    for name in SAMPLES[:5]:
        account.deliver(sample(name))
    settings, uidvalidity, after_uid, batches = account.settings(), None, 0, []

    for _ in range(4):
        batch = read_new(settings, uidvalidity=uidvalidity, after_uid=after_uid, limit=2)
        batches.append([m.uid for m in batch.messages])
        uidvalidity, after_uid = batch.uidvalidity, batch.last_uid

    assert batches == [[1, 2], [3, 4], [5], []]
    assert after_uid == 5


def test_since_reads_only_mail_received_from_that_day_on(account):
    account.deliver(sample("newsletter.eml"), received=datetime.now() - timedelta(days=40))
    account.deliver(sample("interview.eml"), received=datetime.now() - timedelta(days=3))
    account.deliver(sample("rejection.eml"))

    batch = first_read(account.settings(), since=date.today() - timedelta(days=7))

    assert [(m.uid, m.raw) for m in batch.messages] == [(2, sample("interview.eml")), (3, sample("rejection.eml"))]


def test_every_sample_comes_back_byte_for_byte_whatever_its_charset(account):
    for name in SAMPLES:
        account.deliver(sample(name))

    batch = first_read(account.settings())

    assert [m.raw for m in batch.messages] == [sample(name) for name in SAMPLES]
    subjects = [email.message_from_bytes(m.raw, policy=email.policy.default)["Subject"] for m in batch.messages]
    assert subjects[4:7] == [
        "Candidature reçue : Chargé de clientèle",
        "“Next steps” – your application (€45k role)",
        "面接のご案内（営業職）",
    ]


# The server going away -------------------------------------------------------------------------


def test_a_server_stopped_between_reads_is_unreachable_and_reading_resumes_after(own_account):
    own_account.deliver(sample("rejection.eml"))
    first = first_read(own_account.settings())
    own_account.deliver(sample("interview.eml"))
    own_account.server.stop()

    error = error_of(read_new, own_account.settings(), uidvalidity=first.uidvalidity, after_uid=first.last_uid)

    assert error.kind == Kind.UNREACHABLE
    assert "Connection refused" in str(error)
    own_account.server.start()
    batch = read_new(own_account.settings(), uidvalidity=first.uidvalidity, after_uid=first.last_uid)
    assert [(m.uid, m.raw) for m in batch.messages] == [(2, sample("interview.eml"))]


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_a_server_stopped_mid_read_is_unreachable_and_returns_nothing_half_read(own_account, monkeypatch, security):
    for name in SAMPLES[:3]:
        own_account.deliver(sample(name))
    real_uid = imaplib.IMAP4.uid

    def stop_before_the_bodies(conn, command, *args):
        if command == "FETCH" and "BODY.PEEK[]" in args[-1]:
            own_account.server.stop()  # the sizes are in, the session is open: now the server dies
        return real_uid(conn, command, *args)

    monkeypatch.setattr(imaplib.IMAP4, "uid", stop_before_the_bodies)
    error = error_of(first_read, own_account.settings(security))
    monkeypatch.undo()

    assert error.kind == Kind.UNREACHABLE
    assert str(error).startswith("Couldn't reach localhost on port ")
    own_account.server.start()
    assert [m.raw for m in first_read(own_account.settings(security)).messages] == [sample(n) for n in SAMPLES[:3]]


# The test server itself ------------------------------------------------------------------------


def living_in_group(pgid: int) -> list[str]:
    """Processes of the group that are not zombies (a zombie holds no port and no file)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError):
            state, _, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
            if int(group) == pgid and state != "Z":
                alive.append(stat.parent.name)
    return alive


def test_the_test_server_leaves_no_process_and_no_file_behind(dovecot):  # `dovecot`: skip or fail without it
    with Dovecot() as server:
        pid, directory, port = server.process.pid, server.dir, server.plain_port
        assert check(new_account(server).settings()).exists == 0
        assert len(living_in_group(pid)) > 3

    assert living_in_group(pid) == []
    assert not directory.exists()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((HOST, port), timeout=1)


def test_a_test_server_that_cannot_start_says_why_and_leaves_nothing_behind(dovecot):  # as above
    server = Dovecot()
    server.config.write_text(server.config.read_text() + "no_such_setting = 1\n")

    with pytest.raises(RuntimeError) as caught, server:
        pass

    assert "dovecot exited with status" in str(caught.value)
    assert "no_such_setting" in str(caught.value)  # the log, quoted
    assert not server.dir.exists()
