"""The reminder emails the walkthrough sends (see reminders.registry). Planned by recovery.services.schedule.

The journey's emails go out while its application is still the setback it walks back from: an
application moved back into play (they came back to you) or accepted after all ends them.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from jobhunt.models import SETBACKS
from recovery import selectors
from recovery.endings import Ending
from recovery.models import NUDGE_AFTER_DAYS
from recovery.steps import Step, StepState
from reminders.registry import (
    IMPORTANCE_DIGEST,
    IMPORTANCE_FEEDBACK,
    IMPORTANCE_NUDGE,
    IMPORTANCE_RECONNECT,
    SKIP,
    ReminderKind,
    register,
)

FEEDBACK_FOLLOW_UP = "feedback_follow_up"
RECONNECT = "reconnect"
JOURNEY_NUDGE = "journey_nudge"
WEEKLY_PLAN_DIGEST = "weekly_plan_digest"
# What the journey emails read, loaded once per dispatch batch.
JOURNEY_RELATED = ("application__company", "user", "steps", "ask_contact")


def _still_a_setback(journey) -> bool:
    return journey is not None and journey.application.status in SETBACKS


def feedback_still_awaited(journey) -> bool:
    """A request went out, no feedback is recorded, and asking was not skipped. Finishing the
    journey keeps it: the follow-up was promised when the request went out."""
    if not _still_a_setback(journey) or not journey.request_sent_on or journey.feedback:
        return False
    row = journey.step_states.get(Step.FEEDBACK)
    return row is not None and row.state != StepState.SKIPPED


def _journey_context(journey) -> dict:
    return {"journey": journey, "application": journey.application, "company": journey.application.company}


def _feedback_subject(journey) -> str:
    company = journey.application.company.name
    if journey.ending == Ending.GHOSTED:
        return f"Still no reply from {company}? You've done your part"
    return f"No feedback from {company} yet: a short, friendly nudge is fine"


register(
    ReminderKind(
        name=FEEDBACK_FOLLOW_UP,
        label="A follow-up when feedback hasn't arrived",
        subject=_feedback_subject,
        template="emails/recovery/feedback_follow_up",
        context=_journey_context,
        action_url=lambda journey: journey.step_url(Step.FEEDBACK),
        still_relevant=feedback_still_awaited,
        while_paused=SKIP,  # a nudge about timing means little after a quiet week
        about_rejections=True,
        load_related=JOURNEY_RELATED,
        importance=IMPORTANCE_FEEDBACK,
        headline=lambda journey: (
            f"Still no reply from {journey.application.company.name}"
            if journey.ending == Ending.GHOSTED
            else f"Feedback from {journey.application.company.name}"
        ),
        section_template="emails/recovery/feedback_follow_up_section",
    )
)


def _reconnect_subject(row) -> str:
    company = row.contact.company.name if row.contact.company_id else ""
    return f"Time to catch up with {row.contact.name}" + (f" from {company}" if company else "")


register(
    ReminderKind(
        name=RECONNECT,
        label="Reconnecting with people you met",
        subject=_reconnect_subject,
        template="emails/recovery/reconnect",
        context=lambda row: {"row": row, "contact": row.contact, **_journey_context(row.journey)},
        action_url=lambda row: row.journey.step_url(Step.CLEAR_HEAD) + "#stay-connected",
        # The row itself is the reason: removing the person from the list cancels the reminder.
        still_relevant=lambda row: row is not None,
        load_related=("contact__company", "journey__application__company", "journey__user"),
        importance=IMPORTANCE_RECONNECT,
        headline=lambda row: f"Catch up with {row.contact.name}",
        section_template="emails/recovery/reconnect_section",
    )
)


def _untouched(journey) -> bool:
    if not _still_a_setback(journey) or journey.is_finished:
        return False
    touched_on = timezone.localtime(journey.touched_at, journey.user.tzinfo).date()
    return touched_on <= journey.user.local_today() - timedelta(days=NUDGE_AFTER_DAYS)


register(
    ReminderKind(
        name=JOURNEY_NUDGE,
        label="A nudge when a walkthrough has been waiting a few days",
        subject=lambda journey: (
            f"Your walkthrough after {journey.application.company.name} is waiting: "
            f"next up, {journey.title(journey.resume_step).lower()}"
        ),
        template="emails/recovery/journey_nudge",
        context=lambda journey: {**_journey_context(journey), "step_title": journey.title(journey.resume_step)},
        action_url=lambda journey: journey.step_url(journey.resume_step),
        still_relevant=_untouched,
        while_paused=SKIP,
        about_rejections=True,
        load_related=JOURNEY_RELATED,
        importance=IMPORTANCE_NUDGE,
        headline=lambda journey: f"Your walkthrough after {journey.application.company.name}",
        section_template="emails/recovery/journey_nudge_section",
    )
)


def _digest_context(user) -> dict:
    """The week's targets, its if-then plans (or last week's, to repeat the ones that worked: a new
    week has none on its first morning), the open actions and the journeys in progress.

    An if-then plan shows its day, time, target and place, never the person's "I'll …" words: the
    email says when and where, the page says the rest. It is the only email about the plans."""
    today = user.local_today()
    week = selectors.week_overview(user, today)
    if_then, last_week = selectors.if_then_for_digest(user, today, week["if_then"])
    return {
        "week": week,
        "if_then": if_then,
        "if_then_last_week": last_week,
        "journeys": list(selectors.journeys_for_list(user).in_progress()[:5]),
        "actions": list(selectors.open_actions(user)[:5]),
    }


def _digest_subject(user) -> str:
    today = user.local_today()
    return f"Your game plan for the week of {today.day} {today:%B}"


def _digest_still_relevant(user) -> bool:
    return user is not None and selectors.wants_weekly_digest(user, user.local_today())


register(
    ReminderKind(
        name=WEEKLY_PLAN_DIGEST,
        label="Your weekly game plan",
        subject=_digest_subject,
        template="emails/recovery/weekly_plan_digest",
        context=_digest_context,
        action_url=lambda user: reverse("recovery:week"),
        still_relevant=_digest_still_relevant,
        while_paused=SKIP,  # next week's digest will say it better than a late one
        importance=IMPORTANCE_DIGEST,
        headline=lambda user: "Your game plan for the week",
        section_template="emails/recovery/weekly_plan_digest_section",
    )
)
