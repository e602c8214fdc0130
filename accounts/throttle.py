"""Login throttling on top of django-axes (see README, "Your account").

Two limits, both over the last AXES_COOLOFF_TIME:
- one account from one address: AXES_FAILURE_LIMIT wrong passwords lock that pair (axes itself,
  through AXES_LOCKOUT_PARAMETERS);
- one address across accounts: LOGIN_ADDRESS_FAILURE_LIMIT wrong passwords pause logging in from
  that address to any account. Axes compares the largest of its counts with one single limit, so
  this second limit is counted here, from the same AccessAttempt rows axes keeps.

The address is the client's own: REMOTE_ADDR, or, with TRUSTED_PROXY_COUNT proxies in front, the
address the outermost of them saw, read from X-Forwarded-For from the right.
"""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum, Value
from django.db.models.functions import Least


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


def address_failures(request, credentials=None) -> int:
    """Wrong passwords from the request's address over the cool-off time, across accounts.

    Each account counts for at most its own limit: tries refused by a lock test no password,
    and someone retrying their own account must not pause everyone sharing their address.
    """
    if not request.axes_ip_address:
        return 0
    per_account = (
        AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
        )
        .values("username")
        .annotate(failures=Least(Sum("failures_since_start"), Value(get_failure_limit(request, credentials))))
    )
    return per_account.aggregate(total=Sum("failures"))["total"] or 0


class LoginThrottle(AxesDatabaseHandler):
    """Axes' database handler (settings.AXES_HANDLER), with the limit on one address added."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_failures(request, credentials) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or self.is_whitelisted(request, credentials):
            return
        if address_failures(request, credentials) < settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return
        request.login_paused_for_address = True  # the lockout page says which pause it is
        if not request.axes_locked_out:
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )
