"""Applications from a spreadsheet or another tracker's CSV export.

The steps, each a page: the file is read and kept in an ImportJob (`import_upload`), its columns
are matched to Rebound's fields (`guess_mapping`, `import_set_mapping`), every row is checked
(`check_rows`: parsed values, problems, duplicates) and shown, then the good rows are written in
one transaction (`import_start` / `import_run`): all of them or none. Small files are imported in
the request; larger ones by a Celery task (jobhunt.tasks) while the page shows its progress.

One module per stage: `reading` (bytes to a table, the upload limits), `columns` (which column
fills which field), `values` (one cell: dates, stages, sources…), `checking` (each row's values,
problems and duplicates) and `writing` (the bulk write). This module holds the job's steps, which
the views and the task call.

How values are read:
- Dates: 2025-03-04 (also with a time after it), 4 Mar 2025, 4 March 2025, Mar 4, 2025, and
  numbers with slashes, dots or dashes. 04/03/2025 is read day first or month first as the person
  chooses; left on "guess", the file decides when one of its dates can only be read one way
  (31/01/2025 is day first, 01/31/2025 month first). Dots (04.03.2025) are always day first.
- Stages: Rebound's own names, and common words from other trackers (STATUS_WORDS): "interview"
  or "onsite" → Interviewing, "rejected", "declined" or "not selected" → Rejected, "offer
  declined" → Withdrawn, "no response" → Ghosted once the silence is longer than the person's
  ghosting threshold, Applied before that. An empty stage is Applied.
- Sources: "LinkedIn", "Indeed" and other boards → Job board, "referred" → Referral, and so on;
  anything else is Other. An empty cell, "unknown" or "n/a", or no source column at all, is Not
  recorded (Source.UNKNOWN), never a guess.

A row is a duplicate when the same company (any case), the same role and the same date applied
are already in Rebound or earlier in the file; a row with no date matches that company and role
whatever the date.

Rows are written in bulk, then `services.applications_created` gives them what it gives every
new application (`application_create` calls it too): its timeline, its follow-up reminders while
it waits for an answer, and the `application_moved` signal. A rejection or a silence older than
RECENT_SETBACK_DAYS is history: it is not sent as a move, so recovery (which starts a
walkthrough for every setback it hears of) does not open walkthroughs for endings from long ago.
"""

import logging
from datetime import timedelta

from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from jobhunt.csv_import import writing
from jobhunt.csv_import.checking import check_rows
from jobhunt.csv_import.columns import FIELDS, guess_mapping, mapping_problems
from jobhunt.csv_import.reading import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    ImportFileError,
    check_header,
    decode,
    parse_table,
    sniff_delimiter,
    too_big_message,
)
from jobhunt.models import ImportJob

__all__ = [
    "FIELDS",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "ImportFileError",
    "can_start",
    "check_rows",
    "import_discard",
    "import_run",
    "import_set_mapping",
    "import_start",
    "import_upload",
    "is_stuck",
    "mapping_problems",
    "parse_table",
    "progress",
    "report_progress",
    "runs_in_background",
    "too_big_message",
]

log = logging.getLogger(__name__)

# Up to this many rows the import runs while the page waits; above it, in the background.
BACKGROUND_ABOVE = 500
# Files waiting for their columns or for another try, per person.
KEEP_WAITING = 10
# A job still queued or running after this long was lost (the task's hard time limit is far
# shorter): nothing of it was committed, so it may be started again.
STUCK_AFTER = timedelta(minutes=30)


# The job's steps -------------------------------------------------------------------------------


def import_upload(*, user, file_name: str, data: bytes) -> ImportJob:
    """Read an uploaded file and keep it for the next steps; ImportFileError if it can't be used."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(too_big_message(len(data)))
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    table = parse_table(text, delimiter)
    check_header(table)
    _tidy(user)
    return ImportJob.objects.create(
        user=user,
        file_name=file_name[:255] or "upload.csv",
        text=text,
        encoding=encoding,
        delimiter=delimiter,
        mapping=guess_mapping(table.header),
        total_rows=len(table.rows),
    )


def _tidy(user) -> None:
    """Files uploaded and never imported don't pile up: beyond KEEP_WAITING, the oldest go."""
    waiting = ImportJob.objects.for_user(user).filter(state__in=[ImportJob.State.MAPPING, ImportJob.State.FAILED])
    stale = list(waiting.order_by("-created_at", "-pk").values_list("pk", flat=True)[KEEP_WAITING - 1 :])
    if stale:
        ImportJob.objects.filter(pk__in=stale).delete()


