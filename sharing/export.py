"""sharing's sections of "Export my data": the coach links and whether the calendar feed is on.
Never the secrets themselves (only their hashes or keys are stored, and neither is exported)."""

from accounts import export
from sharing.models import CalendarFeed, ShareLink


def _iso(value):
    return value.isoformat() if value else None


def share_links(user):
    for link in ShareLink.objects.for_user(user).order_by("created_at", "pk").iterator():
        yield {
            "label": link.label,
            "created_at": _iso(link.created_at),
            "expires_at": _iso(link.expires_at),
            "revoked_at": _iso(link.revoked_at),
            "last_opened_at": _iso(link.last_opened_at),
            "times_opened": link.open_count,
        }


def calendar_feed(user):
    for feed in CalendarFeed.objects.for_user(user):
        yield {"created_at": _iso(feed.created_at), "last_fetched_at": _iso(feed.last_fetched_at)}


def register() -> None:
    export.register("share_links", share_links)
    export.register("calendar_feed", calendar_feed)
