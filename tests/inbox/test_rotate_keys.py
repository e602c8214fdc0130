"""Rotating MAILBOX_KEYS: every password re-encrypted with the new first key, the old key then dropped."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from inbox import secrets
from inbox.models import Mailbox
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_passwords_move_to_the_new_key_and_survive_dropping_the_old_one(settings, capsys):
    settings.MAILBOX_KEYS = [OLD]
    mailbox = Mailbox.objects.create(
        user=UserFactory(), host="imap.example.com", username="a", password_encrypted=secrets.encrypt("pw-1")
    )
    settings.MAILBOX_KEYS = [NEW, OLD]

    call_command("rotate_mailbox_keys")

    settings.MAILBOX_KEYS = [NEW]
    mailbox.refresh_from_db()
    assert secrets.decrypt(mailbox.password_encrypted) == "pw-1"
    assert "1 mailbox password encrypted with the first key." in capsys.readouterr().out


def test_a_password_no_key_opens_is_named_and_left_alone(settings, capsys):
    settings.MAILBOX_KEYS = [OLD]
    mailbox = Mailbox.objects.create(
        user=UserFactory(), host="imap.example.com", username="a", password_encrypted=secrets.encrypt("pw-1")
    )
    settings.MAILBOX_KEYS = [NEW]

    call_command("rotate_mailbox_keys")

    assert f"No key opens the password of mailbox {mailbox.pk}." in capsys.readouterr().err


def test_without_keys_it_refuses(settings):
    settings.MAILBOX_KEYS = []

    with pytest.raises(CommandError, match="MAILBOX_KEYS is not set"):
        call_command("rotate_mailbox_keys")
