"""The mailbox client against a real IMAP server: dovecot, started by the tests themselves.

Locally these tests skip when dovecot is not installed; with CI=true they fail instead, so CI never
passes without running them. No database: the client knows nothing of Django.
"""

import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from inbox.imap import Settings
from tests.inbox.dovecot import Dovecot, find_dovecot
from tests.integration.conftest import need

MAIL = Path(__file__).parent / "mail"


def sample(name: str) -> bytes:
    """A sample message with CRLF line ends, as mail travels (and as dovecot hands it back)."""
    return (MAIL / name).read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@dataclass
class Account:
    """One mailbox on a test server, and the client settings that reach it."""

    server: Dovecot
    user: str
    password: str

    def settings(self, security: str = "tls", **changes) -> Settings:
        values = {
            "host": self.server.host,
            "port": self.server.tls_port if security == "tls" else self.server.plain_port,
            "security": security,
            "username": self.user,
            "password": self.password,
            "cafile": str(self.server.cafile),
        }
        return Settings(**{**values, **changes})

    def deliver(self, raw: bytes, folder: str = "INBOX", **options):
        return self.server.deliver(self.user, raw, folder, **options)

    def files(self, folder: str = "INBOX") -> list[str]:
        return self.server.files(self.user, folder)

    def flags(self, folder: str = "INBOX") -> dict[int, str]:
        return self.server.flags(self.user, folder)

    def status(self, folder: str = "INBOX") -> dict[str, int]:
        return self.server.status(self.user, folder)


def new_account(server: Dovecot, password: str | None = None) -> Account:
    user = f"sam-{uuid.uuid4().hex[:8]}"
    password = password or f"app-pw-{uuid.uuid4().hex[:12]}"
    server.add_user(user, password)
    return Account(server, user, password)


@pytest.fixture(scope="session")
def dovecot():
    """One server for the session; each test has a mailbox of its own on it."""
    need(find_dovecot(), "the mailbox tests need dovecot (apt-get install dovecot-imapd)")
    with Dovecot() as server:
        yield server


@pytest.fixture
def own_dovecot():
    """A server of the test's own, which it may stop and start."""
    need(find_dovecot(), "the mailbox tests need dovecot (apt-get install dovecot-imapd)")
    with Dovecot() as server:
        yield server


@pytest.fixture
def account(dovecot) -> Account:
    return new_account(dovecot)


@pytest.fixture
def own_account(own_dovecot) -> Account:
    return new_account(own_dovecot)


# A connected mailbox (for the watcher's tests) ---------------------------------------------------


@pytest.fixture
def connect(settings):
    """connect(account, user=…, **fields) → a Mailbox being watched on that dovecot account.

    Made as the connect service leaves it: the password encrypted with the test run's key, the
    folder's position taken now (so what is already there counts as read), due a look now. The
    test server's CA is trusted as production trusts MAILBOX_CA_FILE. `position=False` leaves the
    position unknown, as a mailbox never looked at before.
    """
    from django.utils import timezone

    from inbox import imap, secrets
    from inbox.models import Mailbox
    from tests.factories import UserFactory

    def make(account: Account, *, user=None, password: str | None = None, position: bool = True, **fields):
        settings.MAILBOX_CA_FILE = str(account.server.cafile)
        now = timezone.now()
        values = {
            "host": account.server.host,
            "port": account.server.tls_port,
            "security": "tls",
            "username": account.user,
            "password_encrypted": secrets.encrypt(password or account.password),
            "connected_at": now,
            "next_check_at": now,
        }
        if position:
            state = imap.check(account.settings())
            values.update(uidvalidity=state.uidvalidity, last_uid=state.uidnext - 1)
        return Mailbox.objects.create(user=user or UserFactory(), **{**values, **fields})

    return make


def fresh(raw: bytes | str, *, date=None, message_id: str | None = None, sender: str | None = None) -> bytes:
    """A message (or a sample, by its file name) sent `date` (now by default), as mail that arrives
    after the mailbox was connected is: its Date header, and with `message_id` or `sender`, those."""
    from email.utils import format_datetime

    from django.utils import timezone

    raw = sample(raw) if isinstance(raw, str) else raw
    head, _, body = raw.partition(b"\r\n\r\n")
    changes = {b"Date": format_datetime(date or timezone.now()).encode()}
    if message_id is not None:
        changes[b"Message-ID"] = message_id.encode()
    if sender is not None:
        changes[b"From"] = sender.encode()
    lines = [line for line in head.split(b"\r\n") if line.split(b":")[0] not in changes]
    lines += [name + b": " + value for name, value in changes.items()]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body
