"""Step 4: the weekly plan and its weekly digest."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Greatest
from django.utils import timezone

from recovery.models import MAX_WEEKLY_TARGET, Journey, WeeklyPlan, plan_week_start
from recovery.services import schedule

# What the person logs by hand ("+1"); applications count themselves from the pipeline.
LOGGABLE = {"conversations": "conversations_done", "practice": "practice_done"}


@transaction.atomic
def plan_save(
    *, user, applications_target: int, conversations_target: int, practice_target: int, contacts=()
) -> WeeklyPlan:
    """This week's targets and the people to reach; saving again adjusts them."""
    targets = {
        "applications_target": applications_target,
        "conversations_target": conversations_target,
        "practice_target": practice_target,
    }
    for field, value in targets.items():
        if not 0 <= value <= MAX_WEEKLY_TARGET:
            raise ValidationError({field: f"Pick a number from 0 to {MAX_WEEKLY_TARGET}."})
    contacts = list(contacts)
    if any(contact.user_id != user.pk for contact in contacts):
        raise ValidationError({"contacts": "Pick from your own contacts."})
    plan, _ = WeeklyPlan.objects.update_or_create(
        user=user, week_start=plan_week_start(user, user.local_today()), defaults=targets
    )
    plan.contacts.set(contacts)
    schedule.weekly_digest(user)
    return plan


@transaction.atomic
def plan_progress_log(*, plan: WeeklyPlan, what: str, change: int = 1) -> WeeklyPlan:
    """One more (or, to correct a slip, one less) conversation or practice session this week."""
    if what not in LOGGABLE or change not in (1, -1):
        raise ValidationError("Log one conversation or one practice session at a time.")
    field = LOGGABLE[what]
    WeeklyPlan.objects.filter(pk=plan.pk).update(**{field: Greatest(F(field) + change, 0)})
    plan.refresh_from_db(fields=[field])
    return plan


def weekly_digests_schedule(*, now: datetime | None = None) -> int:
    """Plan next week's digest for everyone with a journey in progress or a recent plan.

    Run daily (recovery.tasks); safe to run any number of times, the digest keys are per day.
    Returns how many people were looked at.
    """
    now = now or timezone.now()
    since = (now - timedelta(days=15)).date()  # a little wider than "this week or last" in any time zone
    people = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Exists(Journey.objects.filter(user=OuterRef("pk"), finished_at__isnull=True))
            | Exists(WeeklyPlan.objects.filter(user=OuterRef("pk"), week_start__gte=since))
        )
    )
    count = 0
    for user in people.iterator():
        with transaction.atomic():
            schedule.weekly_digest(user, now=now)
        count += 1
    return count
