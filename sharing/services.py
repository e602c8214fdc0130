"""Every write of the sharing app: turning the calendar feed on, off or to a new address, and
making, revoking and noting the use of coach links."""

import secrets
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sharing.models import MAX_ACTIVE_SHARE_LINKS, SHARE_LINK_DAYS, CalendarFeed, ShareLink, hash_token

# A calendar polls every hour or so; noting each read to the second would be a write per poll.
FETCH_NOTED_EVERY = timedelta(minutes=15)


def _new_key() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def calendar_feed_reset(*, user) -> CalendarFeed:
    """Turn the feed on, or give it a new address: the old one stops working at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user, defaults={"key": _new_key()})
    if not created:
        feed.key = _new_key()
        feed.created_at = timezone.now()
        feed.last_fetched_at = None
        feed.save(update_fields=["key", "created_at", "last_fetched_at"])
    return feed


@transaction.atomic
def calendar_feed_turn_off(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def calendar_feed_fetched(*, feed: CalendarFeed, now: datetime | None = None) -> None:
    """Note that a calendar read the feed, so the settings page can say it is working."""
    now = now or timezone.now()
    if feed.last_fetched_at is None or feed.last_fetched_at <= now - FETCH_NOTED_EVERY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)
        feed.last_fetched_at = now


@transaction.atomic
def share_link_create(*, user, label: str, days: int, now: datetime | None = None) -> tuple[ShareLink, str]:
    """A new coach link. Returns the link and its token: the token is never stored, only its hash."""
    now = now or timezone.now()
    label = label.strip()
    if not label:
        raise ValidationError({"label": "Say who it's for, e.g. “For my career coach”."})
    if days not in SHARE_LINK_DAYS:
        raise ValidationError({"days": "Pick one of the lengths offered."})
    # Lock the person's row so two quick clicks cannot both slip under the cap.
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    if ShareLink.objects.for_user(user).active(now).count() >= MAX_ACTIVE_SHARE_LINKS:
        raise ValidationError(
            f"You already have {MAX_ACTIVE_SHARE_LINKS} links open. Revoke one you no longer need first."
        )
    token = secrets.token_urlsafe(32)
    link = ShareLink.objects.create(
        user=user,
        label=label,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    return link, token


@transaction.atomic
def share_link_revoke(*, link: ShareLink, now: datetime | None = None) -> ShareLink:
    """Close the link at once. Revoking twice keeps the first time."""
    if link.revoked_at is None:
        link.revoked_at = now or timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def share_link_opened(*, link: ShareLink, now: datetime | None = None) -> None:
    """Note a visit, so the person can see whether their coach has looked."""
    now = now or timezone.now()
    ShareLink.objects.filter(pk=link.pk).update(last_opened_at=now, open_count=F("open_count") + 1)
    link.last_opened_at = now
