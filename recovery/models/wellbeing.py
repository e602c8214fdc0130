"""Mood check-ins, wins and daily habits: the person's own, outside any one journey."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from jobhunt.models import OwnedQuerySet
from recovery.models.journeys import Journey

# Extra support shows when this many check-ins in a row are at LOW_MOOD or below.
LOW_MOOD = 2
LOW_MOOD_RUN = 3


class Mood(models.IntegerChoices):
    ROUGH = 1, "Rough"
    LOW = 2, "Low"
    OKAY = 3, "Okay"
    GOOD = 4, "Good"
    GREAT = 5, "Great"


class MoodCheckIn(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mood_check_ins")
    mood = models.PositiveSmallIntegerField(choices=Mood.choices)
    note = models.CharField(max_length=500, blank=True)
    journey = models.ForeignKey(
        Journey, on_delete=models.SET_NULL, null=True, blank=True, related_name="mood_check_ins"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="mood_user_recent")]
        constraints = [models.CheckConstraint(condition=models.Q(mood__gte=1, mood__lte=5), name="mood_1_to_5")]

    def __str__(self):
        return f"{self.mood}/5 on {self.created_at:%Y-%m-%d}"


class Win(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wins")
    text = models.CharField("win", max_length=300)
    happened_on = models.DateField("when", default=timezone.localdate)
    journey = models.ForeignKey(Journey, on_delete=models.SET_NULL, null=True, blank=True, related_name="wins")
    created_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-id"]

    def __str__(self):
        return self.text


class HabitCheckIn(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="habit_check_ins")
    day = models.DateField()
    active = models.BooleanField("stayed active", default=False)
    ate_well = models.BooleanField("ate well", default=False)
    slept_well = models.BooleanField("slept well", default=False)
    rest_day = models.BooleanField("rest day", default=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="habit_check_in_once_a_day")]

    def __str__(self):
        return f"Habits on {self.day}"

    @property
    def keeps_streak(self) -> bool:
        """A day counts when one habit was kept, or when it was a planned rest day."""
        return self.rest_day or self.active or self.ate_well or self.slept_well
