import datetime

import pytest
from django.utils import timezone

from accounts import export
from jobhunt import services as jobhunt
from jobhunt.models import Interview, Status
from jobhunt.signals import demo_seeded
from recovery import services
from recovery.endings import Ending
from recovery.models import HabitCheckIn, Journey, MoodCheckIn
from recovery.steps import Step
from tests.factories import ApplicationFactory, ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _ended(user, status, days_ago, **fields):
    """A demo-like application, back-dated, ended through the status service."""
    when = timezone.now() - datetime.timedelta(days=days_ago)
    application = ApplicationFactory(user=user, when=when - 10 * DAY, **fields)
    jobhunt.application_move(application=application, to_status=status, when=when)
    application.refresh_from_db()
    return application


@pytest.fixture
def demo(user):
    contact = ContactFactory(user=user)
    early = _ended(user, Status.REJECTED, 40, contacts=[contact])
    near = ApplicationFactory(user=user, when=timezone.now() - 30 * DAY, contacts=[contact])
    InterviewFactory(application=near, kind=Interview.Kind.FINAL, scheduled_at=timezone.now() - 16 * DAY)
    jobhunt.application_move(application=near, to_status=Status.REJECTED, when=timezone.now() - 14 * DAY)
    near.refresh_from_db()
    ghosted = _ended(user, Status.GHOSTED, 5)
    other = _ended(user, Status.REJECTED, 20)
    assert Journey.objects.count() == 4  # every setback started one while seeding
    demo_seeded.send(sender=None, user=user, today=user.local_today())
    return {"early": early, "near": near, "ghosted": ghosted, "other": other}


def test_the_demo_has_a_finished_journey_and_the_near_miss_in_progress_at_step_two(demo, user):
    journeys = {journey.application_id: journey for journey in Journey.objects.for_user(user)}
    assert set(journeys) == {demo["early"].pk, demo["near"].pk}
    finished, near = journeys[demo["early"].pk], journeys[demo["near"].pk]
    assert finished.is_finished and finished.summary
    assert finished.lessons.count() == 2
    assert finished.application.learning_goal  # step 1 and the summary bring it back
    assert not near.is_finished
    assert near.ending == Ending.NEAR_MISS
    assert near.next_step == Step.CLEAR_HEAD
    assert near.feedback


def test_the_demo_leaves_the_ghosted_application_without_a_journey(demo):
    assert not Journey.objects.filter(application=demo["ghosted"]).exists()


def test_the_demo_has_four_weeks_of_check_ins_with_a_dip_after_the_near_miss(demo, user):
    today = user.local_today()
    moods = list(MoodCheckIn.objects.for_user(user))
    days = {timezone.localtime(mood.created_at, user.tzinfo).date() for mood in moods}
    assert min(days) >= today - 27 * DAY
    assert len(days) >= 20
    dip_on = demo["near"].status_changed_at.date()
    after = [m.mood for m in moods if 0 <= (m.created_at.date() - dip_on).days <= 2]
    before = [m.mood for m in moods if (m.created_at.date() - dip_on).days < -1]
    assert after and max(after) <= 2
    assert sum(before) / len(before) > 3
    assert HabitCheckIn.objects.for_user(user).count() >= 20


def test_seeding_twice_changes_nothing(demo, user):
    counts = (Journey.objects.count(), MoodCheckIn.objects.count(), HabitCheckIn.objects.count())
    demo_seeded.send(sender=None, user=user, today=user.local_today())
    assert (Journey.objects.count(), MoodCheckIn.objects.count(), HabitCheckIn.objects.count()) == counts


def test_the_export_has_the_journeys_with_their_steps_and_the_check_ins(journey, user, contact):
    services.feedback_record(journey=journey, feedback="Close call.", deciding_factors=["edged_out"])
    services.lesson_add(journey=journey, text="Ask for the scorecard")
    services.stay_connected_add(journey=journey, contact=contact)
    services.mood_check_in(user=user, mood=3, note="Steady")
    services.win_add(user=user, text="Great coffee chat")
    services.plan_save(user=user, applications_target=3, conversations_target=2, practice_target=1)
    services.habit_check_in(user=user, day=user.local_today(), active=True)
    sections = export.sections()
    [row] = list(sections["journeys"](user))
    assert row["feedback"]["feedback"] == "Close call."
    assert row["feedback"]["deciding_factors"] == ["edged_out"]
    assert row["lessons"] == ["Ask for the scorecard"]
    assert row["stay_connected"][0]["contact"] == "Maya Lindqvist"
    assert [step["step"] for step in row["steps"]] == [step.value for step in Step]
    assert list(sections["mood_check_ins"](user))[0]["note"] == "Steady"
    assert list(sections["wins"](user))[0]["win"] == "Great coffee chat"
    assert list(sections["weekly_plans"](user))[0]["applications_target"] == 3
    assert list(sections["habit_check_ins"](user))[0]["active"] is True


def test_the_export_holds_only_the_persons_own_rows(journey, other_user):
    assert list(export.sections()["journeys"](other_user)) == []


def test_the_demo_shows_private_writing_on_two_days_and_this_weeks_if_then_plans_one_done(demo, user):
    from recovery import selectors
    from recovery.models import WritingSession

    finished = Journey.objects.get(application=demo["early"])
    days = list(WritingSession.objects.filter(journey=finished).values_list("written_on", flat=True))
    assert len(set(days)) == 2 and all(day > demo["early"].status_changed_at.date() for day in days)
    assert not WritingSession.objects.exclude(journey=finished).exists()  # the near miss is invited to write

    plans = selectors.week_overview(user, user.local_today())["if_then"]
    assert {plan.target for plan in plans} == {"applications", "conversations", "practice"}
    assert [plan.target for plan in plans if plan.happened and plan.ticked] == ["practice"]
