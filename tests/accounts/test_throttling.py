"""Login throttling (django-axes): five wrong passwords for one address lock it for a while."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def shift(self, delta: datetime.timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock(monkeypatch):
    """The time, moved by hand: what axes stamps on a login attempt and counts back from."""
    clock = Clock()
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock.now)  # new rows' attempt_time
    monkeypatch.setattr("axes.handlers.proxy.now", lambda: clock.now)  # each request's time
    return clock


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


# One account, two addresses -----------------------------------------------------------------------

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
OWNER = {"REMOTE_ADDR": "198.51.100.7"}


@pytest.mark.django_db
def test_someone_hammering_an_account_from_one_address_does_not_lock_its_owner_out_elsewhere(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT * 4):
        client.post(LOGIN, {"username": user.email, "password": "a-guess"}, **ATTACKER)
    assert client.post(LOGIN, {"username": user.email, "password": PASSWORD}, **ATTACKER).status_code == 429

    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD}, **OWNER)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


# One address, many accounts ----------------------------------------------------------------------


@pytest.fixture
def twelve_per_address(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12


def spray(client, emails, tries_each, **where):
    """Wrong passwords for each address in turn; the last answer."""
    for email in emails:
        for _ in range(tries_each):
            response = client.post(LOGIN, {"username": email, "password": "Summer2025!"}, **where)
    return response


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_paused_at_its_own_higher_limit(client, twelve_per_address):
    under = spray(client, [f"person{n}@example.com" for n in range(11)], 1, **ATTACKER)
    at_limit = spray(client, ["person11@example.com"], 1, **ATTACKER)

    assert under.status_code == 200  # eleven accounts tried once: no account is near its own limit
    assert at_limit.status_code == 429
    html = at_limit.content.decode()
    assert "paused logging in from here" in html
    assert "person11@example.com" not in html
    assert "try again in <strong>15 minutes</strong>" in html
    assert reverse("accounts:password_reset") in html


@pytest.mark.django_db
def test_a_paused_address_is_refused_even_the_right_password_for_an_account_it_never_tried(
    client, user, twelve_per_address
):
    spray(client, [f"person{n}@example.com" for n in range(4)], 3, **ATTACKER)

    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD}, **ATTACKER)

    assert response.status_code == 429
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_another_address_logs_in_as_usual_while_one_is_paused(client, user, twelve_per_address):
    spray(client, [f"person{n}@example.com" for n in range(12)], 1, **ATTACKER)

    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD}, **OWNER)

    assert response.status_code == 302


@pytest.mark.django_db
def test_tries_refused_by_an_accounts_own_lock_do_not_pause_the_whole_address(client, user, twelve_per_address):
    # Someone retrying their own account well past its lock, at home, where others log in too.
    spray(client, ["forgetful@example.com"], 30, **OWNER)

    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD}, **OWNER)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_the_address_pause_ends_fifteen_minutes_after_the_last_try(client, user, twelve_per_address, clock):
    spray(client, [f"person{n}@example.com" for n in range(12)], 1, **ATTACKER)
    clock.shift(datetime.timedelta(minutes=14, seconds=59))
    assert client.post(LOGIN, {"username": user.email, "password": PASSWORD}, **ATTACKER).status_code == 429

    clock.shift(datetime.timedelta(minutes=15, seconds=1))
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD}, **ATTACKER)

    assert response.status_code == 302


@pytest.mark.django_db
def test_trying_more_accounts_during_the_pause_keeps_it_going(client, user, twelve_per_address, clock):
    spray(client, [f"person{n}@example.com" for n in range(12)], 1, **ATTACKER)
    clock.shift(datetime.timedelta(minutes=10))
    spray(client, [f"other{n}@example.com" for n in range(12)], 1, **ATTACKER)

    clock.shift(datetime.timedelta(minutes=10))
    still = client.post(LOGIN, {"username": user.email, "password": PASSWORD}, **ATTACKER)

    assert still.status_code == 429


@pytest.mark.django_db
def test_the_account_lock_page_names_the_account_and_the_address_pause_page_does_not(client, user, twelve_per_address):
    fail(client, user.email, settings.AXES_FAILURE_LIMIT - 1)
    account = log_in(client, user.email, "wrong-password")
    address = spray(client, [f"person{n}@example.com" for n in range(12)], 1, **ATTACKER)

    assert "wrong passwords in a row for <strong>" in account.content.decode()
    assert "paused logging in to it from here" in account.content.decode()
    assert "for several accounts" in address.content.decode()
    assert address.content.decode().count("<h1") == 1


def queries_for_one_wrong_password(client, email, **where) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.post(LOGIN, {"username": email, "password": "one-more-guess"}, **where)
    return len(queries)


@pytest.mark.django_db
def test_a_wrong_password_costs_the_same_queries_however_many_accounts_the_address_tried(client):
    spray(client, [f"person{n}@example.com" for n in range(3)], 1, **ATTACKER)
    few = queries_for_one_wrong_password(client, "late@example.com", **ATTACKER)

    spray(client, [f"someone{n}@example.com" for n in range(20)], 1, **ATTACKER)
    many = queries_for_one_wrong_password(client, "later@example.com", **ATTACKER)

    assert few == many
