"""Thin Celery tasks of the pipeline: take ids, call a service."""

import logging

from celery import shared_task
from django.utils import timezone

from jobhunt import csv_import
from jobhunt.models import ImportJob

log = logging.getLogger(__name__)


# Runs once per job whatever the deliveries: import_run claims the job before touching it. The
# limits leave a 20,000-row file plenty of room, and stay far inside csv_import.STUCK_AFTER.
@shared_task(ignore_result=True, soft_time_limit=600, time_limit=660)
def import_applications(job_id: int) -> None:
    csv_import.import_run(job_id=job_id)


def enqueue_import(job_id: int) -> None:
    """Hand a big import to a worker. Called from transaction.on_commit only.

    If the broker can't be reached the request still ends well: the job is marked as not
    started, and its page offers to try again.
    """
    try:
        import_applications.delay(job_id)
    except Exception as error:  # any broker failure; nothing has been written yet
        log.warning("Could not queue import %s (%s)", job_id, error)
        ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
            state=ImportJob.State.FAILED,
            finished_at=timezone.now(),
            errors=[{"row": None, "message": "The import couldn't be started just now. Please try again."}],
        )
