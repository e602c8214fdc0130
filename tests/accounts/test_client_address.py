"""Whose address a login attempt counts under: REMOTE_ADDR, or behind declared proxies, X-Forwarded-For."""

import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import RequestFactory
from django.urls import reverse

from accounts.throttle import client_address
from tests.factories import PASSWORD

LOGIN = reverse("accounts:login")
PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def five_tries(settings):
    settings.AXES_FAILURE_LIMIT = 5


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def attempt(client, email, password, **meta):
    return client.post(LOGIN, {"username": email, "password": password}, **meta)


def address_of(remote_addr, forwarded_for=None):
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client_address(RequestFactory().post(LOGIN, **meta))


# No proxy declared -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_trusted_proxies_a_forged_forwarded_for_buys_no_more_tries(client, user):
    for number in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, user.email, "guess", REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")

    fifth = attempt(client, user.email, "guess", REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.200")

    assert fifth.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}


def test_without_trusted_proxies_the_address_is_remote_addr_whatever_the_header_says():
    assert address_of("203.0.113.66", "198.51.100.7") == "203.0.113.66"
    assert address_of("203.0.113.66") == "203.0.113.66"


# Behind one proxy --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_behind_one_trusted_proxy_the_client_address_from_forwarded_for_is_used(client, user, one_proxy):
    attempt(client, user.email, "guess", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"


@pytest.mark.django_db
def test_behind_a_proxy_someone_hammering_an_account_does_not_lock_its_owner_out(client, user, one_proxy):
    for _ in range(settings.AXES_FAILURE_LIMIT * 2):
        attempt(client, user.email, "guess", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")

    response = attempt(client, user.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_behind_a_proxy_entries_the_client_wrote_itself_are_ignored(client, user, one_proxy):
    # The proxy appends the address it saw to whatever the client sent.
    for number in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, user.email, "guess", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.66")

    fifth = attempt(client, user.email, "guess", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.9, 203.0.113.66")

    assert fifth.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}


@pytest.mark.parametrize(
    ("forwarded_for", "address"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("192.0.2.1, 198.51.100.7", "198.51.100.7"),
        ("198.51.100.7:51234", "198.51.100.7"),
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("2001:DB8:0:0::7", "2001:db8::7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
    ],
)
def test_behind_one_proxy_its_own_entry_is_read_as_a_plain_address(one_proxy, forwarded_for, address):
    assert address_of(PROXY, forwarded_for) == address


@pytest.mark.parametrize("forwarded_for", [None, "", " , ", "unknown", "198.51.100.7, not-an-address", "<script>"])
def test_behind_a_proxy_a_missing_or_unreadable_entry_leaves_the_proxy_address(one_proxy, forwarded_for):
    assert address_of(PROXY, forwarded_for) == PROXY


# Behind two proxies ------------------------------------------------------------------------------


def test_behind_two_trusted_proxies_the_address_the_outer_one_saw_is_used(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    # client -> CDN (appends the client) -> load balancer (appends the CDN) -> Rebound
    assert address_of(PROXY, "192.0.2.1, 198.51.100.7, 172.16.0.9") == "198.51.100.7"


def test_behind_two_proxies_a_header_that_skipped_one_of_them_is_not_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert address_of(PROXY, "192.0.2.1") == PROXY


# Settings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"TRUSTED_PROXY_COUNT": "one"}, "TRUSTED_PROXY_COUNT='one' is not a whole number"),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT=-1 is out of range"),
        (
            {"AXES_FAILURE_LIMIT": "10", "LOGIN_ADDRESS_FAILURE_LIMIT": "8"},
            "LOGIN_ADDRESS_FAILURE_LIMIT=8 must be at least AXES_FAILURE_LIMIT=10",
        ),
    ],
)
def test_a_wrong_login_throttling_setting_stops_start_up_with_a_clear_message(environment, message):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert message in result.stderr
