"""A journey and its steps, and the rows each step keeps (actions, lessons, what-ifs, people)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.pages import address_of
from jobhunt.models import Application, Contact, OwnedQuerySet
from recovery import steps
from recovery.endings import Ending
from recovery.steps import SkipReason, Step, StepState

MAX_LESSONS = 3
FEEDBACK_FOLLOW_UP_AFTER_DAYS = 5
NUDGE_AFTER_DAYS = 3
RECONNECT_AFTER_DAYS = 30


class DecidingFactor(models.TextChoices):
    SKILLS_GAP = "skills_gap", "Skills gap"
    EXPERIENCE_LEVEL = "experience_level", "Experience level"
    INTERVIEW_PERFORMANCE = "interview_performance", "Interview performance"
    COMMUNICATION = "communication", "Communication"
    TEAM_FIT = "team_fit", "Team fit"
    EDGED_OUT = "edged_out", "Another candidate edged ahead"
    INTERNAL_CANDIDATE = "internal_candidate", "Internal candidate"
    ROLE_CHANGED = "role_changed", "Role closed or changed"
    COMPENSATION = "compensation", "Compensation"
    UNKNOWN = "unknown", "Unknown"


class ResetActivity(models.TextChoices):
    WALK = "walk", "A walk"
    EXERCISE = "exercise", "Exercise"
    FRIENDS = "friends", "Time with friends"
    OWN = "own", "Something of my own"


class JourneyQuerySet(OwnedQuerySet):
    def in_progress(self):
        return self.filter(finished_at__isnull=True)

    def finished(self):
        return self.filter(finished_at__isnull=False)


# Three steps walked in fewer minutes than this is a rush (Journey.rushed).
RUSHED_MINUTES = 3


class Journey(models.Model):
    """The walk back from one ended application: four steps, one journey per application."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journeys")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="journeys")
    ending = models.CharField(max_length=20, choices=Ending.choices)
    # True once the person corrected the ending: from then on it is theirs, never re-derived.
    ending_chosen = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=timezone.now)
    touched_at = models.DateTimeField(default=timezone.now)
    # False until the person does something in it: a journey never opened offers to start, not to go on.
    begun = models.BooleanField(default=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField("what this one taught me", max_length=2000, blank=True)

    # Step 1: the message to the company (a feedback request, or one follow-up after silence).
    ask_contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="sent to"
    )
    request_message = models.TextField(max_length=5000, blank=True)
    request_sent_on = models.DateField(null=True, blank=True)
    feedback = models.TextField(max_length=10_000, blank=True)
    feedback_received_on = models.DateField(null=True, blank=True)
    their_perspective = models.TextField(max_length=5000, blank=True)
    deciding_factors = models.JSONField(default=list, blank=True)

    # Step 2.
    reset_activity = models.CharField(max_length=20, choices=ResetActivity.choices, blank=True)
    reset_activity_other = models.CharField(max_length=200, blank=True)
    reset_done_on = models.DateField(null=True, blank=True)
    chapter_closed_on = models.DateField(null=True, blank=True)

    objects = JourneyQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["application"], name="journey_one_per_application"),
            models.CheckConstraint(condition=models.Q(ending__in=Ending.values), name="journey_ending_valid"),
        ]
        indexes = [models.Index(fields=["user", "finished_at", "-started_at"], name="journey_user_state")]

    def __str__(self):
        return f"Journey after {self.application}"

    def get_absolute_url(self):
        return address_of("recovery:journey_resume", self.pk)

    def step_url(self, step):
        return reverse("recovery:journey_step", args=[self.pk, step])

    @property
    def is_finished(self):
        return self.finished_at is not None

    @property
    def step_states(self) -> dict[Step, "JourneyStep"]:
        """{step: its row}, in walking order (uses prefetched rows when there are some)."""
        rows = {row.step: row for row in self.steps.all()}
        return {step: rows[step] for step in steps.ORDER if step in rows}

    @property
    def rushed(self) -> bool:
        """Steps 2 to 4 all done within RUSHED_MINUTES of each other. Nothing stops that; the pages
        only say that clearing your head often comes easier after a night's sleep."""
        walked = [row for step, row in self.step_states.items() if step != Step.FEEDBACK]
        if len(walked) < 3 or any(row.state != StepState.DONE or row.done_at is None for row in walked):
            return False
        moments = [row.done_at for row in walked]
        return max(moments) - min(moments) <= timedelta(minutes=RUSHED_MINUTES)

    @property
    def next_step(self) -> Step | None:
        """The first step still to do, or None when every step is done or skipped."""
        return next((step for step, row in self.step_states.items() if row.state == StepState.PENDING), None)

    @property
    def resume_step(self) -> Step:
        return self.next_step or Step.GAME_PLAN

    @property
    def steps_done(self) -> int:
        return sum(row.state != StepState.PENDING for row in self.step_states.values())

    def title(self, step) -> str:
        return steps.title(step, self.ending)

    @property
    def feedback_noted(self) -> bool:
        """Something of what came back is written down (their words, or only the day it came)."""
        return bool(self.feedback or self.feedback_received_on or self.their_perspective or self.deciding_factors)

    @property
    def deciding_factor_labels(self) -> list[str]:
        return [DecidingFactor(value).label for value in self.deciding_factors if value in DecidingFactor.values]

    @property
    def reset_activity_label(self) -> str:
        if self.reset_activity == ResetActivity.OWN:
            return self.reset_activity_other
        return self.get_reset_activity_display() if self.reset_activity else ""


class JourneyStep(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=20, choices=Step.choices)
    state = models.CharField(max_length=10, choices=StepState.choices, default=StepState.PENDING)
    skip_reason = models.CharField(max_length=20, choices=SkipReason.choices, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["journey", "step"], name="journey_step_once")]

    def __str__(self):
        return f"{self.get_step_display()}: {self.get_state_display()}"

    @property
    def number(self):
        return steps.number(self.step)


class JourneyPartQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(journey__user=user)


class ImprovementAction(models.Model):
    """Something to get better at, found in step 1 and carried into the game plan."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    due_on = models.DateField("by when", null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = JourneyPartQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return self.done_on is not None


class Lesson(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="lessons")
    text = models.CharField("lesson", max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    objects = JourneyPartQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text


class WhatIf(models.Model):
    """A "what if" written down, then let go. Kept, shown as released."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="what_ifs")
    text = models.CharField("what if…", max_length=500)
    released_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = JourneyPartQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "what-if"

    def __str__(self):
        return self.text

    @property
    def is_released(self):
        return self.released_at is not None


class StayConnected(models.Model):
    """Someone from this process worth keeping in touch with, and when to reach out again."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="stay_connected")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    reconnect_on = models.DateField("reconnect on")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JourneyPartQuerySet.as_manager()

    class Meta:
        ordering = ["reconnect_on", "id"]
        verbose_name_plural = "people to stay connected with"
        constraints = [models.UniqueConstraint(fields=["journey", "contact"], name="stay_connected_once")]

    def __str__(self):
        return f"{self.contact} on {self.reconnect_on}"
