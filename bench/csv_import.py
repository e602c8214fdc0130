#!/usr/bin/env python
"""A big CSV import, against a bulk-insert floor measured in the same run.

    python bench/csv_import.py [--rows N] [--per-row]

DATABASE_URL picks the database (default: a fresh SQLite file in a temporary folder, removed afterwards; for
PostgreSQL give a database of its own, e.g. postgres://postgres@127.0.0.1:5432/rebound_bench_import,
created if missing and emptied by the migrations run here). N rows (default 10,000) of a realistic
tracker export: 800 companies, every stage, dates over two years, a contact on a third of them.

Timed: reading the upload, checking every row (the preview page's work), and the import itself
(`csv_import.import_run`, the body of the Celery task). The floor is the least any import has to
do: bulk-inserting the same number of applications and first timeline steps, in one transaction.
`--per-row` also times the other way to write: `services.application_create` once per row.

Last line: csv_import: rows=N import=S s floor=F s ratio=X queries=Q
"""

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the file (default 10,000)")
    parser.add_argument("--per-row", action="store_true", help="also time application_create once per row")
    return parser.parse_args()


ARGS = parse_args()
if not os.environ.get("DATABASE_URL"):
    WORK = tempfile.TemporaryDirectory(prefix="rebound-csv-import-")  # removed when the run ends
    os.environ["DATABASE_URL"] = f"sqlite:///{WORK.name}/bench.sqlite3"
os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING", "REDIS_URL": ""})


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in `url` if it is missing."""
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(url)
    server = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    server.close()


if os.environ["DATABASE_URL"].startswith("postgres"):
    ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from jobhunt import csv_import, services  # noqa: E402
from jobhunt.models import Application, Company, ImportJob, StageEvent, Status  # noqa: E402

STAGES = ["Applied"] * 8 + ["Rejected"] * 5 + ["Interview", "Ghosted", "no response", "Offer", "Wishlist", "Screening"]


def tracker_export(rows: int, today: date) -> bytes:
    rng = random.Random(7)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Company", "Job Title", "Status", "Date Applied", "Job Link", "Location", "Recruiter", "Notes"])
    for number in range(rows):
        applied = today - timedelta(days=rng.randint(0, 730))
        writer.writerow(
            [
                f"Company {number % 800}",
                f"Engineer {number}",
                rng.choice(STAGES),
                applied.strftime("%d %b %Y"),
                f"https://jobs.example/{number}",
                rng.choice(["Leeds", "Remote", "Berlin", ""]),
                f"Recruiter {number % 500}" if number % 3 == 0 else "",
                "Found it on a board" if number % 5 == 0 else "",
            ]
        )
    return buffer.getvalue().encode()


def timed(label, work):
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.2f} s")
    return result, seconds


def floor(user, rows: int) -> float:
    """Bulk-insert `rows` applications and their first steps, then roll back."""
    companies = list(Company.objects.filter(user=user)[:800])
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        applications = Application.objects.bulk_create(
            Application(user=user, company=companies[n % len(companies)], role_title=f"Floor {n}") for n in range(rows)
        )
        StageEvent.objects.bulk_create(
            StageEvent(application=application, user=user, to_status=Status.APPLIED, happened_at=now)
            for application in applications
        )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def per_row(user, job) -> float:
    """The same rows through application_create, one call each, then roll back."""
    rows = csv_import.check_rows(job).importable
    started = time.perf_counter()
    with transaction.atomic():
        companies = {}
        for row in rows:
            values = row.values
            name = values["company"]
            company = companies.get(name.lower()) or services.company_for_name(user=user, name=name)
            companies[name.lower()] = company
            services.application_create(
                user=user,
                company=company,
                role_title=values["role_title"],
                status=values["status"],
                date_applied=values["date_applied"],
                job_url=values["job_url"],
                location=values["location"],
                notes=values["notes"],
            )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def main():
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; rows: {ARGS.rows:,}")
    user = User.objects.create_user(f"bench-{time.time_ns()}@example.com", "x")
    data = tracker_export(ARGS.rows, user.local_today())
    print(f"file: {len(data) / 1024 / 1024:.1f} MB")

    job, _ = timed("upload (read, parse)", lambda: csv_import.import_upload(user=user, file_name="b.csv", data=data))
    check, _ = timed("check every row (the preview)", lambda: csv_import.check_rows(job))
    print(f"  to import: {len(check.importable):,}, duplicates: {len(check.duplicates)}")
    if ARGS.per_row:
        timed("per-row application_create (rolled back)", lambda: per_row(user, job))

    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.QUEUED)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        finished, seconds = timed("import (bulk, the task's work)", lambda: csv_import.import_run(job_id=job.pk))
    assert finished.state == ImportJob.State.DONE, finished.errors
    print(f"  imported: {finished.imported:,}")
    floor_seconds = floor(user, finished.imported)
    print(f"floor (bulk insert of {finished.imported:,} applications + steps): {floor_seconds:.2f} s")
    print(
        f"csv_import: rows={ARGS.rows} import={seconds:.2f} s floor={floor_seconds:.2f} s "
        f"ratio={seconds / floor_seconds:.1f} queries={len(queries)}"
    )


if __name__ == "__main__":
    main()
