"""A spreadsheet on its way in."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from jobhunt.models.common import OwnedQuerySet


class ImportJob(models.Model):
    """A spreadsheet on its way in: uploaded, its columns matched, checked, then imported at once.

    The decoded text stays here between the steps (the upload is capped, so a text field is
    enough) and is emptied once the rows are in.
    """

    class State(models.TextChoices):
        MAPPING = "mapping", "Matching columns"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    file_name = models.CharField(max_length=255)
    text = models.TextField(blank=True)
    # How the bytes were read ("utf-8", "cp1252"…), said on the page when it was not UTF-8.
    encoding = models.CharField(max_length=20, default="utf-8")
    delimiter = models.CharField(max_length=1, default=",")
    # {"<column index>": "<field>"} and how to read day/month dates ("", "dmy" or "mdy").
    mapping = models.JSONField(default=dict, blank=True)
    date_order = models.CharField(max_length=3, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.MAPPING)
    total_rows = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    # Why it stopped, when it did: [{"row": n or None, "message": "…"}].
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="importjob_user_recent")]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    def get_absolute_url(self):
        if self.state == self.State.MAPPING:
            return reverse("jobhunt:import_columns", args=[self.pk])
        return reverse("jobhunt:import_status", args=[self.pk])

    @property
    def is_finished(self):
        return self.state in {self.State.DONE, self.State.FAILED}
