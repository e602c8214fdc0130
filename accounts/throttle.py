"""Login throttling helpers for django-axes (see README, "Your account").

The address an attempt counts under is the client's own: REMOTE_ADDR, or, with TRUSTED_PROXY_COUNT
proxies in front, the address the outermost of them saw, read from X-Forwarded-For from the right.
"""

import ipaddress

from django.conf import settings


def axes_username(request, credentials=None) -> str | None:
    """The address a login attempt is for, in lower case.

    Logins ignore case, so the failure count must too: otherwise "Ana@x.org", "ANA@x.org"…
    would each get their own five tries.
    """
    source = credentials or getattr(request, "data", None) or request.POST
    username = source.get("username")
    return username.strip().lower() if username else None


def client_address(request) -> str | None:
    """The address a request came from (settings.AXES_CLIENT_IP_CALLABLE).

    Each trusted proxy appends the address it was reached from to X-Forwarded-For, so the last
    TRUSTED_PROXY_COUNT entries are theirs, and the leftmost of them, written by the outermost
    proxy, is the client. Anything further left came from the client itself and is never read.
    A header too short to have passed every proxy, or an entry that is no address, leaves
    REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    entries = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(entries) < proxies:
        return remote
    return _address(entries[-proxies]) or remote


def _address(entry: str) -> str | None:
    """An X-Forwarded-For entry as a plain address, without the port some proxies add."""
    entry = entry.strip()
    if entry.startswith("[") and "]" in entry:  # [2001:db8::1]:443
        entry = entry[1 : entry.index("]")]
    elif entry.count(":") == 1:  # 192.0.2.1:443
        entry = entry.partition(":")[0]
    try:
        address = ipaddress.ip_address(entry)
    except ValueError:
        return None
    return str(getattr(address, "ipv4_mapped", None) or address)
