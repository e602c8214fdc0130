"""Two pieces of private writing about how a setback is seen: a line written before the first
"no" for the day it comes (NoteToFutureSelf), and, per journey, the story the person tells
themselves about this "no", looked at from three sides and written again more fairly (Story).

Neither is ever shown outside the person's own pages and their export: no email, coach page,
calendar feed, insight or log reads them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from jobhunt.models import OwnedQuerySet
from recovery.models.journeys import Journey, JourneyPartQuerySet

NOTE_MAX_LENGTH = 500
STORY_MAX_LENGTH = 2000


class NoteToFutureSelf(models.Model):
    """A sentence written before any rejection, for the day one comes; shown back in step 3.

    Rehearsing the setbacks to expect, before they arrive, protected job seekers' mental health
    when they came (the JOBS programme: Vinokur & Schul 1997, J. Consulting and Clinical
    Psychology 65(5)). One row a person: written (text and written_at), or passed over ("Not
    now": skipped_at, and the dashboard never asks again). Deleting it empties the text and keeps
    the row only as "don't ask again".
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="note_to_future_self")
    text = models.CharField("a sentence for your future self", max_length=NOTE_MAX_LENGTH, blank=True)
    written_at = models.DateTimeField(null=True, blank=True)
    skipped_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "note to future self"
        verbose_name_plural = "notes to future self"
        constraints = [
            # Written means there are words; no words, nothing is written.
            models.CheckConstraint(
                condition=models.Q(written_at__isnull=True, text="")
                | (models.Q(written_at__isnull=False) & ~models.Q(text="")),
                name="note_to_future_self_written_has_text",
            ),
        ]

    def __str__(self):
        return "Note to future self"

    @property
    def is_written(self) -> bool:
        return self.written_at is not None


class StoryAnswer(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class Story(models.Model):
    """ "The story I'm telling myself" about one journey's "no" (step 3): the explanation as it
    sounds in the person's head, three questions about it, and a fairer version.

    The questions are the three sides of how people explain a setback, internal or external,
    stable or passing, global or specific, which a short cognitive-behavioural course for job
    seekers worked on; four months later 34% of them were back in work against 12% of those
    without it (Proudfoot et al. 1997, The Lancet 350). Each is answered with a plain choice.
    """

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="story")
    explanation = models.TextField("the story you're telling yourself", max_length=STORY_MAX_LENGTH, blank=True)
    # Internal or external.
    all_about_me = models.CharField("is it all about me?", max_length=10, choices=StoryAnswer.choices, blank=True)
    # Stable or passing.
    always = models.CharField("will it always be so?", max_length=10, choices=StoryAnswer.choices, blank=True)
    # Global or specific.
    everything = models.CharField("does it spoil everything?", max_length=10, choices=StoryAnswer.choices, blank=True)
    fairer_version = models.TextField("a fairer version", max_length=STORY_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JourneyPartQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    all_about_me__in=["", *StoryAnswer.values],
                    always__in=["", *StoryAnswer.values],
                    everything__in=["", *StoryAnswer.values],
                ),
                name="story_answers_valid",
            ),
        ]

    def __str__(self):
        return f"Story after {self.journey.application_id}"

    QUESTIONS = ("all_about_me", "always", "everything")

    @property
    def answers(self) -> list[dict]:
        """Each question answered, in asking order: its field name, the question, the answer's
        value and how it reads."""
        return [
            {
                "name": name,
                "question": self._meta.get_field(name).verbose_name.capitalize(),
                "value": getattr(self, name),
                "label": getattr(self, f"get_{name}_display")(),
            }
            for name in self.QUESTIONS
            if getattr(self, name)
        ]

    @property
    def is_empty(self) -> bool:
        return not (self.explanation or self.fairer_version or any(getattr(self, name) for name in self.QUESTIONS))
