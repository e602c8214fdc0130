"""A big import through the real pipeline: the page queues it on Redis after commit, a Celery
worker process imports it into PostgreSQL, and the progress it reports is read by the web side
through Redis."""

import pytest
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from jobhunt import csv_import, tasks
from jobhunt.models import Application, ImportJob
from tests.integration.conftest import wait_for
from tests.jobhunt.transfer.conftest import csv_bytes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROWS = 1_200


def test_a_big_import_runs_in_a_worker_and_its_progress_reaches_the_web_side(
    signed_in,
    user,
    upload,
    start_worker,
    smtp,
    redis_url,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    # The web side reads progress from the same Redis as the worker writes it (REDIS_URL).
    shared = RedisCache(redis_url, {"KEY_PREFIX": "rebound"})
    monkeypatch.setattr(csv_import, "caches", {"shared": shared})
    worker = start_worker(smtp)
    # The worker listens on a queue of its own, so that no other test's worker takes this task.
    monkeypatch.setattr(
        tasks.import_applications,
        "delay",
        lambda job_id: tasks.import_applications.apply_async(args=[job_id], queue=worker.queue),
    )
    rows = [["Company", "Role", "Status", "Date applied"]]
    rows += [[f"Company {n % 40}", f"Engineer {n}", "Rejected", "2021-05-04"] for n in range(ROWS)]
    upload(csv_bytes(rows))
    job = ImportJob.objects.get()
    signed_in.post(reverse("jobhunt:import_columns", args=[job.pk]), {f"column_{i}": f for i, f in job.mapping.items()})
    assert csv_import.runs_in_background(job)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("jobhunt:import_preview", args=[job.pk]))
    assert response["Location"] == reverse("jobhunt:import_status", args=[job.pk])

    wait_for(
        lambda: ImportJob.objects.get(pk=job.pk).is_finished, timeout=120, what=f"the worker ({worker.log}) to finish"
    )
    job.refresh_from_db()
    assert (job.state, job.imported) == (ImportJob.State.DONE, ROWS), job.errors
    assert Application.objects.filter(user=user).count() == ROWS
    # The worker's last report, after the last chunk, read back here through Redis.
    assert shared.get(csv_import._progress_key(job.pk)) == ROWS
    shared.delete(csv_import._progress_key(job.pk))
