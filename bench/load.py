#!/usr/bin/env python
"""Many people at once: gunicorn on PostgreSQL under signed-in users, against a floor page in the same run.

    python bench/load.py [--users 50] [--seconds 30] [--workers W] [--applications 200] [--change-every K]
                         [--rebuild]

PostgreSQL (DATABASE_URL, default: a `rebound_bench` database on local PostgreSQL, created if
missing) and Redis (REDIS_URL, default `redis://127.0.0.1:6379/13`, emptied first), the broker
and shared cache as in production. One bench user per simulated
person, each with `applications` applications and the rest of a long search
(bench/_heavy_user.py), signed in through a session row written here; each simulated browser
keeps the cookies it is given (the CSRF cookie) for the whole run. gunicorn serves the app with
DEBUG=0 on 127.0.0.1 only (bench/bench_settings.py adds the floor page: a signed-in page that
only renders base.html). Then, for `seconds` each:

1. the pages: every user fetches the dashboard, board, list, a journey step and insights in
   turn, as fast as the answers come (one request at a time per user, keep-alive where the
   server offers it); every Kth request (`--change-every K`, 5 by default) is a change instead
   (today's habit check-in, a POST answered with a redirect); every page is computed afresh;
2. the floor: the same users fetch the floor page the same way.

Last line: load: users=U rps=R floor_rps=F ratio=X p99_ms=P errors=E
  rps, p99_ms and errors are the pages' (errors: any answer but 200, or a failed connection;
  the floor's errors are added in); ratio = rps / floor_rps.
"""

import argparse
import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._heavy_user import DEFAULT_DATABASE_URL, analyze, ensure_database, heavy_user  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated people at once (default 50)")
    parser.add_argument("--seconds", type=float, default=30, help="length of each phase (default 30)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--applications", type=int, default=200, help="applications per user (default 200)")
    parser.add_argument("--rebuild", action="store_true", help="build the bench users again")
    parser.add_argument(
        "--change-every", type=int, default=5, help="make every Kth request a change (a POST; default 5, 0: none)"
    )
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


ARGS = parse_args()
PORT = free_port()
WORK = Path(tempfile.mkdtemp(prefix="rebound-load-"))
os.environ.update(
    {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        # Redis as in production: the broker, and the shared cache of the import's progress.
        "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "0",
        "LOG_LEVEL": "WARNING",
        "BENCH_STATIC_ROOT": str(WORK / "static"),
        "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
    }
)
ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from recovery.models import Journey  # noqa: E402
from recovery.steps import Step  # noqa: E402

REQUEST_TIMEOUT = 30  # seconds; a request slower than this counts as an error
COOKIE_JARS: dict[str, dict[str, str]] = {}  # per simulated person, by their session cookie
FORM = "application/x-www-form-urlencoded"
PAGE_NAMES = re.compile(r"/\d+/")  # one line per page, whoever's journey it is


def session_for(user) -> str:
    """A signed-in session row, as a login would write it; returns the cookie value."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def change_for(user) -> tuple[str, str]:
    """A change the person makes and can make again: ticking today's "stayed active"."""
    return reverse("recovery:habit_mark"), f"day={user.local_today().isoformat()}&habit=active"


def pages_for(user) -> list[str]:
    journey = Journey.objects.for_user(user).in_progress().order_by("-started_at").first()
    paths = [reverse("home:dashboard"), reverse("jobhunt:board"), reverse("jobhunt:application_list")]
    if journey:
        paths.append(reverse("recovery:journey_step", args=[journey.pk, Step.STAY_POSITIVE]))
    with contextlib.suppress(NoReverseMatch):  # once the insights page exists
        paths.append(reverse("insights:overview"))
    return paths


# The client: plain HTTP/1.1 on asyncio streams, one connection per simulated person ----------------


