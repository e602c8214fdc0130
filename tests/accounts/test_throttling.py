"""Login throttling (django-axes): five wrong passwords for one address lock it for a while."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import PASSWORD

LOGIN = reverse("accounts:login")


def log_in(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password})


def fail(client, email, times):
    for _ in range(times):
        response = log_in(client, email, "wrong-password")
        assert response.status_code == 200  # the form again, with its error
    return response


@pytest.fixture(autouse=True)
def five_tries(settings):
    settings.AXES_FAILURE_LIMIT = 5


@pytest.mark.django_db
def test_a_sixth_wrong_password_for_one_email_meets_the_lockout_page(client, user):
    fail(client, user.email, settings.AXES_FAILURE_LIMIT - 1)
    log_in(client, user.email, "wrong-password")

    sixth = log_in(client, user.email, "wrong-password")

    assert sixth.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in sixth.templates]


@pytest.mark.django_db
def test_the_sixth_try_after_five_wrong_passwords_is_locked_even_with_the_right_one(client, user):
    fail(client, user.email, settings.AXES_FAILURE_LIMIT - 1)
    fifth = log_in(client, user.email, "wrong-password")
    sixth = log_in(client, user.email, PASSWORD)

    assert fifth.status_code == 429
    assert sixth.status_code == 429
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_the_lockout_page_says_what_happened_and_when_to_try_again(client, user):
    fail(client, user.email, settings.AXES_FAILURE_LIMIT - 1)

    response = log_in(client, user.email, "wrong-password")

    html = response.content.decode()
    assert "accounts/locked_out.html" in [template.name for template in response.templates]
    assert "5 wrong passwords in a row" in html
    assert user.email in html
    assert "try again in <strong>15 minutes</strong>" in html
    assert reverse("accounts:password_reset") in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_a_successful_login_resets_the_count(client, user):
    fail(client, user.email, settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, user.email, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))

    fail(client, user.email, settings.AXES_FAILURE_LIMIT - 1)
    response = log_in(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_changing_the_case_of_the_email_does_not_buy_more_tries(client, user):
    variants = [user.email, user.email.upper(), user.email.title(), f"  {user.email}  ", user.email.capitalize()]

    for variant in variants[:-1]:
        log_in(client, variant, "wrong-password")
    response = log_in(client, variants[-1], "wrong-password")

    assert response.status_code == 429
    assert AccessAttempt.objects.get().username == user.email


@pytest.mark.django_db
def test_a_locked_address_does_not_lock_anyone_else(client, user, other_user):
    fail(client, user.email, settings.AXES_FAILURE_LIMIT - 1)
    log_in(client, user.email, "wrong-password")

    response = log_in(client, other_user.email, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(other_user.pk)


@pytest.mark.django_db
def test_wrong_passwords_for_an_unknown_address_are_counted_too(client):
    fail(client, "nobody@example.com", settings.AXES_FAILURE_LIMIT - 1)

    assert log_in(client, "nobody@example.com", "wrong-password").status_code == 429
