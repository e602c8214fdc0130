from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Reminder(models.Model):
    """One email to send later. The row is the timer: nothing waits in the broker."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=40)
    # What the reminder is about (an application, an interview, a journey…), kept generic so
    # this app never imports the apps that use it.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    about = GenericForeignKey("content_type", "object_id")
    # Stable identity of this reminder: scheduling the same key twice never makes two rows.
    key = models.CharField(max_length=200, unique=True)
    due_at = models.DateTimeField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.SCHEDULED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # A claimed row belongs to one dispatcher until this time; after it, another may take it.
    leased_until = models.DateTimeField(null=True, blank=True)
    # Which claim holds the lease: a dispatcher only finishes rows it still holds.
    lease_token = models.CharField(max_length=32, blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["state", "due_at"], name="reminder_due"),
            models.Index(fields=["content_type", "object_id"], name="reminder_about"),
            models.Index(fields=["user", "state", "due_at"], name="reminder_user_state"),
        ]

    def __str__(self):
        return f"{self.kind} for {self.user} at {self.due_at:%Y-%m-%d %H:%M}"
