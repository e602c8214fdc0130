import csv
import io

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobhunt.models import ImportJob

# The real-pipeline fixtures (PostgreSQL, Redis, Celery worker), for test_worker.py.
from tests.integration.conftest import postgres_url, publisher, redis_url, smtp, start_worker  # noqa: F401


@pytest.fixture(autouse=True)
def fresh_shared_cache():
    """Import ids repeat between tests: no progress count carries over from one to the next."""
    caches["shared"].clear()


def csv_bytes(rows: list[list], *, encoding="utf-8", delimiter=",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def upload(signed_in):
    """Upload `data` as a file; returns the response."""

    def send(data: bytes, name="applications.csv", client=None):
        return (client or signed_in).post(
            reverse("jobhunt:import_upload"), {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
        )

    return send


@pytest.fixture
def imported(signed_in, upload):
    """Upload, keep the guessed columns, import; returns the finished ImportJob."""

    def run(data: bytes, date_order: str = "", mapping: dict | None = None):
        response = upload(data)
        assert response.status_code == 302, response.content.decode()[:2000]
        job = ImportJob.objects.latest("pk")
        fields = {f"column_{index}": name for index, name in (mapping or job.mapping).items()}
        response = signed_in.post(
            reverse("jobhunt:import_columns", args=[job.pk]), {**fields, "date_order": date_order}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        response = signed_in.post(reverse("jobhunt:import_preview", args=[job.pk]))
        assert response.status_code == 302
        job.refresh_from_db()
        return job

    return run
