"""Bugs the generated bad input found, each pinned by the example that showed it."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobhunt.models import ImportJob
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signing_in_with_a_very_long_address_is_a_wrong_login_not_an_error(client):
    UserFactory()  # SQLite refuses a case-insensitive LIKE past 50,000 bytes, once it has a row to compare
    response = client.post(reverse("accounts:login"), {"username": "🦄" * 12_501, "password": "0"})

    assert response.status_code == 200
    assert response.context["form"].errors


def test_signing_in_still_ignores_the_case_of_the_address(client):
    user = UserFactory(email="ana@example.com")

    client.post(reverse("accounts:login"), {"username": "ANA@Example.com", "password": PASSWORD})

    assert client.session[SESSION_KEY] == str(user.pk)


def test_an_address_longer_than_any_account_is_refused_before_the_login_trail_records_it(client):
    # The login trail keeps 255 characters: PostgreSQL refused the row (a 500 at login).
    response = client.post(reverse("accounts:login"), {"username": "a" * 300 + "@example.com", "password": "0"})

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("url_name", ["jobhunt:application_create", "recovery:week_plan"])
def test_an_id_past_the_databases_integer_range_is_an_unknown_choice(client, url_name):
    # SQLite can't even bind 2**63 (OverflowError: a 500) when the ids are checked with __in.
    user = UserFactory()
    client.force_login(user)
    data = {
        "company_name": "Acme",
        "role_title": "Engineer",
        "status": "applied",
        "source": "job_board",
        "interest": "3",
        "contacts": [str(2**63)],
        "plan-applications_target": "1",
        "plan-conversations_target": "1",
        "plan-practice_target": "1",
        "plan-contacts": [str(2**63)],
    }

    response = client.post(reverse(url_name), data)

    assert response.status_code == 200
    form = response.context["form"] if "form" in response.context else response.context["forms"]["plan"]
    assert "contacts" in form.errors


@pytest.mark.parametrize(
    "content",
    [
        "Company,Role\nAcme\x00,Engineer\n".encode("utf-16"),
        "Company,Role\nAcme,Engineer\n".encode("utf-32"),  # its byte-order mark starts like UTF-16's
    ],
)
def test_an_upload_that_decodes_to_nul_characters_is_not_a_csv_file(client, content):
    # PostgreSQL keeps no NUL in text: saving the upload was a 500.
    client.force_login(UserFactory())

    response = client.post(
        reverse("jobhunt:import_upload"), {"file": SimpleUploadedFile("a.csv", content, content_type="text/csv")}
    )

    assert response.status_code == 200
    assert "binary data" in str(response.context["form"].errors["file"])
    assert not ImportJob.objects.exists()
