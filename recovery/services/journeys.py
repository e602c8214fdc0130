"""Starting, walking and finishing a journey."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobhunt import services as jobhunt
from jobhunt.models import LIVE, SETBACKS, Application, Status
from recovery import reminder_kinds as kinds
from recovery import steps
from recovery.endings import Ending, derive_ending
from recovery.models import Journey, JourneyStep
from recovery.services import schedule
from recovery.steps import SkipReason, Step, StepState
from reminders import services as reminders

# The stages a rejection logged after the fact can have reached before the "no".
LOGGABLE_STAGES = (Status.APPLIED, Status.SCREENING, Status.INTERVIEWING, Status.OFFER)


def touch(journey: Journey) -> None:
    """Note that the person worked on the journey: the "untouched for 3 days" nudge moves on."""
    journey.touched_at = timezone.now()
    journey.begun = True
    journey.save(update_fields=["touched_at", "begun"])
    schedule.journey_nudge(journey)


def _reconcile_steps(journey: Journey) -> None:
    """Apply the ending's skip rules (recovery.steps) to the journey's steps."""
    changed = False
    for row in journey.steps.all():
        state, reason = steps.reconciled(row.step, journey.ending, row.state, row.skip_reason)
        if (state, reason) != (row.state, row.skip_reason):
            row.state, row.skip_reason = state, reason
            row.save(update_fields=["state", "skip_reason"])
            changed = True
    if changed:
        schedule.feedback_follow_up(journey)  # a skipped step has none; a step back in play may


@transaction.atomic
def journey_start(*, application: Application) -> Journey:
    """The journey for an ended application: started once, resumed every time after.

    One journey per application (a unique constraint backs this up). While a journey is in
    progress and the person has not corrected its ending, the ending follows the timeline:
    an application that went silent and then got a "no" becomes a rejection.
    """
    journey = Journey.objects.filter(application=application).first()
    if journey is None:
        try:
            with transaction.atomic():
                journey = Journey.objects.create(
                    user=application.user, application=application, ending=derive_ending(application)
                )
        except IntegrityError:  # started a moment ago by another request
            journey = Journey.objects.get(application=application)
        else:
            JourneyStep.objects.bulk_create(JourneyStep(journey=journey, step=step) for step in steps.ORDER)
            _reconcile_steps(journey)
            schedule.journey_nudge(journey)  # three days from now if it sits unopened
            schedule.weekly_digest(journey.user)
            return journey
    if not journey.is_finished and not journey.ending_chosen:
        ending = derive_ending(application)
        if ending != journey.ending:
            journey.ending = ending
            journey.save(update_fields=["ending"])
            _reconcile_steps(journey)
    return journey


@transaction.atomic
def application_turned_down(*, application: Application, note: str = "") -> Journey:
    """ "I was turned down": a live application becomes a rejection (which starts the journey);
    one that already ended in a setback gets its journey started or resumed."""
    if application.status == Status.SAVED:
        raise ValidationError("You hadn't applied for this one yet, so there's nothing to recover from.")
    if application.status in LIVE:
        jobhunt.application_move(application=application, to_status=Status.REJECTED, note=note)
    elif application.status not in SETBACKS:
        raise ValidationError("This application ended another way, so there is no walkthrough for it.")
    return journey_start(application=application)


@transaction.atomic
def rejection_log(*, user, company_name: str, role_title: str, stage: str = Status.APPLIED, note: str = "") -> Journey:
    """A rejection for a job that was never tracked: the application is created at the stage it
    reached, then moved to rejected like any other (which starts the journey)."""
    if stage not in LOGGABLE_STAGES:
        raise ValidationError({"stage": "Pick how far it got."})
    company = jobhunt.company_for_name(user=user, name=company_name)
    application = jobhunt.application_create(user=user, company=company, role_title=role_title, status=stage)
    jobhunt.application_move(application=application, to_status=Status.REJECTED, note=note)
    return journey_start(application=application)


@transaction.atomic
def journey_set_ending(*, journey: Journey, ending: str) -> Journey:
    """The person's own reading of how it ended; the walkthrough adapts and stops re-deriving it."""
    journey.ending = Ending(ending)
    journey.ending_chosen = True
    journey.save(update_fields=["ending", "ending_chosen"])
    _reconcile_steps(journey)
    touch(journey)
    return journey


def _row(journey: Journey, step: Step) -> JourneyStep:
    """The step's row, locked for a change. The journey's prefetched steps (the pages load them)
    are dropped, so what is read next about its steps is what was just written."""
    getattr(journey, "_prefetched_objects_cache", {}).pop("steps", None)
    return journey.steps.select_for_update().get(step=Step(step))


@transaction.atomic
def step_complete(*, journey: Journey, step: Step) -> Step | None:
    """Mark a step done (a skipped step stays skipped). Returns the step that follows, if any."""
    row = _row(journey, step)
    if row.state == StepState.PENDING:
        row.state = StepState.DONE
        row.done_at = timezone.now()
        row.save(update_fields=["state", "done_at"])
    touch(journey)
    return steps.following(row.step)


@transaction.atomic
def step_skip(*, journey: Journey, step: Step, reason: str) -> Step | None:
    """Skip a step that may be skipped, saying why. The feedback follow-up goes with it."""
    if step not in steps.SKIPPABLE:
        raise ValidationError(f"“{Step(step).label}” is yours to walk, even if only briefly.")
    row = _row(journey, step)
    row.state = StepState.SKIPPED
    row.skip_reason = SkipReason(reason)
    row.done_at = timezone.now()
    row.save(update_fields=["state", "skip_reason", "done_at"])
    reminders.cancel(about=journey, kind=kinds.FEEDBACK_FOLLOW_UP)
    touch(journey)
    return steps.following(row.step)


@transaction.atomic
def step_reopen(*, journey: Journey, step: Step) -> None:
    """Take a step up again (asking for feedback after all, say)."""
    row = _row(journey, step)
    row.state = StepState.PENDING
    row.skip_reason = ""
    row.done_at = None
    row.save(update_fields=["state", "skip_reason", "done_at"])
    schedule.feedback_follow_up(journey)
    touch(journey)


@transaction.atomic
def journey_finish(*, journey: Journey, summary: str) -> Journey:
    """Close the journey with what it taught. The people to reconnect with keep their reminders,
    and a feedback follow-up already planned keeps its day."""
    summary = summary.strip()
    if not summary:
        raise ValidationError({"summary": "A line or two is enough: what will you take from this one?"})
    row = _row(journey, Step.GAME_PLAN)
    if row.state == StepState.PENDING:
        row.state = StepState.DONE
        row.done_at = timezone.now()
        row.save(update_fields=["state", "done_at"])
    journey.summary = summary
    journey.finished_at = journey.finished_at or timezone.now()
    journey.save(update_fields=["summary", "finished_at"])
    # The feedback follow-up promised when the request went out stays: the answer may still come.
    touch(journey)  # cancels the nudge: the journey is finished
    schedule.weekly_digest(journey.user)
    return journey
