"""The walkthrough's part of the demo account (`manage.py seed_demo` sends jobhunt's demo_seeded).

Seeding the pipeline moved every demo application through the status service, so a journey was
started for each rejection and silence, as for a real person. The demo keeps the two journeys it
tells a story with (one finished, the near miss in progress at step 2) and removes the others,
which leaves the ghosted application waiting for its walkthrough. Then it adds four weeks of mood
and habit check-ins with a dip after the near miss. The finished journey has private writing on
two days after the "no"; this week's plan has when-and-where plans, the first of them done.
The sentence written for the future self before the first "no" shows in step 3, where the
finished journey also has its story told again more fairly.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction

from jobhunt.models import SETBACKS, Application, Interview, Status
from recovery import services
from recovery.models import (
    DecidingFactor,
    HabitCheckIn,
    Journey,
    MoodCheckIn,
    NoteToFutureSelf,
    PlanTarget,
    ResetActivity,
    StoryAnswer,
    Win,
    WritingSession,
)
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
    _note_to_future_self(user)
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
    _if_then_plans(user, user.local_today())


def _finished_journey(user, application) -> None:
    journey = services.journey_start(application=application)
    if journey.is_finished:
        return
    if not application.learning_goal:  # what they hoped to learn, brought back in step 1
        application.learning_goal = "How a team this size runs its system design interviews"
        application.save(update_fields=["learning_goal"])
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
    _writing_sessions(journey, [rejected_on + timedelta(days=1), rejected_on + timedelta(days=3)])
    services.chapter_close(journey=journey)
    services.step_complete(journey=journey, step=Step.CLEAR_HEAD)
    _story(journey)
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


DEMO_WRITING = (
    "I keep going back to the final interview. I really wanted this one: the team felt like people I'd "
    "learn from. It stings more when you were close. Annoyed with myself, then annoyed that I'm annoyed. "
    "Putting it down here stops it going round quite so fast.",
    "Calmer today. They needed someone who had already led a team, and I haven't yet, not officially. "
    "That's about timing more than about whether I'm good at this. I miss the next year I had pictured, "
    "but there will be other versions of it.",
)


def _writing_sessions(journey, days) -> None:
    """Step 2's private writing on a few days after the "no" (written through the service, which
    writes today's, then moved to its day)."""
    for day, text in zip(days, DEMO_WRITING, strict=False):
        session = services.writing_save(journey=journey, text=text)
        WritingSession.objects.filter(pk=session.pk).update(written_on=day)


def _if_then_plans(user, today) -> None:
    """This week's when-and-where plans: practice today (done), then an application session and a
    conversation on the days ahead (the last day of the week if it is today)."""
    plan = services.this_weeks_plan(user)
    if plan is None or plan.if_then_plans.exists():
        return
    ahead = [day for day in (plan.week_start + timedelta(days=n) for n in range(7)) if day >= today]
    practice = services.if_then_save(
        user=user,
        target=PlanTarget.PRACTICE,
        weekday=today.weekday(),
        at=time(18),
        place="home, at the desk by the window",
        action="work through one chapter of the system design course",
    )
    services.if_then_happened(if_then=practice)
    services.if_then_save(
        user=user,
        target=PlanTarget.APPLICATIONS,
        weekday=ahead[min(1, len(ahead) - 1)].weekday(),
        at=time(10),
        place="the library",
        action="send two applications to data teams",
    )
    services.if_then_save(
        user=user,
        target=PlanTarget.CONVERSATIONS,
        weekday=ahead[min(2, len(ahead) - 1)].weekday(),
        at=time(12, 30),
        place="the café near the station",
        action="have coffee with a former colleague and ask what her team is hiring for",
    )


def _note_to_future_self(user) -> None:
    """The sentence written on the dashboard's card before the first "no" (dated a day before it),
    which step 3 shows back."""
    if NoteToFutureSelf.objects.for_user(user).exists():
        return
    setbacks = Application.objects.for_user(user).filter(status__in=SETBACKS).order_by("status_changed_at")
    before = setbacks.values_list("status_changed_at", flat=True).first()
    note = services.note_write(
        user=user,
        text="When the first no comes: you applied because you'd be good at it, and that's still true. "
        "Take a walk, then send one more.",
    )
    if before is not None:
        NoteToFutureSelf.objects.filter(pk=note.pk).update(written_at=before - timedelta(days=1))


def _story(journey) -> None:
    """Step 3's story on the finished journey: the harsh first telling, the three questions, and
    the fairer version that the feedback supports."""
    services.story_save(
        journey=journey,
        explanation="I'm not senior enough for teams like that, and I never will be. I got my hopes up for nothing.",
        all_about_me=StoryAnswer.PARTLY,
        always=StoryAnswer.PARTLY,
        everything=StoryAnswer.NO,
        fairer_version="They needed someone who had already led a team, and the other candidate had. That's one "
        "gap, and I can close it: I've mentored people, I just haven't said so. I reached the final round, "
        "so the rest of what I offer landed.",
    )


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
