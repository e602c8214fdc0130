"""Signed unsubscribe tokens: who (user id) and what (a kind name, or ALL for every kind).

They never expire: a link in a months-old email must still work. Changing SECRET_KEY
invalidates them, as it does every other signature.
"""

from django.core import signing

ALL = "all"


def _signer() -> signing.Signer:
    return signing.Signer(salt="reminders.unsubscribe")  # built per use: it reads SECRET_KEY


def make(user, kind: str) -> str:
    """The same token every time for the same person and kind (no timestamp inside)."""
    return _signer().sign_object({"u": user.pk, "k": kind})


def read(token: str) -> tuple[int, str]:
    """(user id, kind) from a token; raises signing.BadSignature if it was forged or altered."""
    data = _signer().unsign_object(token)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("k"), str):
        raise signing.BadSignature("Malformed unsubscribe token.")
    return data["u"], data["k"]
