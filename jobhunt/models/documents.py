"""The CVs and cover letters a person sends, in versions with names of their own."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone

from core.pages import address_of
from jobhunt.models.common import OwnedQuerySet

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


def _documents_storage():
    # Its own storage (settings.STORAGES["documents"]): never under a public URL, whatever serves it.
    return storages["documents"]


def _stored_name(document, filename: str) -> str:
    """Where the file is kept: the person's folder and a random name (never the uploaded one,
    which is theirs to choose and shown back, not trusted as a path)."""
    return f"{document.user_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    class Kind(models.TextChoices):
        CV = "cv", "CV"
        COVER_LETTER = "cover_letter", "Cover letter"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CV)
    name = models.CharField(max_length=200, help_text="e.g. “CV – data roles, Nov”.")
    file = models.FileField(storage=_documents_storage, upload_to=_stored_name, max_length=200)
    # What the file turned out to be when checked (not what its name or the browser said).
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["user", "kind", "-uploaded_at"], name="document_user_kind")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address_of("jobhunt:document_detail", self.pk)
