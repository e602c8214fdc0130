"""The real thing: PostgreSQL, Redis, Celery worker processes and an SMTP server.

Locally these tests skip when a prerequisite is missing (DATABASE_URL not on PostgreSQL, Redis
not answering); with CI=true a missing prerequisite fails the run instead.

Worker processes share the test database (its name is passed in DATABASE_URL), so the tests use
`django_db(transaction=True)`: what the test writes is committed and visible to them.
"""

import asyncio
import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from celery import current_app
from django.conf import settings
from django.db import connection
from kombu import pools

from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
# With the suite spread over processes (pytest-xdist), each uses a Redis database of its own (14,
# 13, …): the import progress they share with their workers is keyed by row ids, the same in each.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER.startswith("gw"):
    _base, _, _number = TEST_REDIS_URL.rpartition("/")
    TEST_REDIS_URL = f"{_base}/{int(_number or 0) - int(_XDIST_WORKER[2:])}"


def need(condition, why):
    if not condition:
        if IN_CI:
            pytest.fail(f"{why} (CI=true: the integration tests must run)")
        pytest.skip(why)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout=60.0, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out after {timeout:.0f}s waiting for {what}")


# Services --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_url(django_db_setup, django_db_blocker):
    """DATABASE_URL of the test database, for the worker processes."""
    need(connection.vendor == "postgresql", "integration tests need DATABASE_URL on PostgreSQL")
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def redis_url():
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
        reachable = True
    except redis.RedisError:
        reachable = False
    need(reachable, f"integration tests need Redis at TEST_REDIS_URL={TEST_REDIS_URL}")
    return TEST_REDIS_URL


class OwnRedis:
    """A redis-server of our own on a spare port, to stop and start in fault tests."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        wait_for(lambda: self._ping(client), timeout=10, what="our redis-server")

    @staticmethod
    def _ping(client):
        try:
            return client.ping()
        except redis.RedisError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis():
    need(shutil.which("redis-server"), "fault tests need the redis-server program")
    server = OwnRedis()
    yield server
    server.stop()


class Sink:
    """What the SMTP server received, and how it should answer the next messages."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages: list[dict] = []
        self.replies: list[str] = []  # scripted answers to the next DATA commands ("421 …", "550 …")
        self.delay = 0.0  # seconds before answering each DATA
        self.holding = False  # answer nothing until released (a send in flight)
        self.data_seen = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.data_seen.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        while self.holding:
            await asyncio.sleep(0.05)
        if server.transport is None or server.transport.is_closing():
            return "421 Client went away"  # never reaches anyone; the message was not accepted
        with self.lock:
            if self.replies:
                reply = self.replies.pop(0)
                if not reply.startswith("250"):
                    return reply
            message = email.message_from_bytes(envelope.content)
            self.messages.append(
                {"message_id": message["Message-ID"], "peer": session.peer, "at": time.monotonic(), "email": message}
            )
        return "250 OK"

    def count(self):
        with self.lock:
            return len(self.messages)

    def ids(self):
        with self.lock:
            return [m["message_id"] for m in self.messages]


@pytest.fixture
def smtp():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    yield sink
    sink.holding = False
    controller.stop()


# Celery ----------------------------------------------------------------------------------------


class Worker:
    """`celery -A config worker` in its own process group, on a queue of its own."""

    def __init__(self, *, database_url, broker_url, smtp_port, concurrency=1, **settings_env):
        self.queue = f"integration-{uuid.uuid4().hex[:8]}"
        self.log = Path(f"/tmp/{self.queue}.log")  # noqa: S108 (read when a test fails)
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": broker_url,
            "CELERY_QUEUE": self.queue,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "DB_CONN_MAX_AGE": "0",
            **{key: str(value) for key, value in settings_env.items()},
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname={self.queue}@%h",
                "--loglevel=INFO",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self._ready, timeout=60, what="the Celery worker to start")

    def _ready(self):
        if self.process.poll() is not None:
            raise AssertionError(f"The worker exited:\n{self.log.read_text()}")
        return "ready." in self.log.read_text()

    def dispatch(self, **kwargs):
        """What beat does every minute: queue one dispatcher pass."""
        from reminders.tasks import dispatch_due_reminders

        dispatch_due_reminders.apply_async(kwargs=kwargs, queue=self.queue)

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def point_celery_at(url):
    """Make this test process publish to `url`, as the web processes do with REDIS_URL set."""
    conf = current_app.conf
    conf.broker_url = url
    conf.task_always_eager = False
    pools.reset()  # drop every cached connection and producer: the next publish connects to `url`
    current_app._pool = None
    current_app.amqp._producer_pool = None


@pytest.fixture
def publisher():
    yield point_celery_at
    conf = current_app.conf
    point_celery_at(settings.CELERY_BROKER_URL)
    conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture
def start_worker(postgres_url, redis_url, publisher):
    """start_worker(smtp, broker_url=…, **settings) → a running Worker, stopped after the test."""
    workers = []

    def start(smtp, *, broker_url=redis_url, **options):
        publisher(broker_url)
        worker = Worker(database_url=postgres_url, broker_url=broker_url, smtp_port=smtp.port, **options)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
