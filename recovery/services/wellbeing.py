"""Step 3 and every day: mood check-ins, the wins log, habit check-ins."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from recovery.models import HabitCheckIn, Journey, Mood, MoodCheckIn, Win
from recovery.services.journeys import touch

# Habits can be filled in for the past week, for the days you forgot.
HABIT_BACKFILL_DAYS = 7
HABITS = ("active", "ate_well", "slept_well", "rest_day")


def _check_habit_day(user, day: date) -> None:
    today = user.local_today()
    if day > today:
        raise ValidationError({"day": "That day hasn't happened yet."})
    if day < today - timedelta(days=HABIT_BACKFILL_DAYS):
        raise ValidationError({"day": f"Check-ins go back {HABIT_BACKFILL_DAYS} days at most."})


@transaction.atomic
def mood_check_in(*, user, mood: int, note: str = "", journey: Journey | None = None) -> MoodCheckIn:
    if mood not in Mood.values:
        raise ValidationError({"mood": "Pick a number from 1 to 5."})
    if journey is not None and journey.user_id != user.pk:
        raise ValidationError("That journey is not yours.")
    check_in = MoodCheckIn.objects.create(user=user, mood=mood, note=note.strip(), journey=journey)
    if journey is not None:
        touch(journey)
    return check_in


@transaction.atomic
def win_add(*, user, text: str, happened_on: date | None = None, journey: Journey | None = None) -> Win:
    today = user.local_today()
    happened_on = happened_on or today
    if happened_on > today:
        raise ValidationError({"happened_on": "Wins are for things that already happened."})
    if journey is not None and journey.user_id != user.pk:
        raise ValidationError("That journey is not yours.")
    win = Win.objects.create(user=user, text=text.strip(), happened_on=happened_on, journey=journey)
    if journey is not None:
        touch(journey)
    return win


@transaction.atomic
def habit_check_in(
    *, user, day: date, active: bool = False, ate_well: bool = False, slept_well: bool = False, rest_day: bool = False
) -> HabitCheckIn:
    """One check-in per day; checking in again for a day sets all four habits as given."""
    _check_habit_day(user, day)
    check_in, _ = HabitCheckIn.objects.update_or_create(
        user=user,
        day=day,
        defaults={"active": active, "ate_well": ate_well, "slept_well": slept_well, "rest_day": rest_day},
    )
    return check_in


def habit_mark(*, user, day: date, habit: str, done: bool = True) -> None:
    """One habit of one day, ticked or unticked; the day's other habits stay as they were. One
    statement (an insert that updates the day's row when there is one), so two taps at once on
    different habits both count."""
    if habit not in HABITS:
        raise ValidationError({"habit": "Pick one of the habits."})
    _check_habit_day(user, day)
    HabitCheckIn.objects.bulk_create(
        [HabitCheckIn(user=user, day=day, **{habit: done})],
        update_conflicts=True,
        unique_fields=["user", "day"],
        update_fields=[habit],
    )
