"""Mailbox passwords are encrypted with MAILBOX_KEYS; keys rotate; without a key the feature is off."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from config import env
from inbox import secrets

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_a_password_is_stored_encrypted_and_read_back(settings):
    settings.MAILBOX_KEYS = [NEW]

    token = secrets.encrypt("app-password-123")

    assert "app-password-123" not in token
    assert secrets.decrypt(token) == "app-password-123"


def test_a_new_key_goes_first_and_the_old_one_still_opens_what_it_locked(settings):
    settings.MAILBOX_KEYS = [OLD]
    token = secrets.encrypt("secret")
    settings.MAILBOX_KEYS = [NEW, OLD]

    assert secrets.decrypt(token) == "secret"
    rotated = secrets.rotated(token)
    settings.MAILBOX_KEYS = [NEW]
    assert secrets.decrypt(rotated) == "secret"
    with pytest.raises(secrets.Unreadable):
        secrets.decrypt(token)


def test_without_a_key_nothing_is_encrypted_and_the_feature_is_off(settings):
    settings.MAILBOX_KEYS = []

    assert not secrets.available()
    with pytest.raises(secrets.NoKey):
        secrets.encrypt("secret")


def test_a_key_that_is_not_a_fernet_key_stops_start_up_naming_the_variable(monkeypatch):
    monkeypatch.setenv("MAILBOX_KEYS", f"{NEW},not-a-key")

    with pytest.raises(ImproperlyConfigured, match="MAILBOX_KEYS: key 2 is not a Fernet key"):
        env.fernet_keys("MAILBOX_KEYS")
