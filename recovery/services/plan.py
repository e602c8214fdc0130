"""Step 4: the weekly plan, its if-then plans, and its weekly digest."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Greatest
from django.utils import timezone

from recovery.models import (
    MAX_IF_THEN_PER_TARGET,
    MAX_WEEKLY_TARGET,
    IfThenPlan,
    Journey,
    PlanTarget,
    WeeklyPlan,
    plan_week_start,
    week_day,
)
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


# If-then plans ------------------------------------------------------------------------------------
# None of these plans a reminder: the digest lists the week's plans, and nothing else is sent for
# them (weekly reminders on top of written plans added nothing in Abel et al. 2017).

NO_PLAN_YET = "Set this week's targets first; then you can say when and where each one happens."


def this_weeks_plan(user) -> WeeklyPlan | None:
    return WeeklyPlan.objects.for_user(user).filter(week_start=plan_week_start(user, user.local_today())).first()


@transaction.atomic
def if_then_save(
    *,
    user,
    target: str,
    weekday: int,
    place: str,
    action: str,
    at: time | None = None,
    if_then: IfThenPlan | None = None,
) -> IfThenPlan:
    """A new if-then plan for this week's plan, or `if_then` changed.

    At most MAX_IF_THEN_PER_TARGET a target and one a target and day; the day is `weekday` in the
    plan's own week, from today on (a day already gone can stay as it is, not be picked anew).
    """
    if if_then is None:
        plan = this_weeks_plan(user)
        if plan is None:
            raise ValidationError(NO_PLAN_YET, code="no_plan")
    else:
        plan = if_then.plan
        if plan.user_id != user.pk:
            raise ValidationError("That plan isn't yours.")
    WeeklyPlan.objects.select_for_update().filter(pk=plan.pk).first()  # two quick submits count one at a time
    if target not in PlanTarget.values:
        raise ValidationError({"target": "Pick one of the week's targets."})
    if weekday not in range(7):
        raise ValidationError({"weekday": "Pick a day of the week."})
    place, action = place.strip(), action.strip()
    errors = {}
    if not place:
        errors["place"] = "Say where: home, the library, a café… somewhere you can picture."
    if not action:
        errors["action"] = "Say what you'll do, small and concrete: “send two applications”."
    if errors:
        raise ValidationError(errors)
    day = week_day(plan.week_start, weekday)
    today = user.local_today()
    unchanged_day = if_then is not None and if_then.day == day
    if day < today and not unchanged_day:
        raise ValidationError({"weekday": "That day has gone this week. Pick today or a day still ahead."})
    others = IfThenPlan.objects.filter(plan=plan, target=target).exclude(pk=getattr(if_then, "pk", None))
    if others.filter(day=day).exists():
        raise ValidationError(
            {"weekday": f"There's already a plan for this on {day:%A}. Change that one, or pick another day."}
        )
    if others.count() >= MAX_IF_THEN_PER_TARGET:
        raise ValidationError(
            {
                "target": f"{MAX_IF_THEN_PER_TARGET} plans for one target is plenty: a few concrete ones work "
                "better than a full timetable. Change or remove one first."
            }
        )
    if_then = if_then or IfThenPlan(plan=plan)
    if if_then.pk and (if_then.day, if_then.target) != (day, target):
        if_then.ticked_at = None  # a plan moved to another day or target has not happened yet
    if_then.target, if_then.day, if_then.at, if_then.place, if_then.action = target, day, at, place, action
    if_then.save()
    return if_then


@transaction.atomic
def if_then_happened(*, if_then: IfThenPlan, happened: bool = True) -> IfThenPlan:
    """The person's own "it happened" (or, to correct a slip, "not after all"). Applications say
    it themselves: an application sent that day is in the pipeline."""
    if if_then.target == PlanTarget.APPLICATIONS:
        raise ValidationError("Applications tick themselves: add the application with the day you sent it.")
    if happened and if_then.day > if_then.plan.user.local_today():
        raise ValidationError("That day hasn't come yet.")
    if_then.ticked_at = (if_then.ticked_at or timezone.now()) if happened else None
    if_then.save(update_fields=["ticked_at", "updated_at"])
    return if_then


@transaction.atomic
def if_then_remove(*, if_then: IfThenPlan) -> None:
    if_then.delete()


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
