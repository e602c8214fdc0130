"""Kept pages (accounts.freshness) in a real Redis, as the gunicorn workers share them."""

import re

import pytest
import redis
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

DASHBOARD = reverse("jobhunt:dashboard")
PREFIX = "rebound-kept-pages-test"


def _on_redis(settings, url):
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": PREFIX,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }


def _browser():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    client.get(DASHBOARD)  # the first page sets the CSRF cookie
    return client


def _fetch(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_a_page_kept_in_redis_is_served_with_two_queries_until_a_change(redis_url, settings):
    _on_redis(settings, redis_url)
    store = redis.Redis.from_url(redis_url)
    before = set(store.scan_iter(f"{PREFIX}:*"))
    client = _browser()

    page, computed = _fetch(client)
    assert len(set(store.scan_iter(f"{PREFIX}:*")) - before) == 1
    again, kept = _fetch(client)
    assert again == page and kept == 2 < computed

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', again).group(1)
    added = client.post(
        reverse("jobhunt:application_quick_add"),
        {"company_name": "Redis Kept Co", "role_title": "Analyst", "csrfmiddlewaretoken": token},
    )
    assert added.status_code == 302
    client.get(added.url)  # shows the "added" message once
    after, queries = _fetch(client)
    assert "Redis Kept Co" in after and queries == computed


def test_with_redis_stopped_pages_are_written_as_usual(own_redis, settings, caplog):
    own_redis.start()
    _on_redis(settings, own_redis.url)
    client = _browser()
    _page, computed = _fetch(client)
    _page, kept = _fetch(client)
    assert kept == 2

    own_redis.stop()
    for _visit in range(2):
        page, queries = _fetch(client)
        assert queries == computed
    assert "Quick add" in page
    assert "Kept pages and feeds unavailable" in caplog.text
