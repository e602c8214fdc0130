"""The settings page's coach links."""

from datetime import datetime

from django.utils import timezone

from sharing.models import ShareLink

ENDED_LINKS_SHOWN = 10


def share_links(user, *, now: datetime | None = None) -> dict:
    """The person's open links (newest first) and their latest ended ones."""
    now = now or timezone.now()
    links = ShareLink.objects.for_user(user)
    return {
        "active": list(links.active(now).order_by("-created_at", "-pk")),
        "ended": list(links.ended(now).order_by("-created_at", "-pk")[:ENDED_LINKS_SHOWN]),
    }
