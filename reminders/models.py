from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Delivery(models.Model):
    """One daily email: what fell due for a person on one local day, sent together.

    Its rows (Reminder.delivery) are claimed, sent and marked together. The Message-ID comes from
    this row, so a retry or a resend after a crash is the same email. A person who chose to get
    each reminder on its own has no deliveries: each of their reminder rows is its own email.
    """

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting"  # nothing claimed yet, or back after a temporary error
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries")
    day = models.DateField()  # the person's local day
    state = models.CharField(max_length=12, choices=State.choices, default=State.WAITING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # After a temporary error: the next try, which reminders falling due meanwhile wait for.
    retry_at = models.DateTimeField(null=True, blank=True)
    leased_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.UUIDField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="delivery_one_a_day")]
        indexes = [models.Index(fields=["user", "state"], name="delivery_user_state")]

    def __str__(self):
        return f"daily email for {self.user} on {self.day:%Y-%m-%d}"


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
    # The daily email this reminder goes (or went) out in; empty for a reminder sent on its own.
    delivery = models.ForeignKey(Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders")
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
