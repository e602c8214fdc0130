import zoneinfo

from django.db import connection
from django.utils import timezone

from accounts.freshness import mark_changed

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
WRITES = {"INSERT", "UPDATE", "DELETE"}


class UserTimezoneMiddleware:
    """Show dates and times in the signed-in person's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class DataChangeMiddleware:
    """After a request that wrote rows for a signed-in person, the pages kept for them
    (accounts.freshness) are written fresh. Every change in Rebound is a POST; a refused one
    (no token, not yours, a form with errors) writes nothing and keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        wrote = False

        def watch(execute, sql, params, many, context):
            nonlocal wrote
            wrote = wrote or sql.lstrip()[:6].upper() in WRITES
            return execute(sql, params, many, context)

        with connection.execute_wrapper(watch):
            response = self.get_response(request)
        user = getattr(request, "user", None)
        if wrote and user is not None and user.is_authenticated:
            mark_changed(user)
        return response
