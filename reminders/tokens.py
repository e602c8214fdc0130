"""Signed unsubscribe tokens: who (user id) and what (a kind name, or ALL for every kind).

They never expire: a link in a months-old email must still work. Changing SECRET_KEY
invalidates them, as it does every other signature.
"""

from django.core import signing

ALL = "all"
_SALT = "reminders.unsubscribe"


def make(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=_SALT, compress=False)


def read(token: str) -> tuple[int, str]:
    """(user id, kind) from a token; raises signing.BadSignature if it was forged or altered."""
    data = signing.loads(token, salt=_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("k"), str):
        raise signing.BadSignature("Malformed unsubscribe token.")
    return data["u"], data["k"]