class Connection:
    def __init__(self):
        self.reader = self.writer = None

    async def send(self, path: str, cookies: dict[str, str], form: str | None = None) -> int:
        """GET `path` (POST `form` to it if given), read the whole answer, return its status (keeps
        the connection if allowed). Cookies the server sets are kept in `cookies` and sent back,
        as a browser does."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", PORT)
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = (form or "").encode()
        method = "GET" if form is None else "POST"
        posted = "" if form is None else f"Content-Type: {FORM}\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n{posted}"
            "Accept: text/html\r\nConnection: keep-alive\r\n\r\n".encode()
            + body
        )
        await self.writer.drain()
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
            if name.strip().lower() == "set-cookie":
                set_name, _, set_value = value.strip().split(";")[0].partition("=")
                cookies[set_name] = set_value
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        else:
            await self.reader.read()  # the body runs to the end of the connection
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def person(user: "Person", offset: int, until: float, results: list, errors: list, changes: list):
    """One simulated person: one request at a time over their pages, until the deadline; with
    --change-every K, every Kth request is their change instead (once they hold a CSRF cookie)."""
    connection, turn, page = Connection(), offset, offset
    cookies = COOKIE_JARS.setdefault(user.cookie, {settings.SESSION_COOKIE_NAME: user.cookie})  # kept across phases
    while time.monotonic() < until:
        turn += 1
        change = bool(user.change and ARGS.change_every and turn % ARGS.change_every == 0 and "csrftoken" in cookies)
        if change:
            path, form = user.change[0], f"{user.change[1]}&csrfmiddlewaretoken={cookies['csrftoken']}"
        else:
            path, form = user.paths[page % len(user.paths)], None
            page += 1
        started = time.monotonic()
        try:
            status = await asyncio.wait_for(connection.send(path, cookies, form), REQUEST_TIMEOUT)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError) as error:
            connection.close()
            errors.append(f"{path}: {type(error).__name__}")
            continue
        elapsed = time.monotonic() - started
        if status != (302 if change else 200):
            errors.append(f"{'POST ' if change else ''}{path}: {status}")
        else:
            (changes if change else results).append((path, elapsed))
    connection.close()


@dataclass(frozen=True)
class Person:
    cookie: str  # their session
    paths: list[str]  # the pages they go round
    change: tuple[str, str] | None = None  # where they POST a change, and the form (without the token)


async def phase(people: list[Person], seconds: float):
    """Everyone at once for `seconds`: (page answers, errors, elapsed, change answers)."""
    results: list[tuple[str, float]] = []
    changes: list[tuple[str, float]] = []
    errors: list[str] = []
    started = time.monotonic()
    await asyncio.gather(
        *(person(user, n, started + seconds, results, errors, changes) for n, user in enumerate(people))
    )
    return results, errors, time.monotonic() - started, changes


# gunicorn ----------------------------------------------------------------------------------------


def start_gunicorn() -> subprocess.Popen:
    log = (WORK / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--bind=127.0.0.1:{PORT}",
            f"--workers={ARGS.workers}",
            "--worker-class=sync",
            "--timeout=60",
            "--log-level=warning",
        ],  # fmt: skip
        cwd=ROOT,
        env={**os.environ},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited; see {WORK / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn did not answer in time; see {WORK / 'gunicorn.log'}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def worker_memory_mb(server: subprocess.Popen) -> list[float]:
    """Peak resident memory (VmHWM) of each gunicorn worker."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    peaks = []
    for pid in children.read_text().split() if children.exists() else []:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main():
    print(
        f"Benchmark: {ARGS.users} users for {ARGS.seconds:.0f} s on the pages, then {ARGS.seconds:.0f} s on the "
        f"floor; gunicorn with {ARGS.workers} sync workers on 127.0.0.1:{PORT}"
    )
    print(f"PostgreSQL {os.environ['DATABASE_URL']}; {ARGS.applications} applications per user")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    started = time.monotonic()
    users = [
        heavy_user(ARGS.applications, label=f"load{n}", rebuild=ARGS.rebuild, quiet=True) for n in range(ARGS.users)
    ]
    analyze()
    people = [Person(session_for(user), pages_for(user), change_for(user)) for user in users]
    print(f"{len(users)} users ready in {time.monotonic() - started:.1f} s; pages: {', '.join(people[0].paths)}")
    if ARGS.change_every:
        print(f"every {ARGS.change_every}th request is a change: POST {people[0].change[0]} ({people[0].change[1]})")
    connection.close()  # the server is the only reader from here on

    server = start_gunicorn()
    try:
        # A short warm-up so every worker has loaded its templates and opened its connection.
        asyncio.run(phase(people, min(3.0, ARGS.seconds)))
        times, errors, elapsed, changes = asyncio.run(phase(people, ARGS.seconds))
        floor_times, floor_errors, floor_elapsed, _none = asyncio.run(
            phase([Person(user.cookie, [reverse("bench_floor")]) for user in people], ARGS.seconds)
        )
        memory = worker_memory_mb(server)
    finally:
        stop(server)

    by_page: dict[str, list[float]] = {}
    for path, seconds in times:
        by_page.setdefault(PAGE_NAMES.sub("/…/", path), []).append(seconds)
    for page, values in by_page.items():
        print(f"  {page:<40} {len(values):6d} answers, median {percentile(values, 0.5) * 1000:6.0f} ms")
    times = [seconds for _path, seconds in times]
    floor_times = [seconds for _path, seconds in floor_times]
    rps = len(times) / elapsed
    floor_rps = len(floor_times) / floor_elapsed
    p99 = percentile(times, 0.99) * 1000
    print(
        f"pages: {len(times)} answers in {elapsed:.1f} s, median {percentile(times, 0.5) * 1000:.0f} ms, "
        f"p99 {p99:.0f} ms, {len(errors)} errors"
    )
    if ARGS.change_every:
        change_times = [seconds for _path, seconds in changes]
        print(
            f"changes: {len(change_times)} answers (302) in {elapsed:.1f} s, median "
            f"{percentile(change_times, 0.5) * 1000:.0f} ms; the next page shows each at once"
        )
    print(
        f"floor: {len(floor_times)} answers in {floor_elapsed:.1f} s, median "
        f"{percentile(floor_times, 0.5) * 1000:.0f} ms, p99 {percentile(floor_times, 0.99) * 1000:.0f} ms, "
        f"{len(floor_errors)} errors"
    )
    for error in sorted(set(errors + floor_errors))[:10]:
        print(f"  error: {error}")
    if memory:
        print(f"gunicorn workers: peak resident memory {max(memory):.0f} MB (of {len(memory)} workers)")
    print(
        f"load: users={ARGS.users} rps={rps:.1f} floor_rps={floor_rps:.1f} ratio={rps / floor_rps:.2f} "
        f"p99_ms={p99:.0f} errors={len(errors) + len(floor_errors)}"
    )


if __name__ == "__main__":
    main()
