#!/usr/bin/env python
"""The JSON export (accounts:export) of a long job search, against a floor measured in the same run.

    python bench/export.py [--applications N] [--runs R] [--rebuild]

PostgreSQL (DATABASE_URL, default: the `rebound_bench` database of bench/_heavy_user.py, created if
missing). The bench user with N applications (default 20,000) is built there in bulk by
bench/_heavy_user.py and reused on later runs. In this one process, with Django's test client and
DEBUG=0, the export is fetched and streamed to the end R times (default 3): the median is its
time. The floor is the least any export of the same rows has to do: read every row it holds (the
same tables, every column) through one raw cursor, and `json.dumps` them. One more fetch counts
the queries; one with `tracemalloc` on gives the peak of Python's allocations while it streams
(`peak_mb`), and the process's resident memory is watched over every fetch.

Last line: export: applications=N seconds=S floor=F ratio=X peak_mb=M
"""

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._heavy_user import DEFAULT_DATABASE_URL, analyze, ensure_database, heavy_user  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=20_000, help="applications of the bench user")
    parser.add_argument("--runs", type=int, default=3, help="timed fetches of the export (default 3)")
    parser.add_argument("--rebuild", action="store_true", help="build the bench user again")
    return parser.parse_args()


ARGS = parse_args()
os.environ.update(
    {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        "DEBUG": "0",  # DEBUG=1 would keep every query's text in memory
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "HTTPS": "0",
        "LOG_LEVEL": "WARNING",
        # The bench settings, with an empty static folder: the export serves no static files.
        "BENCH_STATIC_ROOT": tempfile.mkdtemp(prefix="rebound-bench-static-"),
        "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
    }
)
ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from jobhunt.models import Application, Company, Contact, Interview, StageEvent  # noqa: E402
from recovery.models import (  # noqa: E402
    HabitCheckIn,
    ImprovementAction,
    Journey,
    JourneyStep,
    Lesson,
    MoodCheckIn,
    StayConnected,
    WeeklyPlan,
    WhatIf,
    Win,
)
from reminders.models import Reminder  # noqa: E402
from sharing.models import CalendarFeed, ShareLink  # noqa: E402


def _status() -> dict[str, float]:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def reset_peak_rss() -> None:
    """Start the kernel's peak-RSS count again from now (Linux: clear_refs 5)."""
    with contextlib.suppress(OSError):  # not Linux: the peak then counts from the start
        Path("/proc/self/clear_refs").write_text("5")


def stream(client: Client, url: str) -> int:
    """Fetch the export and read it to the end, a piece at a time, as a server sends it."""
    response = client.get(url)
    if response.status_code != 200 or not response.streaming:
        raise SystemExit(f"{url} answered {response.status_code} (streaming: {response.streaming})")
    return sum(len(chunk) for chunk in response.streaming_content)


def exported_tables(user):
    """Every table the export reads, as a queryset of the person's rows with every column."""
    tables = [
        Company.objects.filter(user=user),
        Contact.objects.filter(user=user),
        Application.objects.filter(user=user),
        StageEvent.objects.filter(application__user=user),
        Application.contacts.through.objects.filter(application__user=user),
        Interview.objects.filter(application__user=user),
        Interview.contacts.through.objects.filter(interview__application__user=user),
        Journey.objects.filter(user=user),
        JourneyStep.objects.filter(journey__user=user),
        ImprovementAction.objects.filter(journey__user=user),
        Lesson.objects.filter(journey__user=user),
        WhatIf.objects.filter(journey__user=user),
        StayConnected.objects.filter(journey__user=user),
        MoodCheckIn.objects.filter(user=user),
        Win.objects.filter(user=user),
        WeeklyPlan.objects.filter(user=user),
        WeeklyPlan.contacts.through.objects.filter(weeklyplan__user=user),
        HabitCheckIn.objects.filter(user=user),
        Reminder.objects.filter(user=user),
        ShareLink.objects.filter(user=user),
        CalendarFeed.objects.filter(user=user),
    ]
    return [rows.values_list(*(field.attname for field in rows.model._meta.concrete_fields)) for rows in tables]


def floor(user) -> tuple[float, int, int]:
    """Seconds to read the export's rows through one raw cursor and json.dumps them; rows; bytes."""
    statements = [rows.query.sql_with_params() for rows in exported_tables(user)]
    started = time.perf_counter()
    count = size = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            count += len(rows)
            size += len(json.dumps(rows, default=str, ensure_ascii=False))
    return time.perf_counter() - started, count, size


def main():
    call_command("migrate", verbosity=0)
    print(f"PostgreSQL {os.environ['DATABASE_URL']}; {ARGS.applications:,} applications, median of {ARGS.runs} runs")
    user = heavy_user(ARGS.applications, rebuild=ARGS.rebuild)
    analyze()
    client = Client()
    client.force_login(user)
    url = reverse("accounts:export")

    before = _status()["VmRSS"]
    reset_peak_rss()
    stream(client, url)  # warm-up: connections, caches and the planner's first look
    first_growth = _status()["VmHWM"] - before
    floor(user)
    times, floors, rss_growth = [], [], 0.0
    for _ in range(ARGS.runs):
        before = _status()["VmRSS"]
        reset_peak_rss()
        started = time.perf_counter()
        size = stream(client, url)
        times.append(time.perf_counter() - started)
        rss_growth = max(rss_growth, _status()["VmHWM"] - before)
        floor_seconds, rows, floor_size = floor(user)
        floors.append(floor_seconds)
    with CaptureQueriesContext(connection) as captured:
        stream(client, url)
    queries = len(captured)  # the request's session and user included
    tracemalloc.start()
    stream(client, url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    seconds, floor_seconds = statistics.median(times), statistics.median(floors)
    print(f"export: {size / 1e6:.1f} MB streamed, {queries} queries; runs {', '.join(f'{t:.2f}' for t in times)} s")
    print(f"floor: {rows:,} rows read with one raw cursor and json.dumps'd ({floor_size / 1e6:.1f} MB)")
    print(
        f"memory: Python allocations peak {peak / 1e6:.1f} MB; resident memory growth {first_growth:.1f} MB "
        f"over the first fetch, {rss_growth:.1f} MB at most over the later ones"
    )
    print(
        f"export: applications={ARGS.applications} seconds={seconds:.2f} floor={floor_seconds:.2f} "
        f"ratio={seconds / floor_seconds:.1f} peak_mb={peak / 1e6:.1f}"
    )


if __name__ == "__main__":
    main()
