"""Fetch a job posting's page for the person who pasted its link, without letting the link reach
anything it shouldn't: this runs on our server, so a URL is an attack surface (SSRF).

The rules: web links only (http/https on ports 80/443, no credentials); the host is resolved once
and every address it resolves to must be a public one; the connection then goes to that checked
address itself (so a second DNS answer cannot swap in an internal one), with the original name
sent as Host and, for https, used to verify the certificate. Redirects are followed by hand
through the same checks. Size, time, content type and compression are all bounded.
"""

from __future__ import annotations

import codecs
import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

USER_AGENT = "Rebound/1.0 (job posting reader)"
MAX_BYTES = 2 * 1024 * 1024
TIMEOUT = 10.0
MAX_REDIRECTS = 5
ALLOWED_PORTS = frozenset({80, 443})
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
_PASTE = "You can paste its text instead."
_MESSAGES = {
    "invalid": "That doesn't look like a web address.",
    "scheme": "Only web links (starting with http:// or https://) can be read.",
    "credentials": "Links with a user name or password in them can't be read. "
    "Copy the address without the part before “@”.",
    "port": "Links to port {port} can't be read: only ordinary web addresses (ports 80 and 443) are allowed.",
    "address": "That link points to a private or internal network address, which can't be read from here.",
    "redirects": "That link redirects too many times (more than 5), so it wasn't followed. " + _PASTE,
    "too_big": "That page is larger than 2 MB, more than a job posting needs. " + _PASTE,
    "content_type": "That link is {kind}, not a web page. Open it and paste the posting's text instead.",
    "dns": "Couldn't find the site “{host}”. Check the link for typos.",
    "connect": "Couldn't connect to “{host}”. The site may be down; try again later. " + _PASTE,
    "tls": "The site's security certificate couldn't be verified, so the page wasn't read.",
    "timeout": "The site took too long to answer (over {seconds:g} seconds). " + _PASTE,
    "status": "The page answered {status}: {hint}. " + _PASTE,
    "encoding": "The page came compressed in a way that can't be read. " + _PASTE,
    "protocol": "The site's answer couldn't be understood. " + _PASTE,
}
# Refused: one of our rules stopped it and trying again won't help. Everything else failed.
_REFUSALS = frozenset({"invalid", "scheme", "credentials", "port", "address", "redirects", "too_big", "content_type"})


@dataclass(frozen=True)
class Page:
    url: str  # the final address, after redirects
    status: int
    content_type: str
    text: str


class FetchError(Exception):
    """A fetch that did not produce a page. `message` is written for the person; `reason` for code."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


class FetchRefused(FetchError):
    """One of our rules stopped the fetch (address, port, size, type…): trying again won't help."""


class FetchFailed(FetchError):
    """The site or the network let us down (not found, too slow, bad certificate…)."""


