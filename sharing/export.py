"""sharing's sections of "Export my data": the coach links and whether the calendar feed is on.
Never the secrets themselves (only their hashes or keys are stored, and neither is exported)."""

from accounts import export
from sharing.models import CalendarFeed, ShareLink


def _iso(value):
    return value.isoformat() if value else None


def share_links(user):
    fields = ("label", "created_at", "expires_at", "revoked_at", "last_opened_at", "open_count")
    rows = ShareLink.objects.for_user(user).order_by("created_at", "pk").values_list(*fields)
    for label, created_at, expires_at, revoked_at, last_opened_at, open_count in rows.iterator():
        yield {
            "label": label,
            "created_at": _iso(created_at),
            "expires_at": _iso(expires_at),
            "revoked_at": _iso(revoked_at),
            "last_opened_at": _iso(last_opened_at),
            "times_opened": open_count,
        }


def calendar_feed(user):
    for created_at, last_fetched_at in CalendarFeed.objects.for_user(user).values_list("created_at", "last_fetched_at"):
        yield {"created_at": _iso(created_at), "last_fetched_at": _iso(last_fetched_at)}


def register() -> None:
    export.register("share_links", share_links)
    export.register("calendar_feed", calendar_feed)
