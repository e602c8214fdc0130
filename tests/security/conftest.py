"""People with one of everything, built once per test module.

Building them through the services takes a moment, and the tests run hundreds of requests
against them: the data lives in a transaction around the whole module, and every test runs in
its own savepoint inside it (pytest-django's usual rollback), so each test starts from the same
untouched data.
"""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import Client

from tests.factories import UserFactory
from tests.security.world import World, their_text


@contextmanager
def module_data(django_db_blocker, build):
    """`build()`'s rows for the length of a module, rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            built = build()
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker, lambda: (World(UserFactory()), World(UserFactory(), text=their_text))) as pair:
        yield pair


@pytest.fixture
def mine(worlds, db):
    """Everything the signed-in person owns."""
    return worlds[0]


@pytest.fixture
def theirs(worlds, db):
    """The same for somebody else."""
    return worlds[1]


def as_stored(user):
    """The person as the database has them (a test may have changed the shared object in memory)."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def signed_in(client, mine):
    client.force_login(as_stored(mine.user))
    return client


@pytest.fixture
def owner_client(theirs):
    """The other person, signed in to their own account."""
    client = Client()
    client.force_login(as_stored(theirs.user))
    return client


@pytest.fixture(autouse=True)
def nothing_is_reached_over_the_network(monkeypatch):
    """A posting's link or a mail server sent to a page here is answered as one that can't be
    reached: these tests are about forms and pages, and never wait on a network."""
    from inbox import imap
    from jobhunt import capture, postings

    def unreachable_site(url):
        raise postings.FetchFailed("Couldn't connect to that site.", reason="connect")

    def unreachable_server(settings, **options):
        raise imap.MailboxError(imap.Kind.UNREACHABLE, "Couldn't reach the mail server.")

    monkeypatch.setattr(capture, "from_link", unreachable_site)
    monkeypatch.setattr(imap, "check", unreachable_server)
