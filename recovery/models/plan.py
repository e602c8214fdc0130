"""The weekly plan (step 4): the week's targets, the people to reach, and the if-then plans that
say when and where each target gets done."""

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from jobhunt.models import Contact, OwnedQuerySet

MAX_WEEKLY_TARGET = 50


def plan_week_start(user, day: date) -> date:
    """A plan week starts on the person's weekly plan day (the day their digest arrives)."""
    return day - timedelta(days=(day.weekday() - user.weekly_plan_day) % 7)


class WeeklyPlan(models.Model):
    """This week's targets. Applications count themselves from the pipeline; the rest are logged."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_plans")
    week_start = models.DateField()
    applications_target = models.PositiveSmallIntegerField(
        "applications", default=3, validators=[MaxValueValidator(MAX_WEEKLY_TARGET)]
    )
    conversations_target = models.PositiveSmallIntegerField(
        "networking conversations", default=2, validators=[MaxValueValidator(MAX_WEEKLY_TARGET)]
    )
    practice_target = models.PositiveSmallIntegerField(
        "volunteering or skills practice", default=1, validators=[MaxValueValidator(MAX_WEEKLY_TARGET)]
    )
    conversations_done = models.PositiveSmallIntegerField(default=0)
    practice_done = models.PositiveSmallIntegerField(default=0)
    contacts = models.ManyToManyField(Contact, blank=True, related_name="+", verbose_name="people to reach this week")
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="weekly_plan_once_a_week"),
            models.CheckConstraint(
                condition=models.Q(
                    applications_target__lte=MAX_WEEKLY_TARGET,
                    conversations_target__lte=MAX_WEEKLY_TARGET,
                    practice_target__lte=MAX_WEEKLY_TARGET,
                ),
                name="weekly_plan_targets_in_range",
            ),
        ]

    def __str__(self):
        return f"Plan for the week of {self.week_start}"

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)


class PlanTarget(models.TextChoices):
    """The weekly targets an if-then plan can be for."""

    APPLICATIONS = "applications", "Applications"
    CONVERSATIONS = "conversations", "Networking conversations"
    PRACTICE = "practice", "Volunteering or skills practice"


# A few plans per target and week, one per target and day: a concrete plan or two, not a timetable.
MAX_IF_THEN_PER_TARGET = 3


class IfThenPlanQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(plan__user=user)


class IfThenPlan(models.Model):
    """When, where and what, for one of the week's targets: "on Tuesday at 10, at the library,
    I'll send two applications".

    Why: job seekers who wrote such plans sent more applications and got more offers, while weekly
    reminders on top of the plans added nothing (Abel, Burger, Carranza & Piraino 2017, World Bank
    Policy Research WP 8181; Gollwitzer's implementation intentions). So Rebound sends no email for
    them: the weekly digest lists them, and that is all.

    `day` is the date inside the plan's week (the form offers the week's days by name), so a plan
    keeps its meaning if the person later moves their plan day. Whether it happened comes from the
    data where the data can say (an application sent that day; someone reached that day), else
    from the person's own tick (`ticked_at`).
    """

    plan = models.ForeignKey(WeeklyPlan, on_delete=models.CASCADE, related_name="if_then_plans")
    target = models.CharField(max_length=20, choices=PlanTarget.choices)
    day = models.DateField()
    at = models.TimeField("at (optional)", null=True, blank=True)
    place = models.CharField("where", max_length=120)
    action = models.CharField("what I'll do", max_length=200)
    ticked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IfThenPlanQuerySet.as_manager()

    class Meta:
        ordering = ["day", "at", "id"]
        verbose_name = "if-then plan"
        constraints = [
            models.UniqueConstraint(fields=["plan", "target", "day"], name="if_then_plan_once_a_day_per_target"),
            models.CheckConstraint(condition=models.Q(target__in=PlanTarget.values), name="if_then_plan_target_valid"),
        ]

    def __str__(self):
        return f"{self.get_target_display()} on {self.day:%A}"


def week_day(week_start: date, weekday: int) -> date:
    """The date in the week starting `week_start` that falls on `weekday` (Monday is 0)."""
    return week_start + timedelta(days=(weekday - week_start.weekday()) % 7)
