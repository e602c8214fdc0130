import os

import pytest
from django.core.cache import caches

from tests.factories import PASSWORD, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts with empty caches: a page cached by one test (a calendar feed, say)
    must never answer in the next one, whose rows were written differently."""
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def shared_cache_away(settings):
    """The shared cache (Redis in production) pointed at a port where nothing listens."""
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def signed_in(client, user):
    """A test client signed in as `user`."""
    client.force_login(user)
    return client


@pytest.fixture
def password():
    return PASSWORD
