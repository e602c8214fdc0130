"""Another person's import doesn't exist for you (404 on GET and POST, nothing changes); every
page asks a stranger to log in; every POST needs the CSRF token; pages run fixed queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from jobhunt import csv_import
from jobhunt.models import Application, ImportJob, StageEvent, Status
from tests.jobhunt.transfer.conftest import csv_bytes

pytestmark = pytest.mark.django_db

JOB_URLS = ["import_status", "import_columns", "import_preview", "import_progress", "import_discard"]


def make_job(user, rows=3, **fields):
    data = csv_bytes([["Company", "Role"]] + [[f"Company {n}", "Engineer"] for n in range(rows)])
    job = csv_import.import_upload(user=user, file_name="theirs.csv", data=data)
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


@pytest.fixture
def their_job(other_user):
    return make_job(other_user)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", JOB_URLS)
def test_another_persons_import_is_not_found_and_left_alone(signed_in, their_job, name, method):
    before = ImportJob.objects.filter(pk=their_job.pk).values().get()
    data = {"column_0": "role_title", "column_1": "company", "date_order": "mdy"} if method == "post" else None

    response = getattr(signed_in, method)(reverse(f"jobhunt:{name}", args=[their_job.pk]), data)

    assert response.status_code == 404
    assert ImportJob.objects.filter(pk=their_job.pk).values().get() == before
    assert not Application.objects.exists()


@pytest.mark.parametrize("name", JOB_URLS)
def test_an_import_that_does_not_exist_is_not_found(signed_in, name):
    assert signed_in.get(reverse(f"jobhunt:{name}", args=[987654])).status_code == 404


PAGES = [
    ("jobhunt:transfer", []),
    ("jobhunt:email_read", []),
    ("jobhunt:import_upload", []),
    ("jobhunt:email_confirm", []),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_the_pages_ask_a_stranger_to_log_in(client, name, args):
    response = client.post(reverse(name, args=args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", JOB_URLS)
def test_import_pages_ask_a_stranger_to_log_in(client, their_job, name):
    response = client.get(reverse(f"jobhunt:{name}", args=[their_job.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.fixture
def strict(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_an_upload_without_the_token_is_refused(strict):
    data = csv_bytes([["Company", "Role"], ["Acme", "Engineer"]])

    response = strict.post(reverse("jobhunt:import_upload"), {"file": SimpleUploadedFile("a.csv", data)})

    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_import_steps_without_the_token_change_nothing(strict, user):
    job = make_job(user)
    before = ImportJob.objects.filter(pk=job.pk).values().get()

    columns = strict.post(reverse("jobhunt:import_columns", args=[job.pk]), {"column_0": "role_title"})
    start = strict.post(reverse("jobhunt:import_preview", args=[job.pk]))
    discard = strict.post(reverse("jobhunt:import_discard", args=[job.pk]))

    assert [columns.status_code, start.status_code, discard.status_code] == [403, 403, 403]
    assert ImportJob.objects.filter(pk=job.pk).values().get() == before
    assert not Application.objects.exists()


def test_confirming_an_email_without_the_token_moves_nothing(strict, user, application):
    response = strict.post(
        reverse("jobhunt:email_confirm"), {"application": application.pk, "to_status": Status.REJECTED}
    )

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Status.APPLIED


def test_reading_an_email_without_the_token_is_refused(strict):
    assert strict.post(reverse("jobhunt:email_read"), {"text": "Unfortunately…"}).status_code == 403


@pytest.mark.parametrize("name", ["import_status", "import_progress"])
def test_a_job_page_answers_the_usual_methods_only(signed_in, user, name):
    job = make_job(user, state=ImportJob.State.DONE)

    assert signed_in.post(reverse(f"jobhunt:{name}", args=[job.pk])).status_code == 405
    assert signed_in.get(reverse(f"jobhunt:{name}", args=[job.pk])).status_code == 200


# Query counts ----------------------------------------------------------------------------------


# Session and user (2) plus each page's own reads.
@pytest.mark.parametrize("size", [5, 50])
def test_the_preview_runs_a_fixed_number_of_queries(signed_in, user, django_assert_max_num_queries, size):
    job = make_job(user, rows=size, mapping={"0": "company", "1": "role_title"})

    with django_assert_max_num_queries(4):  # session, user, the job, existing applications
        response = signed_in.get(reverse("jobhunt:import_preview", args=[job.pk]))

    assert response.context["count"] == size


@pytest.mark.parametrize("size", [5, 50])
def test_the_import_page_runs_a_fixed_number_of_queries(
    signed_in, user, make_pipeline, django_assert_max_num_queries, size
):
    make_pipeline(user, size)
    for _ in range(size // 5):
        make_job(user, state=ImportJob.State.DONE)

    with django_assert_max_num_queries(6):  # session, user, three counts, recent imports
        assert signed_in.get(reverse("jobhunt:transfer")).status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_reading_an_email_runs_a_fixed_number_of_queries(
    signed_in, user, make_pipeline, django_assert_max_num_queries, size
):
    make_pipeline(user, size)

    with django_assert_max_num_queries(5):  # session, user, candidates, their people, contacts by address
        response = signed_in.post(
            reverse("jobhunt:email_read"),
            {"text": "From: someone@bulk-company-1.example\n\nUnfortunately we went with other candidates."},
        )

    assert response.status_code == 200


def test_an_import_writes_in_bulk_whatever_the_number_of_rows(signed_in, user, django_assert_max_num_queries):
    """Saved or ended rows cost no query each: companies, applications and steps go in batches."""
    rows = [["Company", "Role", "Status", "Date applied"]]
    rows += [[f"Company {n % 7}", f"Role {n}", "Rejected", "2020-01-06"] for n in range(300)]
    rows += [[f"Company {n % 7}", f"Saved {n}", "Wishlist", ""] for n in range(300)]
    job = csv_import.import_upload(user=user, file_name="big.csv", data=csv_bytes(rows))
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.QUEUED)

    # PostgreSQL takes each batch in one INSERT; SQLite's limit on parameters splits a wide one.
    width = len([field for field in Application._meta.concrete_fields if not field.primary_key])
    splits = -(-600 // connection.ops.bulk_batch_size(["x"] * width, [None] * 600)) - 1
    with django_assert_max_num_queries(30 + splits):
        job = csv_import.import_run(job_id=job.pk)

    assert job.imported == 600
    assert StageEvent.objects.filter(application__user=user).count() == 600
