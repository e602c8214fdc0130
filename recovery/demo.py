"""The walkthrough's part of the demo account (`manage.py seed_demo` sends jobhunt's demo_seeded).

Seeding the pipeline moved every demo application through the status service, so a journey was
started for each rejection and silence, as for a real person. The demo keeps the two journeys it
tells a story with (one finished, the near miss in progress at step 2) and removes the others,
which leaves the ghosted application waiting for its walkthrough. Then it adds four weeks of mood
and habit check-ins with a dip after the near miss.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction

from jobhunt.models import Application, Interview, Status
from recovery import services
from recovery.models import DecidingFactor, HabitCheckIn, Journey, MoodCheckIn, ResetActivity, Win
from recovery.services import schedule
from recovery.steps import Step, StepState

DAYS = 28


def _near_miss(rejected):
    for application in rejected:
        kinds = {interview.kind for interview in application.interviews.all()}
        if kinds & Interview.LATE_STAGE or application.interest >= 5:
            return application
    return None


@transaction.atomic
def seed(*, user, today) -> None:
    rejected = list(
        Application.objects.for_user(user)
        .filter(status=Status.REJECTED)
        .select_related("company")
        .prefetch_related("interviews", "contacts")
        .order_by("status_changed_at")
    )
    near_miss = _near_miss(reversed(rejected))
    finished = next((application for application in rejected if application != near_miss), None)
    keep = [application.pk for application in (near_miss, finished) if application]
    Journey.objects.for_user(user).exclude(application__in=keep).delete()
    if finished:
        _finished_journey(user, finished)
    if near_miss:
        _near_miss_journey(user, near_miss, today)
    _check_ins(user, today, dip_on=near_miss.status_changed_at.date() if near_miss else None)
    if not Win.objects.for_user(user).exists():
        services.win_add(user=user, text="Recruiter from a new company reached out first", happened_on=today)
        services.win_add(
            user=user, text="Finished the system design course module", happened_on=today - timedelta(days=4)
        )
    services.plan_save(
        user=user,
        applications_target=4,
        conversations_target=2,
        practice_target=2,
        contacts=list(user.contacts.order_by("-relationship_strength", "name")[:2]),
    )


def _finished_journey(user, application) -> None:
    journey = services.journey_start(application=application)
    if journey.is_finished:
        return
    contact = next(iter(application.contacts.all()), None)
    rejected_on = application.status_changed_at.date()
    if Step.FEEDBACK in _pending(journey):
        services.feedback_request_sent(
            journey=journey,
            message="Thank you for letting me know. Could you share what weighed most in the decision?",
            sent_on=min(rejected_on + timedelta(days=1), user.local_today()),
            contact=contact,
        )
        services.feedback_record(
            journey=journey,
            feedback="Strong on the technical side; they went with someone who had led a team before.",
            received_on=min(rejected_on + timedelta(days=4), user.local_today()),
            their_perspective="They needed someone to mentor two juniors from day one.",
            deciding_factors=[DecidingFactor.EXPERIENCE_LEVEL],
        )
        action = services.improvement_action_add(journey=journey, title="Prepare two stories about mentoring")
        services.improvement_action_done(action=action)
        services.step_complete(journey=journey, step=Step.FEEDBACK)
    services.lesson_add(journey=journey, text="Lead with the mentoring I have done, even if informal.")
    services.lesson_add(journey=journey, text="Ask early what the first six months look like.")
    what_if = services.what_if_add(journey=journey, text="What if I had mentioned the hackathon team I ran?")
    services.what_if_release(what_if=what_if)
    services.reset_activity_done(journey=journey, activity=ResetActivity.WALK)
    if contact:
        services.stay_connected_add(journey=journey, contact=contact)
    services.chapter_close(journey=journey)
    services.step_complete(journey=journey, step=Step.CLEAR_HEAD)
    services.step_complete(journey=journey, step=Step.STAY_POSITIVE)
    services.journey_finish(
        journey=journey, summary="I was closer than it felt. Show leadership early; the skills were there."
    )
    started = application.status_changed_at
    Journey.objects.filter(pk=journey.pk).update(
        started_at=started, touched_at=started + timedelta(days=6), finished_at=started + timedelta(days=6)
    )


def _near_miss_journey(user, application, today) -> None:
    journey = services.journey_start(application=application)
    rejected_on = application.status_changed_at.date()
    people = list(application.contacts.all())
    if Step.FEEDBACK in _pending(journey):
        services.feedback_request_sent(
            journey=journey,
            message="Thank you for the final round. I know it was close; what tipped the decision?",
            sent_on=min(rejected_on + timedelta(days=1), today),
            contact=people[0] if people else None,
        )
        services.feedback_record(
            journey=journey,
            feedback="It came down to two people. The other candidate had run a migration like ours.",
            received_on=min(rejected_on + timedelta(days=3), today),
            their_perspective="They were de-risking a big project, not judging me as a whole.",
            deciding_factors=[DecidingFactor.EDGED_OUT, DecidingFactor.EXPERIENCE_LEVEL],
        )
        services.improvement_action_add(
            journey=journey,
            title="Write up the data migration I led as a case study",
            due_on=today + timedelta(days=10),
        )
        services.step_complete(journey=journey, step=Step.FEEDBACK)
    if not journey.lessons.exists():
        services.lesson_add(journey=journey, text="Close calls mean the fit was real: keep aiming this high.")
        services.what_if_add(journey=journey, text="What if I had asked for another conversation with the team?")
    # As if the person last worked on it yesterday, so its nudge comes in two days rather than now.
    Journey.objects.filter(pk=journey.pk).update(
        started_at=application.status_changed_at,
        touched_at=datetime.combine(today - timedelta(days=1), time(19), tzinfo=user.tzinfo),
    )
    journey.refresh_from_db()
    schedule.journey_nudge(journey)


def _pending(journey) -> set[Step]:
    return {step for step, row in journey.step_states.items() if row.state == StepState.PENDING}


def _check_ins(user, today, dip_on) -> None:
    """Four weeks of mood and habits: steady, a dip after the near miss, then a climb back."""
    if MoodCheckIn.objects.for_user(user).exists():
        return
    rng = random.Random(DAYS)  # the same demo every time  # noqa: S311
    start = today - timedelta(days=DAYS - 1)
    dip_on = min(max(dip_on or today - timedelta(days=12), start + timedelta(days=3)), today - timedelta(days=5))
    notes = {
        0: "Heard back: not this time. Gutted, honestly.",
        1: "Didn't want to do much today.",
        3: "Long walk with Sam. Helped.",
        6: "Sent two applications. Felt normal again.",
    }
    moods, habits = [], []
    for offset in range(DAYS):
        day = start + timedelta(days=offset)
        since_dip = (day - dip_on).days
        if 0 <= since_dip <= 2:
            mood = rng.choice((1, 2, 2))
        elif 3 <= since_dip <= 5:
            mood = rng.choice((2, 3, 3))
        else:
            mood = rng.choice((3, 3, 4, 4, 5))
        if rng.random() < 0.85 or since_dip in notes:
            at = datetime.combine(day, time(rng.choice((8, 12, 18, 21)), rng.randrange(60)), tzinfo=user.tzinfo)
            moods.append(MoodCheckIn(user=user, mood=mood, note=notes.get(since_dip, ""), created_at=at))
        if rng.random() < 0.9:
            rest = day.weekday() == 6 and rng.random() < 0.6
            habits.append(
                HabitCheckIn(
                    user=user,
                    day=day,
                    rest_day=rest,
                    active=not rest and rng.random() < (0.4 if 0 <= since_dip <= 3 else 0.75),
                    ate_well=rng.random() < 0.7,
                    slept_well=rng.random() < (0.3 if 0 <= since_dip <= 2 else 0.7),
                )
            )
    MoodCheckIn.objects.bulk_create(moods)
    HabitCheckIn.objects.bulk_create(habits, ignore_conflicts=True)
