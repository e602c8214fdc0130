"""A read-only IMAP client: test a mailbox connection, and read what arrived since last time.

Read-only by construction: the folder is opened with EXAMINE and bodies are fetched with
BODY.PEEK[], so nothing is deleted, moved or flagged, not even \\Seen: the person's mailbox looks
the same after we have read it. Django-free, so it is tested against a real server on its own.
"""

import base64
import enum
import imaplib
import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date

# IMAP dates are in English whatever the locale, so not strftime("%b").
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Security(enum.StrEnum):
    TLS = "tls"  # implicit TLS from the first byte, usually port 993
    STARTTLS = "starttls"  # a plain connection upgraded before logging in, usually port 143


class Kind(enum.StrEnum):
    AUTH = "auth"  # wrong username or password
    FOLDER = "folder"  # no such folder
    CERTIFICATE = "certificate"  # TLS verification failed
    UNREACHABLE = "unreachable"  # DNS, refused, timed out, dropped: worth retrying later
    PROTOCOL = "protocol"  # anything else the server got wrong or turned down


class MailboxError(Exception):
    """What went wrong: `kind` for the code to act on, the message for a person to read."""

    def __init__(self, kind: Kind, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, kw_only=True)
class Settings:
    host: str
    port: int
    security: Security
    username: str
    password: str = field(repr=False)  # kept out of reprs, so out of logs and error reports
    folder: str = "INBOX"
    # A CA to trust besides the system's (a test server's). Verification itself is not optional.
    cafile: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "security", Security(self.security))  # "tls" works; a typo is a ValueError


@dataclass(frozen=True)
class FolderState:
    uidvalidity: int
    uidnext: int
    exists: int


@dataclass(frozen=True, kw_only=True)
class Fetched:
    uid: int
    size: int
    raw: bytes | None = field(repr=False)  # None when too_big: it was never downloaded
    too_big: bool


@dataclass(frozen=True, kw_only=True)
class Batch:
    uidvalidity: int
    messages: list[Fetched]
    last_uid: int  # where the next call starts: the highest UID this one went through
    restarted: bool  # UIDVALIDITY changed: the caller's old position means nothing any more


def check(settings: Settings, *, timeout: float = 10) -> FolderState:
    """For "Test the connection": log in and open the folder exactly as reading will, and say what is there."""
    with _session(settings, timeout) as (_, state):
        return state


def read_new(
    settings: Settings,
    *,
    uidvalidity: int | None,
    after_uid: int,
    since: date | None = None,
    max_bytes: int = 5_000_000,
    limit: int = 200,
    timeout: float = 30,
) -> Batch:
    """The messages with a UID above `after_uid` (with `since`, only those received that day or later),
    oldest first, at most `limit`. Those over `max_bytes` come back too_big, without their bodies.

    Either the whole batch or a MailboxError: a connection lost halfway returns nothing, and the
    caller tries again from its last UID.
    """
    with _session(settings, timeout) as (conn, state):
        restarted = uidvalidity is not None and uidvalidity != state.uidvalidity
        start = 0 if restarted else after_uid
        criteria = f"UID {start + 1}:*"
        if since:
            criteria += f" SINCE {since.day}-{MONTHS[since.month - 1]}-{since.year}"
        # "n:*" is "n to the last", which a server takes as last:n when n is past the end: the last
        # message comes back though it is not new. Hence the filter.
        found = sorted(uid for uid in _numbers(_ok(conn.uid("SEARCH", criteria))) if uid > start)[:limit]
        sizes = {uid: int(size) for uid, size in _fetch(conn, found, "RFC822.SIZE").items()}
        bodies = _fetch(conn, [uid for uid in found if uid in sizes and sizes[uid] <= max_bytes], "BODY.PEEK[]")
        messages = [
            Fetched(uid=uid, size=sizes[uid], raw=bodies.get(uid), too_big=sizes[uid] > max_bytes)
            for uid in found
            # Missing from an answer: expunged while we were reading, so there is nothing left to read.
            if uid in sizes and (uid in bodies or sizes[uid] > max_bytes)
        ]
        last_uid = found[-1] if found else start
        return Batch(uidvalidity=state.uidvalidity, messages=messages, last_uid=last_uid, restarted=restarted)


@contextmanager
def _session(settings: Settings, timeout: float) -> Iterator[tuple[imaplib.IMAP4, FolderState]]:
    """Connected, logged in and the folder open read-only. Whatever fails, inside the session or in
    the `with` block using it, comes out as a MailboxError that never contains the password."""

    def fail(kind: Kind, message: str) -> MailboxError:
        if settings.password:  # in case a server ever echoes it back
            message = message.replace(settings.password, "…")
        return MailboxError(kind, message)

    where = f"{settings.host} on port {settings.port}"
    context = ssl.create_default_context(cafile=settings.cafile)  # verifies the chain and the hostname
    conn = None
    try:
        conn = _connect(settings, context, timeout)
        _login(conn, settings)
        state = _examine(conn, settings.folder)
        yield conn, state
        with suppress(imaplib.IMAP4.error, OSError):
            conn.logout()  # everything was read by now: a failed goodbye changes nothing
    except MailboxError as exc:
        raise fail(exc.kind, str(exc)) from None
    except ssl.SSLCertVerificationError as exc:
        raise fail(Kind.CERTIFICATE, f"The server's certificate could not be verified: {exc.verify_message}.") from None
    except ssl.SSLError as exc:
        if isinstance(exc, ssl.SSLEOFError | ssl.SSLZeroReturnError | ssl.SSLSyscallError):  # it went away
            raise fail(Kind.UNREACHABLE, f"Couldn't reach {where}: the connection dropped.") from None
        # Typically implicit TLS against a STARTTLS port, or the other way round.
        raise fail(
            Kind.PROTOCOL,
            f"Couldn't set up a secure connection with {where} ({exc.reason}): check the port and security.",
        ) from None
    except (OSError, imaplib.IMAP4.abort) as exc:  # abort: imaplib's "the connection is gone"
        raise fail(Kind.UNREACHABLE, f"Couldn't reach {where}: {_reason(exc)}.") from None
    except imaplib.IMAP4.error as exc:
        raise fail(Kind.PROTOCOL, f"The server at {settings.host} answered something unexpected: {exc}") from None
    finally:
        if conn is not None and conn.state != "LOGOUT":
            with suppress(OSError):
                conn.shutdown()