def import_set_mapping(*, job: ImportJob, mapping: dict[str, str], date_order: str) -> ImportJob:
    if job.state != ImportJob.State.MAPPING:
        raise ValueError("Columns can only change before the import starts.")
    if problems := mapping_problems(mapping):
        raise ValueError(problems[0])
    job.mapping = mapping
    job.date_order = date_order
    job.save(update_fields=["mapping", "date_order"])
    return job


def can_start(job: ImportJob) -> bool:
    """Not started yet, failed (nothing was written), or lost on the way."""
    return bool(job.mapping) and (job.state in {ImportJob.State.MAPPING, ImportJob.State.FAILED} or is_stuck(job))


def is_stuck(job: ImportJob) -> bool:
    since = job.started_at or job.created_at
    busy = job.state in {ImportJob.State.QUEUED, ImportJob.State.RUNNING}
    return busy and timezone.now() - since > STUCK_AFTER


def runs_in_background(job: ImportJob) -> bool:
    return job.total_rows > BACKGROUND_ABOVE


def import_start(*, job: ImportJob) -> ImportJob:
    """Start importing: now for a small file, through a Celery task after commit for a big one."""
    if not can_start(job):
        raise ValueError("This import has already started.")
    job.state = ImportJob.State.QUEUED
    job.started_at = timezone.now()
    job.processed = 0
    job.errors = []
    job.save(update_fields=["state", "started_at", "processed", "errors"])
    if not runs_in_background(job):
        return import_run(job_id=job.pk)
    transaction.on_commit(lambda: _hand_to_worker(job.pk))
    return job


def _hand_to_worker(job_id: int) -> None:
    """Queue a big import for a worker, once the request's transaction has committed.

    If the broker can't be reached the request still ends well: the job is marked as not
    started, and its page offers to try again.
    """
    # The one way from here to the tasks, which import this package: late, after commit.
    from jobhunt.tasks import import_applications

    try:
        import_applications.delay(job_id)
    except Exception as error:  # any broker failure; nothing has been written yet
        log.warning("Could not queue import %s (%s)", job_id, error)
        ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
            state=ImportJob.State.FAILED,
            finished_at=timezone.now(),
            errors=[{"row": None, "message": "The import couldn't be started just now. Please try again."}],
        )


def import_run(*, job_id: int) -> ImportJob:
    """Check and write the job's rows, all or nothing. Runs once: the job is claimed first."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now()
    )
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if not claimed:
        return job
    report_progress(job.pk, 0)  # not a count left over from an earlier try
    try:
        check = check_rows(job)
        rows = check.importable
        with transaction.atomic():
            writing.write_rows(job, rows, written=lambda done: report_progress(job.pk, done))
    except Exception:
        log.exception("Import %s failed", job.pk)
        job.state = ImportJob.State.FAILED
        job.errors = [
            {
                "row": None,
                "message": "Something went wrong while importing, so nothing was imported. Please try again.",
            }
        ]
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "errors", "finished_at"])
        return job
    job.state = ImportJob.State.DONE
    job.imported = len(rows)
    job.duplicates = len(check.duplicates)
    job.skipped = len(check.with_problems)
    job.processed = len(check.rows)
    job.finished_at = timezone.now()
    job.text = ""  # the rows are in; no copy of the file stays behind
    job.save(update_fields=["state", "imported", "duplicates", "skipped", "processed", "finished_at", "text"])
    return job


@transaction.atomic
def import_discard(*, job: ImportJob) -> None:
    if job.state == ImportJob.State.RUNNING and not is_stuck(job):
        raise ValueError("This import is running; it can be removed once it has finished.")
    job.delete()


# Progress --------------------------------------------------------------------------------------
# The rows are written in one transaction, which no other connection sees before it commits, so
# progress travels outside the database: in the "shared" cache (Redis when there is one).


def _progress_key(job_id: int) -> str:
    return f"jobhunt:import-progress:{job_id}"


def report_progress(job_id: int, done: int) -> None:
    try:
        caches["shared"].set(_progress_key(job_id), done, timeout=int(STUCK_AFTER.total_seconds()))
    except Exception as error:  # progress is a nicety: the import itself goes on
        log.warning("Could not record import progress (%s)", error)


def progress(job: ImportJob) -> int:
    """Rows handled so far."""
    if job.state != ImportJob.State.RUNNING:
        return job.processed
    try:
        return int(caches["shared"].get(_progress_key(job.pk)) or 0)
    except Exception as error:
        log.warning("Could not read import progress (%s)", error)
        return 0
