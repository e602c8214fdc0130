"""Mailbox passwords, encrypted at rest with the keys in settings.MAILBOX_KEYS (Fernet through
MultiFernet: the first key encrypts, any decrypts, so keys rotate without a moment's outage).

A password is decrypted only to log in, and never logged, shown or exported.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class NoKey(Exception):
    """MAILBOX_KEYS is not set: connecting a mailbox is off."""


class Unreadable(Exception):
    """A stored password none of the keys opens (a key was dropped before rotating it out)."""


def available() -> bool:
    return bool(settings.MAILBOX_KEYS)


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _keys() -> MultiFernet:
    if not available():
        raise NoKey("Set MAILBOX_KEYS to connect mailboxes.")
    return _fernet(tuple(settings.MAILBOX_KEYS))


def encrypt(password: str) -> str:
    return _keys().encrypt(password.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken:
        raise Unreadable("No key in MAILBOX_KEYS opens this password.") from None


def rotated(token: str) -> str:
    """The same password, encrypted again with the first key."""
    try:
        return _keys().rotate(token.encode()).decode()
    except InvalidToken:
        raise Unreadable("No key in MAILBOX_KEYS opens this password.") from None
