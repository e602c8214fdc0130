"""Two people with one of everything, built once per test module.

Building them through the services takes a moment, and the matrix runs hundreds of requests
against them: the pair lives in a transaction around the whole module, and every test runs in
its own savepoint inside it (pytest-django's usual rollback), so each test still starts from
the same two untouched worlds.
"""

import pytest
from django.db import transaction
from django.test import Client

from tests.factories import UserFactory
from tests.security.world import World


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            pair = World(UserFactory()), World(UserFactory())
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield pair
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def mine(worlds, db):
    """Everything the signed-in person owns."""
    return worlds[0]


@pytest.fixture
def theirs(worlds, db):
    """The same for somebody else."""
    return worlds[1]


@pytest.fixture
def signed_in(client, mine):
    client.force_login(mine.user)
    return client


@pytest.fixture
def owner_client(theirs):
    """The other person, signed in to their own account."""
    client = Client()
    client.force_login(theirs.user)
    return client
