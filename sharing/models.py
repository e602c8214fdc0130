import hashlib

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone

from jobhunt.models import OwnedQuerySet

# How long a coach link stays open, in days (the choices the person picks from).
SHARE_LINK_DAYS = (7, 30, 90)
MAX_ACTIVE_SHARE_LINKS = 10


def _feed_signer() -> signing.Signer:
    # Built per use: it reads SECRET_KEY (and SECRET_KEY_FALLBACKS while keys rotate).
    return signing.Signer(salt="sharing.calendar-feed", sep=".")


class CalendarFeed(models.Model):
    """A person's private calendar address.

    The row keeps a random `key`; the address is that key signed with SECRET_KEY. The settings page
    can show the address any time, yet a copy of the database alone does not open anyone's
    calendar. A reset draws a new key, so the old address stops working at once.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    key = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_fetched_at = models.DateTimeField("last read by a calendar", null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    def __str__(self):
        return f"Calendar feed of {self.user}"

    @property
    def token(self) -> str:
        """What goes in the address: `<key>.<signature>`."""
        return _feed_signer().sign(self.key)

    @staticmethod
    def key_from_token(token: str) -> str:
        """The key inside a token; raises signing.BadSignature when it was forged or altered
        (the signature is compared in constant time)."""
        return _feed_signer().unsign(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLinkQuerySet(OwnedQuerySet):
    def active(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def ended(self, now=None):
        return self.filter(models.Q(revoked_at__isnull=False) | models.Q(expires_at__lte=now or timezone.now()))


class ShareLink(models.Model):
    """A read-only view of the pipeline for a coach or mentor.

    Only the SHA-256 of the link's token is kept: the link is shown once, when it is made, and a
    copy of the database cannot open it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links")
    label = models.CharField("who it's for", max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_opened_at = models.DateTimeField(null=True, blank=True)
    open_count = models.PositiveIntegerField("times opened", default=0)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at", "expires_at"], name="sharelink_user_state")]

    def __str__(self):
        return self.label

    def is_active(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def ended_at(self):
        """When it stopped working (or will, for a live link)."""
        return self.revoked_at or self.expires_at
