import zoneinfo

from django.utils import timezone
from django.utils.cache import patch_cache_control


class UserTimezoneMiddleware:
    """Show dates and times in the signed-in person's own time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only for this request: the thread goes back to the server's zone afterwards, so nothing run
        # later in it (a test, a management command in the same process) inherits someone's zone.
        with timezone.override(self._zone(request)):
            return self.get_response(request)

    @staticmethod
    def _zone(request) -> zoneinfo.ZoneInfo | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        try:
            return zoneinfo.ZoneInfo(user.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None


class PrivatePagesMiddleware:
    """A signed-in page holds someone's job search: no shared cache (a proxy, a CDN) may keep it,
    and the browser keeps no copy on disk for the next person at a shared computer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
