"""Step 2's private writing: a session a day, per journey, for the person's eyes only.

Why it is here: laid-off professionals who wrote about their thoughts and feelings on losing their
job, twenty minutes a day on five days, found work sooner than those who did not (Spera,
Buhrfeind & Pennebaker 1994, Academy of Management Journal 37(3)). Rebound offers the space and a
gentle timer, suggests it on a few days, and never counts or scores what is written.

The text is the person's alone: it is in their own export and can be deleted session by session;
it never goes into an email, a coach page, the calendar feed, insights or the logs.
"""

from datetime import date

from django.db import models
from django.utils import timezone

from recovery.models.journeys import Journey, JourneyPartQuerySet

# Suggested on this many separate days; after that the space stays open but is no longer offered.
WRITING_SUGGESTED_DAYS = 3
# The timer's choices, in minutes (the first is the default).
WRITING_MINUTES = (15, 20)
WRITING_MAX_LENGTH = 20_000


class WritingSession(models.Model):
    """What the person wrote on one day about one ended application. A second visit the same day
    carries on the same text (one row per journey and day)."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="writing_sessions")
    written_on = models.DateField()
    text = models.TextField(max_length=WRITING_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JourneyPartQuerySet.as_manager()

    class Meta:
        ordering = ["written_on", "id"]
        constraints = [models.UniqueConstraint(fields=["journey", "written_on"], name="writing_session_once_a_day")]

    def __str__(self):
        return f"Writing on {self.written_on}"


def writing_invited(journey: Journey, sessions, today: date) -> bool:
    """Whether step 2 suggests a writing session today: while the journey is in progress, fewer
    than WRITING_SUGGESTED_DAYS days have one, and none is written today yet."""
    days = {session.written_on for session in sessions}
    return not journey.is_finished and today not in days and len(days) < WRITING_SUGGESTED_DAYS
