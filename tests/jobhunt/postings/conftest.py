"""Fixtures for the posting fetch: a real HTTP(S) server on 127.0.0.1, a bare listening socket that
tells whether anything connected, and a spy on socket.create_connection."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from jobhunt.postings.fetch import Allowance

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class _RequestHandler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.local.seen.append(Seen(self.path, dict(self.headers.items())))
        route = self.server.local.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<h1>Not here</h1>")
            return
        with contextlib.suppress(OSError):  # the fetch hung up on purpose: too big, too slow
            route(self)

    def log_message(self, format: str, *args: object) -> None:  # keep the test output quiet
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    local: LocalServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client refusing our test certificate is expected, not noise


@dataclass
class LocalServer:
    """Routes by exact path; each route writes its own response. `seen` lists requests received."""

    scheme: str = "http"
    routes: dict[str, Handler] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)  # set at teardown: stop stalling
    port: int = 0
    sni: list[str | None] = field(default_factory=list)  # names TLS clients asked for (tls_server)

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    @property
    def allowance(self) -> Allowance:
        return Allowance(hosts={"127.0.0.1"}, ports={self.port})

    def page(
        self, path: str, body: bytes | str, *, status: int = 200, content_type: str = "text/html; charset=utf-8"
    ) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.reply(path, status, {"Content-Type": content_type, "Content-Length": str(len(data))}, data)

    def reply(self, path: str, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        def send(handler: http.server.BaseHTTPRequestHandler) -> None:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = send

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.reply(path, status, {"Location": location, "Set-Cookie": "session=abc", "Content-Length": "0"})


def _serve(scheme: str, context: ssl.SSLContext | None = None) -> Iterator[LocalServer]:
    local = LocalServer(scheme=scheme)
    httpd = _Server(("127.0.0.1", 0), _RequestHandler)
    if context is not None:
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    httpd.local = local
    local.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield local
    finally:
        local.release.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    yield from _serve("http")


@dataclass
class Certificate:
    cert: Path
    key: Path


def _make_certificate(folder: Path, name: str) -> Certificate:
    cert, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", f"/CN={name}"]
        + ["-addext", f"subjectAltName=DNS:{name}"],
        check=True,
        capture_output=True,
    )
    return Certificate(cert, key)


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Certificate]:
    """Self-signed certificates for posting.test and other.test (openssl makes them in milliseconds)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("certificates")
    return {name: _make_certificate(folder, name) for name in ("posting.test", "other.test")}


@pytest.fixture
def tls_server(certificates: dict[str, Certificate]) -> Iterator[LocalServer]:
    """An HTTPS server presenting the posting.test certificate; `sni` lists the names clients asked for."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates["posting.test"].cert, certificates["posting.test"].key)
    names: list[str | None] = []
    context.sni_callback = lambda _sock, name, _context: names.append(name)
    for local in _serve("https", context):
        local.sni = names
        yield local


class Listener:
    """A bound, listening socket nobody should reach. The kernel completes a TCP handshake without
    accept(), so a connection attempt shows up as an acceptable connection afterwards."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]

    def was_contacted(self) -> bool:
        self.sock.setblocking(False)
        try:
            conn, _ = self.sock.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True


@pytest.fixture
def listener() -> Iterator[Listener]:
    listening = Listener()
    yield listening
    listening.sock.close()


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every (address, port) socket.create_connection was asked for, the real call still made."""
    calls: list[tuple[str, int]] = []
    real = socket.create_connection

    def spy(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        calls.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", spy)
    return calls


class FakeDNS:
    """Answers for made-up names (other names resolve as usual), and a record of every lookup.
    `rebind` gives a name different answers from its second lookup on, as a DNS rebinding attack does."""

    def __init__(self) -> None:
        self.answers: dict[str, list[str]] = {}
        self.rebind: dict[str, list[str]] = {}
        self.lookups: list[str] = []
        self._real = socket.getaddrinfo

    def getaddrinfo(self, host: str, port: int, *args: object, **kwargs: object) -> list:
        answers = self.rebind.get(host) if host in self.lookups else None
        self.lookups.append(host)
        answers = answers if answers is not None else self.answers.get(host)
        if answers is None:
            return self._real(host, port, *args, **kwargs)
        results = []
        for address in answers:
            if ":" in address:
                results.append((socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port, 0, 0)))
            else:
                results.append((socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port)))
        return results


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    fake = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake
