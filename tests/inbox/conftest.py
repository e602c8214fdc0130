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
