"""Keeping the documents storage in step with the Document rows, whatever deletes them.

A document deleted on its own (jobhunt.documents.document_delete), with its owner's account
(accounts.services.user_delete, a cascade), or from the admin: its file goes too, once the delete
is committed, so a rolled-back delete never loses a file that is still listed.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from jobhunt.models import Document

logger = logging.getLogger(__name__)


@receiver(post_delete, sender=Document, dispatch_uid="jobhunt.document_file_removed")
def remove_document_file(sender, instance: Document, using: str, **kwargs) -> None:
    name = instance.file.name
    if not name:
        return
    storage = instance.file.storage
    transaction.on_commit(lambda: _remove(storage, name), using=using)


def _remove(storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:
        # The row is gone already: a file left behind is logged for someone to tidy, never an error page.
        logger.exception("Could not remove the file of a deleted document (%s)", name)
