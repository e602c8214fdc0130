"""The embedded SQLite default under many writes at once (`make run` serves requests in threads).

The run happens in a process of its own on a SQLite file in a temporary folder, so it tests the
project's SQLite settings whatever database the rest of the suite is on (PostgreSQL in CI).
"""

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = 48


@dataclass
class Run:
    statuses: dict[int, int]
    applications: int
    locked: int
    log: str
    database: Path


@pytest.fixture(scope="module")
def quick_adds_at_once(tmp_path_factory) -> Run:
    folder = tmp_path_factory.mktemp("sqlite")
    result = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_writers", str(folder), str(PEOPLE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    found = re.fullmatch(r"statuses=(\S+) applications=(\d+) locked=(\d+)\n", result.stdout)
    assert found, result.stdout
    statuses = {int(status): int(count) for status, count in (item.split(":") for item in found[1].split(","))}
    return Run(statuses, int(found[2]), int(found[3]), result.stderr, folder / "db.sqlite3")


def test_forty_eight_people_pressing_quick_add_at_once_on_sqlite_all_get_their_application(quick_adds_at_once):
    run = quick_adds_at_once

    assert run.locked == 0, run.log
    assert run.statuses == {302: PEOPLE}, run.log
    assert run.applications == PEOPLE


def test_the_sqlite_database_file_is_in_write_ahead_log_mode(quick_adds_at_once):
    # Bytes 18 and 19 of the file header are the read and write format versions: 2 means WAL.
    header = quick_adds_at_once.database.read_bytes()[:100]

    assert header.startswith(b"SQLite format 3\x00")
    assert header[18:20] == b"\x02\x02"
