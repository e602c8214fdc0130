import os

import pytest

from tests.factories import PASSWORD, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


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
