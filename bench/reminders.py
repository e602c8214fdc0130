#!/usr/bin/env python
"""Reminder dispatch through the real pipeline, against a raw smtplib floor measured in the same run.

    python bench/reminders.py [--count N] [--per-person K] [--workers W] [--batch B]

PostgreSQL (DATABASE_URL, default: a `rebound_bench` database on local PostgreSQL, created if
missing), Redis (REDIS_URL, default redis://127.0.0.1:6379/15, flushed first), W Celery workers
started here (one process each), an in-process aiosmtpd sink. N reminders fall due at once for
N/K people (K each, the daily email on), so the workers send N/K daily emails of K sections;
beat's task is queued once and the workers share the backlog. The floor is one smtplib
connection sending the same number of emails, each with K sections in both parts, built in the
loop, to the same sink. Both rates count reminders delivered per second.

Last line: reminders: sent=N duplicates=D lost=L rate=R/s floor=F/s ratio=X emails=E
"""

import argparse
import os
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rebound_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20_000, help="reminders to send (default 20,000)")
    parser.add_argument("--per-person", type=int, default=4, help="reminders due for each person (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes (default 2)")
    parser.add_argument("--batch", type=int, default=100, help="rows claimed per batch (default 100)")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Environment, shared by this process and the workers -------------------------------------------