def _connect(settings: Settings, context: ssl.SSLContext, timeout: float) -> imaplib.IMAP4:
    if settings.security is Security.TLS:
        return imaplib.IMAP4_SSL(settings.host, settings.port, ssl_context=context, timeout=timeout)
    conn = imaplib.IMAP4(settings.host, settings.port, timeout=timeout)
    try:
        if "STARTTLS" not in conn.capabilities:
            raise MailboxError(
                Kind.PROTOCOL, f"{settings.host} does not offer STARTTLS on port {settings.port}: try TLS (port 993)."
            )
        conn.starttls(ssl_context=context)  # before LOGIN, so the password never crosses in the clear
    except BaseException:
        with suppress(OSError):
            conn.shutdown()
        raise
    return conn


def _login(conn: imaplib.IMAP4, settings: Settings) -> None:
    try:
        if (settings.username + settings.password).isascii():
            conn.login(_quoted(settings.username), settings.password)
        else:  # LOGIN is ASCII only; AUTHENTICATE PLAIN carries UTF-8
            conn.authenticate("PLAIN", lambda _: f"\0{settings.username}\0{settings.password}".encode())
    except imaplib.IMAP4.abort:
        raise  # the connection went, which says nothing about the password
    except imaplib.IMAP4.error as exc:
        if "UNAVAILABLE" in str(exc):  # the server could not check, rather than said no
            raise MailboxError(Kind.PROTOCOL, f"The server could not check the password just now: {exc}") from None
        raise MailboxError(Kind.AUTH, "The server turned down the username or app password.") from None


def _examine(conn: imaplib.IMAP4, folder: str) -> FolderState:
    typ, data = conn.select(_quoted(_utf7(folder)), readonly=True)  # EXAMINE: the folder cannot change
    if typ != "OK":
        said = _text(data)
        if "NONEXISTENT" in said or "[" not in said:  # the standard code, or a server that gives none
            raise MailboxError(Kind.FOLDER, f"There is no folder called {folder!r} in this mailbox.")
        raise MailboxError(Kind.FOLDER, f"The folder {folder!r} could not be opened: {said}")
    try:
        told = conn.untagged_responses
        return FolderState(
            uidvalidity=int(told["UIDVALIDITY"][-1]), uidnext=int(told["UIDNEXT"][-1]), exists=int(data[-1])
        )
    except (KeyError, TypeError, ValueError):
        raise MailboxError(Kind.PROTOCOL, f"The server left out the UIDs of the folder {folder!r}.") from None


def _fetch(conn: imaplib.IMAP4, uids: list[int], item: str) -> dict[int, bytes]:
    """UID → the item's value (a number's digits, or a literal's bytes), for the UIDs still there."""
    if not uids:
        return {}
    data = _ok(conn.uid("FETCH", ",".join(map(str, uids)), f"(UID {item})"))
    found = {}
    # Only the item asked for: a server may slip in FETCH responses of its own (another session's flags).
    for i, part in enumerate(data):
        if isinstance(part, tuple) and b"BODY[]" in part[0]:  # (b'3 (UID 7 BODY[] {1234}', b'the message'), b')'
            following = data[i + 1] if i + 1 < len(data) and isinstance(data[i + 1], bytes) else b""
            head, value = part[0] + following, part[1]
        # b'3 (UID 7 RFC822.SIZE 1234)'
        elif isinstance(part, bytes) and (size := re.search(rb"RFC822\.SIZE (\d+)", part)):
            head, value = part, size[1]
        else:
            continue
        if uid := re.search(rb"UID (\d+)", head):
            found[int(uid[1])] = value
    return found


def _ok(result: tuple[str, list]) -> list:
    typ, data = result
    if typ != "OK":
        raise MailboxError(Kind.PROTOCOL, f"The server turned down a request: {_text(data)}")
    return data


def _numbers(data: list) -> list[int]:
    return [int(n) for n in b" ".join(part for part in data if part).split()]


def _text(data: list) -> str:
    return b" ".join(part for part in data if isinstance(part, bytes)).decode(errors="replace")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    if isinstance(exc, imaplib.IMAP4.abort):
        return "the connection dropped"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _utf7(name: str) -> str:
    """A folder name as IMAP spells it: modified UTF-7 (RFC 3501 5.1.3), "Envoyés" → "Envoy&AOk-s"."""

    def encoded(run: re.Match) -> str:
        return "&" + base64.b64encode(run[0].encode("utf-16-be")).decode().rstrip("=").replace("/", ",") + "-"

    return re.sub(r"[^ -~]+", encoded, name.replace("&", "&-"))
