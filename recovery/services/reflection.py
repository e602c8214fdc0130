"""The note to the future self (written before the first "no") and step 3's story about a "no".

Both are private writing: these services never log their words, schedule nothing and send
nothing. The note is deleted with the account, a story with its journey (and so with the
application and the account).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recovery.models import NOTE_MAX_LENGTH, STORY_MAX_LENGTH, Journey, NoteToFutureSelf, Story, StoryAnswer
from recovery.services.journeys import touch


@transaction.atomic
def note_write(*, user, text: str) -> NoteToFutureSelf:
    """Write (or rewrite) the sentence for the day a "no" comes."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write a sentence first, or choose “Not now”."})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError({"text": f"Keep it to {NOTE_MAX_LENGTH} characters: one or two sentences."})
    note, _ = NoteToFutureSelf.objects.update_or_create(
        user=user, defaults={"text": text, "written_at": timezone.now(), "skipped_at": None}
    )
    return note


@transaction.atomic
def note_skip(*, user) -> NoteToFutureSelf:
    """ "Not now": the dashboard stops asking. A note already written stays as it is."""
    note, _ = NoteToFutureSelf.objects.select_for_update().get_or_create(user=user)
    if not note.is_written and note.skipped_at is None:
        note.skipped_at = timezone.now()
        note.save(update_fields=["skipped_at"])
    return note


@transaction.atomic
def note_delete(*, user) -> None:
    """Delete the words. The row stays, empty, only so that the dashboard doesn't ask again."""
    note, _ = NoteToFutureSelf.objects.select_for_update().get_or_create(user=user)
    note.text = ""
    note.written_at = None
    note.skipped_at = note.skipped_at or timezone.now()
    note.save(update_fields=["text", "written_at", "skipped_at"])


def _answer(name: str, value: str) -> str:
    if value not in ("", *StoryAnswer.values):
        raise ValidationError({name: "Pick yes, partly or no (or leave it)."})
    return value


@transaction.atomic
def story_save(
    *,
    journey: Journey,
    explanation: str = "",
    all_about_me: str = "",
    always: str = "",
    everything: str = "",
    fairer_version: str = "",
) -> Story:
    """Keep this journey's story as given: every part is optional, but not all of them at once."""
    values = {
        "explanation": explanation.strip(),
        "all_about_me": _answer("all_about_me", all_about_me),
        "always": _answer("always", always),
        "everything": _answer("everything", everything),
        "fairer_version": fairer_version.strip(),
    }
    for name in ("explanation", "fairer_version"):
        if len(values[name]) > STORY_MAX_LENGTH:
            raise ValidationError({name: f"Keep it under {STORY_MAX_LENGTH} characters."})
    if not any(values.values()):
        raise ValidationError("Write the story, or answer one of the questions, before saving.")
    story, _ = Story.objects.update_or_create(journey=journey, defaults=values)
    touch(journey)
    return story
