#!/usr/bin/env python
"""Page speed with a lot of data, against a floor page measured in the same run.

    python bench/dashboard.py [--sizes 10000,1000,100] [--runs 15] [--warmups 3] [--rebuild] [--only board,list]

PostgreSQL (DATABASE_URL, default: a `rebound_bench` database on local PostgreSQL, created if
missing). One bench user per size is built there in bulk (bench/_heavy_user.py) and reused on
later runs (`--rebuild` builds them again). In this one process, with Django's test client and
DEBUG=0, each page is fetched `warmups` times and then `runs` times, in turns with the floor (a
signed-in page that only renders base.html, from bench/bench_urls.py). No page is kept anywhere
between fetches, so every fetch computes its page from the database, as the first view after a
change does. Query counts come from one more fetch of each page. At the largest size the JSON
export and the CSV exports are streamed to the end while their memory is tracked.

Last line: dashboard: worst_ratio_1k=A worst_ratio_10k=B max_queries=Q growth=G
  worst_ratio_1k:  the slowest page's median over the floor's median, at 1,000 applications
  worst_ratio_10k: the same at 10,000 applications
  max_queries:     the most queries any page ran, at any size
  growth:          the page slowest at the largest size, its median there over its median at the smallest
"""

import argparse
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
    parser.add_argument("--sizes", default="10000,1000,100", help="applications per user, largest first")
    parser.add_argument("--runs", type=int, default=15, help="timed fetches of each page (default 15)")
    parser.add_argument("--warmups", type=int, default=3, help="untimed fetches first (default 3)")
    parser.add_argument("--rebuild", action="store_true", help="build the bench users again")
    parser.add_argument("--only", default="", help="measure only these pages (comma-separated names)")
    args = parser.parse_args()
    args.only = {name.strip() for name in args.only.split(",") if name.strip()}
    args.sizes = sorted({int(size) for size in args.sizes.split(",")}, reverse=True)
    return args


