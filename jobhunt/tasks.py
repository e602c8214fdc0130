"""Thin Celery tasks of the pipeline: take ids, call a service.

The import package queues `import_applications` itself, after commit (see
`jobhunt.csv_import.import_start`); nothing here is imported by it at load time.
"""

from celery import shared_task

from jobhunt import csv_import


# Runs once per job whatever the deliveries: import_run claims the job before touching it. The
# limits leave a 20,000-row file plenty of room, and stay far inside csv_import.STUCK_AFTER.
@shared_task(ignore_result=True, soft_time_limit=600, time_limit=660)
def import_applications(job_id: int) -> None:
    csv_import.import_run(job_id=job_id)
