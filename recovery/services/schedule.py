"""The reminders the walkthrough plans. Rows in the reminders app, never broker timers.

Each function plans (or cancels) one kind for one reason; the services call them whenever
that reason changes, so a reminder never outlives why it was planned.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from recovery import reminder_kinds as kinds
from recovery import selectors
from recovery.models import FEEDBACK_FOLLOW_UP_AFTER_DAYS, NUDGE_AFTER_DAYS, Journey, StayConnected
from reminders import services as reminders


def feedback_follow_up(journey: Journey) -> None:
    """A nudge five days after the request went out, while no feedback is recorded."""
    reminders.cancel(about=journey, kind=kinds.FEEDBACK_FOLLOW_UP)
    if not kinds.feedback_still_awaited(journey):
        return
    user = journey.user
    day = max(journey.request_sent_on + timedelta(days=FEEDBACK_FOLLOW_UP_AFTER_DAYS), user.local_today())
    reminders.schedule(
        user=user,
        kind=kinds.FEEDBACK_FOLLOW_UP,
        about=journey,
        due_at=reminders.at_local_hour(user, day),
        key=f"{kinds.FEEDBACK_FOLLOW_UP}:{journey.pk}:{journey.request_sent_on.isoformat()}",
    )


def journey_nudge(journey: Journey) -> None:
    """Three days after the last touch, unless the journey is finished. Every touch moves it."""
    reminders.cancel(about=journey, kind=kinds.JOURNEY_NUDGE)
    if journey.is_finished:
        return
    user = journey.user
    touched_on = timezone.localtime(journey.touched_at, user.tzinfo).date()
    reminders.schedule(
        user=user,
        kind=kinds.JOURNEY_NUDGE,
        about=journey,
        due_at=reminders.at_local_hour(user, touched_on + timedelta(days=NUDGE_AFTER_DAYS)),
        # Keyed by the day of the touch: a nudge already sent never blocks the next one.
        key=f"{kinds.JOURNEY_NUDGE}:{journey.pk}:{touched_on.isoformat()}",
    )


def reconnect(row: StayConnected) -> None:
    reminders.cancel(about=row, kind=kinds.RECONNECT)
    user = row.journey.user
    reminders.schedule(
        user=user,
        kind=kinds.RECONNECT,
        about=row,
        due_at=reminders.at_local_hour(user, max(row.reconnect_on, user.local_today())),
        key=f"{kinds.RECONNECT}:{row.pk}:{row.reconnect_on.isoformat()}",
    )


def weekly_digest(user, now: datetime | None = None) -> None:
    """The next digest on the person's weekly plan day at their hour, or none if nothing is going on.

    At most one digest is planned per person: planning again (say after they changed their plan
    day) replaces it. The key names the day, so each week's digest is sent once.
    """
    now = now or timezone.now()
    today = timezone.localtime(now, user.tzinfo).date()
    reminders.cancel(user=user, kind=kinds.WEEKLY_PLAN_DIGEST)
    if not selectors.wants_weekly_digest(user, today):
        return
    day = today + timedelta(days=(user.weekly_plan_day - today.weekday()) % 7)
    if reminders.at_local_hour(user, day) <= now:
        day += timedelta(days=7)
    reminders.schedule(
        user=user,
        kind=kinds.WEEKLY_PLAN_DIGEST,
        about=user,
        due_at=reminders.at_local_hour(user, day),
        key=f"{kinds.WEEKLY_PLAN_DIGEST}:{user.pk}:{day.isoformat()}",
    )