@dataclass(frozen=True)
class Allowance:
    """Exact addresses and ports let through the checks, for tests that serve pages from 127.0.0.1.

    Production code never builds one: without it, loopback and every other non-public address is
    refused before any connection is attempted.
    """

    hosts: Collection[str] = ()  # IP addresses, as written by ipaddress
    ports: Collection[int] = ()

    def admits_address(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(ip == ipaddress.ip_address(host) for host in self.hosts)

    def admits_port(self, port: int) -> bool:
        return port in self.ports


_NOTHING_ALLOWED = Allowance()


def is_forbidden_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for any address that is not plainly on the public internet, including IPv6 forms
    that carry an internal IPv4 address inside them (mapped, 6to4, Teredo)."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if ip.is_site_local or any(inner is not None and is_forbidden_address(inner) for inner in embedded):
            return True
    # is_global alone misses some (224.x multicast counts as "global"), hence the explicit list.
    flags = (ip.is_loopback, ip.is_private, ip.is_link_local, ip.is_multicast, ip.is_reserved, ip.is_unspecified)
    return not ip.is_global or any(flags) or (ip.version == 4 and ip in _SHARED_ADDRESS_SPACE)


@dataclass(frozen=True)
class _Target:
    url: str
    tls: bool
    host: str  # ASCII (IDNA) name or IP literal, without brackets
    port: int
    path: str  # request target: path and query, percent-encoded

    @property
    def host_header(self) -> str:
        name = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.tls else 80
        return name if self.port == default else f"{name}:{self.port}"


def _error(reason: str, **details: object) -> FetchError:
    kind = FetchRefused if reason in _REFUSALS else FetchFailed
    return kind(_MESSAGES[reason].format(**details), reason=reason)


def _parse(url: str, allow: Allowance) -> _Target:
    """Check everything about `url` that can be checked without the network."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise _error("invalid") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise _error("scheme")
    if "@" in parts.netloc:
        raise _error("credentials")
    host = parts.hostname or ""
    if not host:
        raise _error("invalid")
    port = port if port is not None else (443 if scheme == "https" else 80)
    if port not in ALLOWED_PORTS and not allow.admits_port(port):
        raise _error("port", port=port)
    if not host.isprintable() or any(c in host for c in "%/\\ "):  # zone ids, escapes, stray spaces
        raise _error("invalid")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise _error("invalid") from None
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return _Target(url=url.split("#", 1)[0], tls=scheme == "https", host=host, port=port, path=path)


def _checked_addresses(target: _Target, allow: Allowance) -> list[str]:
    """Resolve the host once and return its addresses, refusing if ANY of them is not public."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        raise _error("dns", host=target.host) from None
    addresses: list[str] = []
    for family, _, _, _, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if is_forbidden_address(ip) and not allow.admits_address(ip):
            raise _error("address")
        if str(ip) not in addresses:
            addresses.append(str(ip))
    if not addresses:
        raise _error("dns", host=target.host)
    return addresses


def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to one already-checked IP address, speaking for the original host name.

    http.client is given the IP, so it never resolves anything itself; TLS is wrapped here with
    server_hostname set to the name from the URL, which both sends it as SNI and makes the
    default context verify the certificate against it.
    """

    def __init__(self, ip: str, target: _Target, timeout: float) -> None:
        super().__init__(ip, target.port, timeout=timeout)
        self._ip = ip
        self._target = target
        # http.client drops self.sock once a "Connection: close" response is under way; the
        # watchdog and the read timeouts need the socket until the body is read.
        self.kept_sock: socket.socket | None = None

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self._target.port), timeout=self.timeout)
        self.sock = self.kept_sock = sock  # visible to the watchdog during the TLS handshake too
        if self._target.tls:
            try:
                sock = _tls_context().wrap_socket(sock, server_hostname=self._target.host)
            except BaseException:
                sock.close()
                raise
        self.sock = self.kept_sock = sock


class _Watchdog:
    """Cuts the connection when the overall deadline passes, however slowly the server dribbles."""

    def __init__(self, seconds: float, conn: _PinnedConnection) -> None:
        self.fired = False
        self._conn = conn
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = self._conn.kept_sock
        if sock is not None:
            with contextlib.suppress(OSError):  # the plain socket's shutdown: a TLS reader just sees EOF
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


class _Decoder:
    """Undoes gzip/deflate while counting what comes out, so a small bomb can't grow past the limit."""

    def __init__(self, encoding: str, limit: int) -> None:
        self._limit = limit
        self._size = 0
        encoding = encoding.strip().lower()
        # "deflate" should be zlib-wrapped, but some servers send it raw: allow one retry as raw.
        self._may_be_raw = encoding == "deflate"
        if encoding in ("", "identity"):
            self._z = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise _error("encoding")

    def feed(self, data: bytes) -> bytes:
        if self._z is None:
            return self._count(data)
        try:
            # Ask for at most one byte past what is left: getting it means the limit is crossed.
            out = self._z.decompress(data, self._limit - self._size + 1)
        except zlib.error:
            if not self._may_be_raw:
                raise _error("encoding") from None
            self._may_be_raw = False
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.feed(data)
        self._may_be_raw = False
        return self._count(out)

    def finish(self) -> bytes:
        if self._z is None:
            return b""
        try:
            return self._count(self._z.flush())
        except zlib.error:
            raise _error("encoding") from None

    def _count(self, out: bytes) -> bytes:
        self._size += len(out)
        if self._size > self._limit:
            raise _error("too_big")
        return out


_STATUS_HINTS = {
    401: "the site wants a sign-in before it shows the posting",
    403: "the site doesn't let automated readers see the posting",
    404: "the posting may have been taken down",
    410: "the posting has been taken down",
    429: "the site is asking for fewer requests; try again later",
}


def _status_error(status: int) -> FetchError:
    hint = _STATUS_HINTS.get(status) or ("the site is having trouble; try again later" if status >= 500 else "")
    return _error("status", status=status, hint=hint or "it didn't send the posting")


def _kind_of_file(content_type: str) -> str:
    kinds = {"application/pdf": "a PDF", "image/": "an image", "video/": "a video", "audio/": "a sound file"}
    return next((kind for prefix, kind in kinds.items() if content_type.startswith(prefix)), "a file")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


def _decode(body: bytes, header_charset: str) -> str:
    """Header charset first, then a <meta charset> near the top, then UTF-8; never fails."""
    candidates = [header_charset]
    if body.startswith(codecs.BOM_UTF8):
        candidates.insert(0, "utf-8-sig")
    match = _META_CHARSET.search(body[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii"))
    for name in candidates:
        if not name:
            continue
        try:
            return body.decode(name, errors="replace")
        except LookupError:  # unknown name, or a bytes-to-bytes codec such as base64
            continue
    return body.decode("utf-8", errors="replace")


def _parse_content_type(value: str) -> tuple[str, str]:
    main, _, params = value.partition(";")
    charset = ""
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'")
    # A missing type is allowed: HTTP lets the reader assume, and all we do is parse text.
    return (main.strip().lower() or "text/html"), charset


def fetch_posting(url: str, *, allow: Allowance | None = None, timeout: float = TIMEOUT) -> Page:
    """GET the page at `url` within all the rules above; raise FetchRefused or FetchFailed."""
    allow = allow or _NOTHING_ALLOWED
    deadline = time.monotonic() + timeout
    target = _parse(url, allow)
    for redirects in range(MAX_REDIRECTS + 1):
        addresses = _checked_addresses(target, allow)
        status, location, page = _exchange(target, addresses, deadline=deadline, timeout=timeout)
        if page is not None:
            return page
        if redirects == MAX_REDIRECTS:
            break
        if not location:
            raise _error("status", status=status, hint="it didn't say where the page went")
        target = _parse(urljoin(target.url, location), allow)
    raise _error("redirects")


def _exchange(
    target: _Target, addresses: list[str], *, deadline: float, timeout: float
) -> tuple[int, str, Page | None]:
    """One request/response: (status, Location, None) for a redirect, else (status, "", Page)."""
    last_error: OSError | None = None
    for ip in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _error("timeout", seconds=timeout)
        conn = _PinnedConnection(ip, target, timeout=min(timeout, remaining))
        watchdog = _Watchdog(remaining, conn)
        connected = False
        try:
            conn.connect()
            connected = True
            result = _converse(conn, target, deadline=deadline, timeout=timeout)
            if watchdog.fired:  # the cut may have looked like an ordinary end of the body
                raise _error("timeout", seconds=timeout)
            return result
        except (OSError, http.client.HTTPException) as error:
            if watchdog.fired or isinstance(error, TimeoutError):
                raise _error("timeout", seconds=timeout) from None
            if isinstance(error, ssl.SSLError) and not connected:
                raise _error("tls") from None
            if not connected:  # refused or unreachable: the host's next address may answer
                last_error = error
                continue
            raise _error("protocol") from None
        finally:
            watchdog.cancel()
            conn.close()
            if conn.kept_sock is not None:
                conn.kept_sock.close()
    raise _error("connect", host=target.host) from last_error


def _converse(
    conn: _PinnedConnection, target: _Target, *, deadline: float, timeout: float
) -> tuple[int, str, Page | None]:
    conn.putrequest("GET", target.path, skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", target.host_header)
    conn.putheader("User-Agent", USER_AGENT)
    conn.putheader("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1")
    conn.putheader("Accept-Encoding", "gzip, deflate")
    conn.putheader("Connection", "close")
    conn.endheaders()
    with conn.getresponse() as response:  # closed whatever happens, so the socket is released
        status = response.status
        if status in REDIRECTS:
            return status, response.getheader("Location", "").strip(), None
        if not 200 <= status < 300:
            raise _status_error(status)
        content_type, charset = _parse_content_type(response.getheader("Content-Type", ""))
        if content_type not in PAGE_TYPES:
            raise _error("content_type", kind=_kind_of_file(content_type))
        declared = response.getheader("Content-Length", "").strip()
        if declared.isdigit() and int(declared) > MAX_BYTES:
            raise _error("too_big")
        decoder = _Decoder(response.getheader("Content-Encoding", ""), MAX_BYTES)
        received = 0
        body = bytearray()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _error("timeout", seconds=timeout)
            if conn.kept_sock is not None:
                conn.kept_sock.settimeout(min(timeout, remaining))
            chunk = response.read1(_CHUNK)  # whatever has arrived: the deadline is checked between reads
            if not chunk:
                break
            received += len(chunk)
            if received > MAX_BYTES:
                raise _error("too_big")
            body += decoder.feed(chunk)
        body += decoder.finish()
        page = Page(url=target.url, status=status, content_type=content_type, text=_decode(bytes(body), charset))
        return status, "", page