ARGS = parse_args()
STATIC_ROOT = tempfile.mkdtemp(prefix="rebound-bench-static-")
os.environ.update(
    {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "HTTPS": "0",
        "LOG_LEVEL": "WARNING",
        "BENCH_STATIC_ROOT": STATIC_ROOT,
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
from django.urls import NoReverseMatch, reverse  # noqa: E402

from recovery.models import Journey  # noqa: E402
from recovery.steps import Step  # noqa: E402


def _status(pid="self"):
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def rss_mb() -> float:
    return _status()["VmRSS"]


def peak_rss_mb() -> float:
    return _status()["VmHWM"]


def reset_peak_rss() -> bool:
    """Start the kernel's peak-RSS count again from now (Linux: clear_refs 5)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def calendar_url(user) -> str | None:
    """The person's calendar feed address (turned on for the bench user), once the sharing app has one."""
    try:
        from sharing import services as sharing
        from sharing.models import CalendarFeed

        feed = CalendarFeed.objects.filter(user=user).first() or sharing.calendar_feed_reset(user=user)
        return reverse("sharing:calendar_feed", args=[feed.token])
    except (ImportError, AttributeError, NoReverseMatch):
        return None


def csv_exports() -> dict[str, str]:
    """The CSV downloads, once jobhunt has them."""
    try:
        from jobhunt.csv_export import DOWNLOADS

        return {kind: reverse("jobhunt:export_csv", args=[kind]) for kind in DOWNLOADS}
    except (ImportError, NoReverseMatch):
        return {}


def pages(user, notes: list[str]) -> dict[str, str]:
    journey = Journey.objects.for_user(user).in_progress().order_by("-started_at").first()
    found = {
        "dashboard": reverse("home:dashboard"),
        "board": reverse("jobhunt:board"),
        "list": reverse("jobhunt:application_list"),
    }
    for step in Step:
        found[f"journey {step.value}"] = reverse("recovery:journey_step", args=[journey.pk, step])
    found["insights"] = reverse("insights:overview")
    found["insights mood"] = reverse("insights:mood")
    found["insights feedback"] = reverse("insights:feedback")
    url = calendar_url(user)
    if url:
        found["calendar"] = url
    else:
        notes.append("calendar: no calendar feed in the sharing app yet, not measured")
    if ARGS.only:
        found = {name: url for name, url in found.items() if name in ARGS.only}
    return found


def fetch(client: Client, url: str) -> int:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    if response.streaming:  # read to the end, a piece at a time, as a server would send it
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


# A calendar app reads the feed by its secret address alone, without the person's session.
SIGNED_OUT = {"calendar"}


def measure(client: Client, urls: dict[str, str]) -> dict[str, dict[str, float]]:
    """Per page: the median time of `runs` fetches (the floor fetched in turns with each), the
    queries of one more fetch, and its body size."""
    order = {"floor": reverse("bench_floor"), **urls}
    times: dict[str, list[float]] = {name: [] for name in order}
    calendar_app = Client()
    for run in range(ARGS.warmups + ARGS.runs):
        for name, url in order.items():
            started = time.perf_counter()
            fetch(calendar_app if name in SIGNED_OUT else client, url)
            elapsed = time.perf_counter() - started
            if run >= ARGS.warmups:
                times[name].append(elapsed)
    results = {}
    for name, url in order.items():
        with CaptureQueriesContext(connection) as captured:
            size = fetch(calendar_app if name in SIGNED_OUT else client, url)
        results[name] = {"time": statistics.median(times[name]), "queries": len(captured), "size": size}
    return results


def export_memory(client: Client, name: str, url: str) -> None:
    """Stream one export to the end: RSS growth over the start, then the tracemalloc peak."""
    reset_peak_rss()
    before = rss_mb()
    started = time.perf_counter()
    size = fetch(client, url)
    elapsed = time.perf_counter() - started
    growth = peak_rss_mb() - before
    tracemalloc.start()
    fetch(client, url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"  {name:<22} {size / 1e6:7.1f} MB streamed in {elapsed:5.1f} s; "
        f"RSS growth {growth:6.1f} MB; Python allocations peak {peak / 1e6:6.1f} MB"
    )


def main():
    print(f"Benchmark: pages at {', '.join(f'{size:,}' for size in ARGS.sizes)} applications")
    print(f"PostgreSQL {os.environ['DATABASE_URL']}; {ARGS.warmups} warm-ups, median of {ARGS.runs} runs")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    users = {}
    for size in ARGS.sizes:
        users[size] = heavy_user(size, rebuild=ARGS.rebuild)
    analyze()

    results = {}
    notes: list[str] = []
    for size in ARGS.sizes:
        client = Client()
        client.force_login(users[size])
        urls = pages(users[size], notes if size == ARGS.sizes[0] else [])
        results[size] = measure(client, urls)
        floor = results[size]["floor"]
        print(f"\n{size:,} applications (floor {floor['time'] * 1000:.1f} ms, {floor['queries']} queries)")
        print(f"  {'page':<24} {'median':>8} {'ratio':>6} {'queries':>8} {'HTML':>7}")
        for name in urls:
            page = results[size][name]
            print(
                f"  {name:<24} {page['time'] * 1000:6.1f}ms {page['time'] / floor['time']:6.2f} "
                f"{page['queries']:8d} {page['size'] / 1000:5.0f}kB"
            )
    for note in notes:
        print(f"note: {note}")

    largest, smallest = ARGS.sizes[0], ARGS.sizes[-1]
    pages_peak = peak_rss_mb()  # before the exports reset the kernel's count
    client = Client()
    client.force_login(users[largest])
    print(f"\nExports at {largest:,} applications (streamed to the end):")
    export_memory(client, "JSON (accounts:export)", reverse("accounts:export"))
    for kind, url in csv_exports().items():
        export_memory(client, f"CSV ({kind})", url)

    def worst_ratio(size: int) -> float:
        found = results.get(size)
        if found is None:
            return float("nan")
        return max(page["time"] / found["floor"]["time"] for name, page in found.items() if name != "floor")

    big = {name: page["time"] for name, page in results[largest].items() if name != "floor"}
    slowest = max(big, key=big.get)
    growth = big[slowest] / results[smallest][slowest]["time"]
    max_queries = max(page["queries"] for found in results.values() for name, page in found.items() if name != "floor")
    steady = [name for name in results[largest] if len({results[size][name]["queries"] for size in ARGS.sizes}) > 1]
    print(f"\nSlowest page at {largest:,}: {slowest}, {growth:.2f}× its time at {smallest:,}")
    print(f"Queries the same at every size: {'yes' if not steady else 'no: ' + ', '.join(steady)}")
    print(f"Peak resident memory of this process: {max(pages_peak, peak_rss_mb()):.0f} MB")
    print(
        f"dashboard: worst_ratio_1k={worst_ratio(1000):.2f} worst_ratio_10k={worst_ratio(10000):.2f} "
        f"max_queries={max_queries} growth={growth:.2f}"
    )


if __name__ == "__main__":
    main()
