"""Step 1: asking for feedback (or following up once after silence), and what came of it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from jobhunt.models import Contact
from recovery.models import DecidingFactor, ImprovementAction, Journey
from recovery.services import schedule
from recovery.services.journeys import touch


def _check_contact(journey: Journey, contact: Contact | None) -> None:
    if contact is not None and contact.user_id != journey.user_id:
        raise ValidationError({"contact": "Pick one of your own contacts."})


@transaction.atomic
def feedback_request_sent(*, journey: Journey, message: str, sent_on: date, contact: Contact | None = None) -> Journey:
    """The request (or the one follow-up) went out: keep what was said, and plan a follow-up
    reminder in case no answer comes."""
    _check_contact(journey, contact)
    if sent_on > journey.user.local_today():
        raise ValidationError({"sent_on": "That date is still to come."})
    journey.request_message = message.strip()
    journey.request_sent_on = sent_on
    journey.ask_contact = contact
    journey.save(update_fields=["request_message", "request_sent_on", "ask_contact"])
    schedule.feedback_follow_up(journey)
    touch(journey)
    return journey


@transaction.atomic
def feedback_record(
    *,
    journey: Journey,
    feedback: str = "",
    received_on: date | None = None,
    their_perspective: str = "",
    deciding_factors: list[str] = (),
) -> Journey:
    """What they said, how they might have seen it, and what decided it. Once feedback is in,
    the follow-up reminder is no longer needed."""
    unknown = set(deciding_factors) - set(DecidingFactor.values)
    if unknown:
        raise ValidationError({"deciding_factors": "Pick from the listed factors."})
    journey.feedback = feedback.strip()
    journey.feedback_received_on = (received_on or journey.user.local_today()) if journey.feedback else None
    journey.their_perspective = their_perspective.strip()
    # Stored in the list's own order, so the same choice always reads the same.
    journey.deciding_factors = [value for value in DecidingFactor.values if value in set(deciding_factors)]
    journey.save(update_fields=["feedback", "feedback_received_on", "their_perspective", "deciding_factors"])
    schedule.feedback_follow_up(journey)  # cancelled now that it has arrived
    touch(journey)
    return journey


@transaction.atomic
def improvement_action_add(*, journey: Journey, title: str, due_on: date | None = None) -> ImprovementAction:
    action = ImprovementAction.objects.create(journey=journey, title=title.strip(), due_on=due_on)
    touch(journey)
    return action


@transaction.atomic
def improvement_action_done(*, action: ImprovementAction, done: bool = True) -> ImprovementAction:
    """Tick an action off (or back on, if it turned out not to be done after all)."""
    action.done_on = action.journey.user.local_today() if done else None
    action.save(update_fields=["done_on"])
    touch(action.journey)
    return action