ARGS = parse_args()
QUEUE = f"bench-{uuid.uuid4().hex[:8]}"
SMTP_PORT = free_port()
ENV = {
    "DATABASE_URL": os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
    "REDIS_URL": os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL,
    "CELERY_QUEUE": QUEUE,
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "k" * 50,
    "ALLOWED_HOSTS": "localhost",
    "HTTPS": "0",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": str(SMTP_PORT),
    "REMINDERS_DISPATCHERS": str(ARGS.workers),
    "REMINDERS_BATCH_SIZE": str(ARGS.batch),
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"


from bench._heavy_user import ensure_database  # noqa: E402  (Django-free at import)

ensure_database(ENV["DATABASE_URL"])

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from jobhunt.models import Application, Company, Status  # noqa: E402
from reminders.emails import daily_message_id  # noqa: E402
from reminders.models import Delivery, Reminder  # noqa: E402
from reminders.tasks import dispatch_due_reminders  # noqa: E402


class Sink:
    """Counts what arrives, by Message-ID."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.ids: dict[bytes, int] = {}
            self.total = 0
            self.last_at = None

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        start = content.find(b"\nMessage-ID: ")
        message_id = content[start + 13 : content.find(b"\n", start + 13)].strip() if start >= 0 else b""
        with self.lock:
            self.ids[message_id] = self.ids.get(message_id, 0) + 1
            self.total += 1
            self.last_at = time.monotonic()
        return "250 OK"


def floor(count: int, per_person: int, sink: Sink) -> float:
    """Raw smtplib: one connection, the daily emails built and sent in a loop; reminders per second."""
    sink.reset()
    emails = -(-count // per_person)
    section_text = "Follow up with Acme\nIt's been a week since you applied, and no reply yet. A short note helps.\n"
    section_html = "<h2>Follow up with Acme</h2><p>It's been a week since you applied. A short note helps.</p>"
    started = time.monotonic()
    with smtplib.SMTP("127.0.0.1", SMTP_PORT) as client:
        for number in range(emails):
            sections = min(per_person, count - number * per_person)
            message = EmailMessage()
            message["Subject"] = f"No word from Acme {number} — and {sections - 1} more"
            message["From"] = "Rebound <reminders@rebound.localhost>"
            message["To"] = f"seeker{number}@example.com"
            message["Message-ID"] = f"<floor-{number}@rebound.localhost>"
            message["List-Unsubscribe"] = "<https://rebound.example/reminders/unsubscribe/token/>"
            message.set_content(
                "Hi Sam,\n\n" + (section_text + "https://rebound.example/applications/1/\n\n") * sections
            )
            message.add_alternative(
                "<html><body><p>Hi Sam,</p>" + section_html * sections + "</body></html>", subtype="html"
            )
            client.send_message(message)
    elapsed = time.monotonic() - started
    assert sink.total == emails, f"floor: the sink got {sink.total} of {emails}"
    return count / elapsed


def zone_at_one_pm() -> str:
    """A fixed-offset zone where it is now about 13:00, so the night rule holds nothing back."""
    offset = (13 - datetime.now(UTC).hour + 12) % 24 - 12
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"


def prepare(count: int, per_person: int) -> None:
    """A clean bench database with `count` reminders due now, `per_person` for each person."""
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE accounts_user, reminders_reminder, reminders_delivery RESTART IDENTITY CASCADE")
    people = -(-count // per_person)
    zone = zone_at_one_pm()
    users = User.objects.bulk_create(
        (
            User(email=f"seeker{n}@example.com", password="!", display_name="Sam", time_zone=zone, reminder_hour=9)
            for n in range(people)
        ),
        batch_size=2000,
    )
    companies = Company.objects.bulk_create((Company(user=user, name="Acme") for user in users), batch_size=2000)
    applications = Application.objects.bulk_create(
        (
            Application(
                user_id=companies[n // per_person].user_id,
                company=companies[n // per_person],
                role_title=f"Engineer {n}",
                status=Status.APPLIED,
                date_applied=timezone.localdate(),
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    content_type = ContentType.objects.get_for_model(Application)
    due = timezone.now() - timezone.timedelta(seconds=30)
    Reminder.objects.bulk_create(
        (
            Reminder(
                user_id=application.user_id,
                kind="application_follow_up" if n % 2 else "ghosting_check",
                content_type=content_type,
                object_id=application.pk,
                key=f"bench:{application.pk}",
                due_at=due,
            )
            for n, application in enumerate(applications)
        ),
        batch_size=2000,
    )
    connection.close()  # the workers are the only writers from here on


def start_workers(count: int, log_dir: Path) -> list[subprocess.Popen]:
    workers = []
    for number in range(count):
        log = (log_dir / f"worker-{number}.log").open("wb")
        workers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--pool=prefork",
                    "--concurrency=1",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    f"--hostname={QUEUE}-{number}@%h",
                    "--loglevel=WARNING",
                ],  # fmt: skip
                cwd=ROOT,
                env={**os.environ},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    deadline = time.monotonic() + 90
    from celery import current_app

    while time.monotonic() < deadline:
        replies = current_app.control.ping(destination=[f"{QUEUE}-{n}@{socket.gethostname()}" for n in range(count)])
        if len(replies) == count:
            return workers
        if any(worker.poll() is not None for worker in workers):
            sys.exit(f"A worker exited; see {log_dir}")
        time.sleep(0.5)
    sys.exit(f"The workers did not start in time; see {log_dir}")


def process_tree(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    found = [pid]
    if children.exists():
        for child in children.read_text().split():
            found += process_tree(int(child))
    return found


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main():
    count, workers_wanted, per_person = ARGS.count, ARGS.workers, ARGS.per_person
    print(
        f"Benchmark: {count} reminders, {per_person} for each person, {workers_wanted} worker(s), "
        f"batches of {ARGS.batch}"
    )
    print(f"PostgreSQL {ENV['DATABASE_URL']}  Redis {ENV['REDIS_URL']}  SMTP sink 127.0.0.1:{SMTP_PORT}")
    redis.Redis.from_url(ENV["REDIS_URL"]).flushdb()

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    log_dir = Path(f"/tmp/{QUEUE}")  # noqa: S108
    log_dir.mkdir()
    workers = []
    try:
        floor_rate = floor(count, per_person, sink)
        print(f"floor: raw smtplib, one connection: {floor_rate:.0f} reminders/s in emails of {per_person}")

        prepare(count, per_person)
        workers = start_workers(workers_wanted, log_dir)
        sink.reset()

        started = time.monotonic()
        dispatch_due_reminders.apply_async(queue=QUEUE)
        last_progress, seen = time.monotonic(), 0
        while True:
            time.sleep(0.2)
            with sink.lock:
                total = sink.total
            if total != seen:
                last_progress, seen = time.monotonic(), total
            if (
                total >= -(-count // per_person)
                and not Reminder.objects.filter(state__in=["scheduled", "sending"]).exists()
            ):
                break
            if time.monotonic() - last_progress > 90:
                print("No progress for 90 s: stopping.")
                break
        time.sleep(1)  # let anything extra arrive before counting
        elapsed = (sink.last_at or time.monotonic()) - started

        memory = []
        for number, worker in enumerate(workers):
            tree = process_tree(worker.pid)
            peaks = [peak_rss_mb(pid) for pid in tree]
            memory.append(sum(peaks))
            detail = " + ".join(f"{peak:.0f}" for peak in peaks)
            print(f"worker {number}: peak resident memory {sum(peaks):.0f} MB ({detail} MB, main + pool process)")

        states = dict(Reminder.objects.order_by().values("state").annotate(n=Count("pk")).values_list("state", "n"))
        print(f"rows: {states}")
        # A reminder is delivered when the email its row points to reached the sink.
        by_email = dict(Delivery.objects.annotate(n=Count("reminders")).values_list("pk", "n").filter(state="sent"))
        wanted = {daily_message_id(pk).encode(): n for pk, n in by_email.items()}
        with sink.lock:
            received = dict(sink.ids)
            total = sink.total
        delivered = sum(n for message_id, n in wanted.items() if message_id in received)
        duplicates = total - len(received) + sum(1 for key in received if key not in wanted)
        lost = count - delivered
        rate = delivered / elapsed if elapsed > 0 else 0.0
        print(f"elapsed: {elapsed:.1f} s; worst worker memory {max(memory):.0f} MB")
        print(
            f"reminders: sent={delivered} duplicates={duplicates} lost={lost} "
            f"rate={rate:.0f}/s floor={floor_rate:.0f}/s ratio={rate / floor_rate:.2f} emails={len(received)}"
        )
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        controller.stop()


if __name__ == "__main__":
    main()
