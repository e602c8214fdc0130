import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jobhunt import services as jobhunt
from jobhunt.models import Contact, Status
from recovery import services
from recovery.endings import Ending
from recovery.models import Journey, Lesson, StayConnected
from recovery.steps import SkipReason, Step, StepState
from tests.factories import ApplicationFactory, ContactFactory, UserFactory
from tests.recovery.conftest import reject

pytestmark = pytest.mark.django_db


def _states(journey):
    journey = Journey.objects.get(pk=journey.pk)
    return {step: (row.state, row.skip_reason) for step, row in journey.step_states.items()}


# Starting ---------------------------------------------------------------------------------------


def test_a_move_to_rejected_starts_a_journey_with_four_steps_to_do(journey, application):
    assert journey.application == application
    assert journey.user == application.user
    assert list(journey.step_states) == [Step.FEEDBACK, Step.CLEAR_HEAD, Step.STAY_POSITIVE, Step.GAME_PLAN]
    assert journey.next_step == Step.FEEDBACK


def test_a_move_to_ghosted_starts_a_ghosted_journey(application):
    journey = reject(application, Status.GHOSTED)
    assert journey.ending == Ending.GHOSTED


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.ACCEPTED, Status.INTERVIEWING])
def test_other_moves_start_no_journey(application, status):
    jobhunt.application_move(application=application, to_status=status)
    assert not Journey.objects.exists()


def test_an_application_has_one_journey_however_often_it_is_rejected(application):
    journey = reject(application)
    services.lesson_add(journey=journey, text="Ask about the team earlier")
    jobhunt.application_move(application=application, to_status=Status.INTERVIEWING)
    again = reject(application)
    assert again.pk == journey.pk
    assert Journey.objects.count() == 1
    assert again.lessons.count() == 1  # reopening resumes where the person left off


def test_the_database_refuses_a_second_journey_for_one_application(journey):
    with pytest.raises(IntegrityError), transaction.atomic():
        Journey.objects.create(user=journey.user, application=journey.application, ending=Ending.AUTOMATED)


def test_a_silence_that_turns_into_a_no_follows_the_timeline(application):
    journey = reject(application, Status.GHOSTED)
    application.refresh_from_db()
    reject(application, Status.REJECTED)
    journey.refresh_from_db()
    assert journey.ending == Ending.AFTER_SCREENING  # the application has a contact


def test_an_ending_the_person_chose_is_never_re_derived(application):
    journey = reject(application, Status.GHOSTED)
    services.journey_set_ending(journey=journey, ending=Ending.NEAR_MISS)
    application.refresh_from_db()
    reject(application, Status.REJECTED)
    journey.refresh_from_db()
    assert journey.ending == Ending.NEAR_MISS
    assert journey.ending_chosen


def test_i_was_turned_down_moves_a_live_application_to_rejected_and_starts_its_journey(application):
    journey = services.application_turned_down(application=application)
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert journey.application == application
    assert application.events.filter(to_status=Status.REJECTED).count() == 1


def test_i_was_turned_down_on_a_ghosted_application_starts_its_walkthrough_without_moving_it(application):
    jobhunt.application_move(application=application, to_status=Status.GHOSTED)
    Journey.objects.all().delete()
    application.refresh_from_db()
    journey = services.application_turned_down(application=application)
    application.refresh_from_db()
    assert application.status == Status.GHOSTED
    assert journey.ending == Ending.GHOSTED


def test_i_was_turned_down_is_refused_before_applying(user):
    saved = ApplicationFactory(user=user, status=Status.SAVED)
    with pytest.raises(ValidationError):
        services.application_turned_down(application=saved)
    saved.refresh_from_db()
    assert saved.status == Status.SAVED
    assert not Journey.objects.exists()


def test_i_was_turned_down_is_refused_for_an_accepted_offer(application):
    jobhunt.application_move(application=application, to_status=Status.ACCEPTED)
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        services.application_turned_down(application=application)
    assert not Journey.objects.exists()


@pytest.mark.parametrize(
    ("stage", "ending"),
    [
        (Status.APPLIED, Ending.AUTOMATED),
        (Status.SCREENING, Ending.AFTER_SCREENING),
        (Status.INTERVIEWING, Ending.AFTER_INTERVIEWS),
        (Status.OFFER, Ending.NEAR_MISS),
    ],
)
def test_logging_an_untracked_rejection_creates_the_application_and_its_journey(user, stage, ending):
    journey = services.rejection_log(
        user=user, company_name="Northwind", role_title="Data Analyst", stage=stage, note="Email on Friday"
    )
    application = journey.application
    assert (application.company.name, application.role_title, application.status) == (
        "Northwind",
        "Data Analyst",
        Status.REJECTED,
    )
    assert application.events.get(to_status=Status.REJECTED).note == "Email on Friday"
    assert journey.ending == ending


def test_logging_a_rejection_reuses_a_company_of_the_same_name(user, company):
    journey = services.rejection_log(user=user, company_name="fernhill robotics", role_title="QA")
    assert journey.application.company == company


# Step rules -------------------------------------------------------------------------------------


def test_an_automated_rejection_skips_the_feedback_step_and_starts_at_step_two(user):
    application = ApplicationFactory(user=user)
    journey = reject(application)
    assert journey.ending == Ending.AUTOMATED
    assert _states(journey)[Step.FEEDBACK] == (StepState.SKIPPED, SkipReason.AUTOMATED)
    assert Journey.objects.get(pk=journey.pk).next_step == Step.CLEAR_HEAD


def test_correcting_an_automated_ending_brings_the_feedback_step_back(user):
    journey = reject(ApplicationFactory(user=user))
    services.journey_set_ending(journey=journey, ending=Ending.NEAR_MISS)
    assert _states(journey)[Step.FEEDBACK] == (StepState.PENDING, "")


def test_correcting_the_ending_leaves_the_persons_own_skip_alone(journey):
    services.step_skip(journey=journey, step=Step.FEEDBACK, reason=SkipReason.NOBODY_TO_ASK)
    services.journey_set_ending(journey=journey, ending=Ending.AUTOMATED)
    services.journey_set_ending(journey=journey, ending=Ending.AFTER_INTERVIEWS)
    assert _states(journey)[Step.FEEDBACK] == (StepState.SKIPPED, SkipReason.NOBODY_TO_ASK)


def test_completing_a_step_marks_it_done_and_points_at_the_next(journey):
    following = services.step_complete(journey=journey, step=Step.FEEDBACK)
    assert following == Step.CLEAR_HEAD
    assert _states(journey)[Step.FEEDBACK][0] == StepState.DONE
    assert Journey.objects.get(pk=journey.pk).next_step == Step.CLEAR_HEAD


def test_steps_can_be_done_out_of_order_and_the_next_step_is_the_first_left(journey):
    services.step_complete(journey=journey, step=Step.STAY_POSITIVE)
    assert Journey.objects.get(pk=journey.pk).next_step == Step.FEEDBACK


def test_completing_a_skipped_step_keeps_it_skipped(journey):
    services.step_skip(journey=journey, step=Step.FEEDBACK, reason=SkipReason.NOT_NOW)
    services.step_complete(journey=journey, step=Step.FEEDBACK)
    assert _states(journey)[Step.FEEDBACK] == (StepState.SKIPPED, SkipReason.NOT_NOW)


@pytest.mark.parametrize("step", [Step.CLEAR_HEAD, Step.STAY_POSITIVE, Step.GAME_PLAN])
def test_only_the_feedback_step_can_be_skipped(journey, step):
    with pytest.raises(ValidationError):
        services.step_skip(journey=journey, step=step, reason=SkipReason.NOT_NOW)
    assert _states(journey)[step][0] == StepState.PENDING


def test_reopening_a_skipped_step_makes_it_to_do_again(journey):
    services.step_skip(journey=journey, step=Step.FEEDBACK, reason=SkipReason.NOT_NOW)
    services.step_reopen(journey=journey, step=Step.FEEDBACK)
    assert _states(journey)[Step.FEEDBACK] == (StepState.PENDING, "")


def test_finishing_needs_a_summary(journey):
    with pytest.raises(ValidationError):
        services.journey_finish(journey=journey, summary="   ")
    assert not Journey.objects.get(pk=journey.pk).is_finished


def test_finishing_keeps_the_summary_and_marks_the_game_plan_done(journey):
    services.journey_finish(journey=journey, summary="Lead with impact.")
    journey = Journey.objects.get(pk=journey.pk)
    assert journey.is_finished
    assert journey.summary == "Lead with impact."
    assert journey.step_states[Step.GAME_PLAN].state == StepState.DONE
    assert list(Journey.objects.for_user(journey.user).finished()) == [journey]


# Step 1 -----------------------------------------------------------------------------------------


def test_feedback_sent_and_recorded_is_kept_with_its_factors_in_list_order(journey, contact):
    today = journey.user.local_today()
    services.feedback_request_sent(journey=journey, message=" Could you share… ", sent_on=today, contact=contact)
    services.feedback_record(
        journey=journey,
        feedback="Strong, but less experience with Kafka.",
        their_perspective="They needed someone on call from week one.",
        deciding_factors=["unknown", "skills_gap"],
    )
    journey.refresh_from_db()
    assert journey.request_message == "Could you share…"
    assert journey.ask_contact == contact
    assert journey.feedback_received_on == today
    assert journey.deciding_factors == ["skills_gap", "unknown"]
    assert journey.deciding_factor_labels == ["Skills gap", "Unknown"]


def test_an_unknown_deciding_factor_is_refused(journey):
    with pytest.raises(ValidationError):
        services.feedback_record(journey=journey, deciding_factors=["astrology"])


def test_a_feedback_request_cannot_be_sent_in_the_future(journey):
    with pytest.raises(ValidationError):
        services.feedback_request_sent(
            journey=journey, message="Hi", sent_on=journey.user.local_today() + datetime.timedelta(days=1)
        )


def test_a_feedback_request_cannot_name_someone_elses_contact(journey):
    theirs = ContactFactory(user=UserFactory())
    with pytest.raises(ValidationError):
        services.feedback_request_sent(
            journey=journey, message="Hi", sent_on=journey.user.local_today(), contact=theirs
        )


def test_improvement_actions_can_be_ticked_off_and_back_on(journey):
    action = services.improvement_action_add(journey=journey, title="Practise system design", due_on=None)
    services.improvement_action_done(action=action)
    assert action.is_done
    services.improvement_action_done(action=action, done=False)
    action.refresh_from_db()
    assert not action.is_done


# Step 2 -----------------------------------------------------------------------------------------


def test_a_fourth_lesson_is_refused_with_the_reason_for_the_cap(journey):
    for text in ("One", "Two", "Three"):
        services.lesson_add(journey=journey, text=text)
    with pytest.raises(ValidationError) as refused:
        services.lesson_add(journey=journey, text="Four")
    assert refused.value.code == "lesson_cap"
    assert "on purpose" in refused.value.messages[0]
    assert Lesson.objects.filter(journey=journey).count() == 3


def test_removing_a_lesson_makes_room_for_another(journey):
    lessons = [services.lesson_add(journey=journey, text=text) for text in ("One", "Two", "Three")]
    services.lesson_remove(lesson=lessons[0])
    services.lesson_add(journey=journey, text="Four")
    assert list(journey.lessons.values_list("text", flat=True)) == ["Two", "Three", "Four"]


def test_a_released_what_if_is_kept_and_marked_released(journey):
    what_if = services.what_if_add(journey=journey, text="What if I had asked about the budget?")
    services.what_if_release(what_if=what_if)
    what_if.refresh_from_db()
    assert what_if.is_released
    assert journey.what_ifs.count() == 1


def test_a_reset_activity_of_ones_own_needs_saying_what(journey):
    with pytest.raises(ValidationError):
        services.reset_activity_done(journey=journey, activity="own", other=" ")
    services.reset_activity_done(journey=journey, activity="own", other="Baked bread")
    journey.refresh_from_db()
    assert journey.reset_activity_label == "Baked bread"
    assert journey.reset_done_on == journey.user.local_today()


def test_staying_connected_with_a_contact_defaults_to_reconnecting_in_30_days(journey, contact):
    row = services.stay_connected_add(journey=journey, contact=contact)
    assert row.reconnect_on == journey.user.local_today() + datetime.timedelta(days=30)


def test_staying_connected_with_someone_new_adds_them_to_the_contacts_of_this_application(journey):
    row = services.stay_connected_add(journey=journey, name="Ola Berg", email="ola@fernhill.example")
    contact = Contact.objects.get(name="Ola Berg")
    assert row.contact == contact
    assert contact.user == journey.user
    assert contact.company == journey.application.company
    assert contact in journey.application.contacts.all()


def test_picking_the_same_person_twice_moves_their_date_rather_than_adding_them_again(journey, contact):
    today = journey.user.local_today()
    services.stay_connected_add(journey=journey, contact=contact)
    services.stay_connected_add(journey=journey, contact=contact, reconnect_on=today + datetime.timedelta(days=7))
    assert StayConnected.objects.get().reconnect_on == today + datetime.timedelta(days=7)


def test_someone_elses_contact_cannot_be_kept(journey):
    with pytest.raises(ValidationError):
        services.stay_connected_add(journey=journey, contact=ContactFactory(user=UserFactory()))
    assert not StayConnected.objects.exists()


def test_a_reconnect_date_in_the_past_is_refused(journey, contact):
    with pytest.raises(ValidationError):
        services.stay_connected_add(
            journey=journey, contact=contact, reconnect_on=journey.user.local_today() - datetime.timedelta(days=1)
        )


def test_closing_the_chapter_keeps_the_first_date(journey):
    services.chapter_close(journey=journey)
    first = journey.chapter_closed_on
    services.chapter_close(journey=journey)
    assert journey.chapter_closed_on == first == journey.user.local_today()


# Steps 3 and 4 ----------------------------------------------------------------------------------


def test_a_mood_outside_one_to_five_is_refused(user):
    with pytest.raises(ValidationError):
        services.mood_check_in(user=user, mood=6)


def test_a_mood_check_in_from_a_journey_counts_as_working_on_it(journey):
    before = journey.touched_at
    check_in = services.mood_check_in(user=journey.user, mood=2, note="Flat today", journey=journey)
    journey.refresh_from_db()
    assert check_in.journey == journey
    assert journey.touched_at > before


def test_a_win_cannot_be_in_the_future(user):
    with pytest.raises(ValidationError):
        services.win_add(user=user, text="Offer!", happened_on=user.local_today() + datetime.timedelta(days=2))


def test_a_habit_check_in_for_the_same_day_updates_it(user):
    today = user.local_today()
    services.habit_check_in(user=user, day=today, active=True)
    check_in = services.habit_check_in(user=user, day=today, slept_well=True)
    assert user.habit_check_ins.count() == 1
    assert (check_in.active, check_in.slept_well) == (False, True)


@pytest.mark.parametrize("days_ago", [-1, 8])
def test_habit_check_ins_are_for_the_past_week_only(user, days_ago):
    with pytest.raises(ValidationError):
        services.habit_check_in(user=user, day=user.local_today() - datetime.timedelta(days=days_ago))


def test_saving_the_plan_twice_in_a_week_adjusts_the_same_plan(user, contact):
    services.plan_save(user=user, applications_target=3, conversations_target=2, practice_target=1)
    plan = services.plan_save(
        user=user, applications_target=5, conversations_target=1, practice_target=0, contacts=[contact]
    )
    assert user.weekly_plans.count() == 1
    assert (plan.applications_target, list(plan.contacts.all())) == (5, [contact])


def test_a_plan_refuses_someone_elses_contact_and_targets_out_of_range(user):
    with pytest.raises(ValidationError):
        services.plan_save(
            user=user,
            applications_target=1,
            conversations_target=1,
            practice_target=1,
            contacts=[ContactFactory(user=UserFactory())],
        )
    with pytest.raises(ValidationError):
        services.plan_save(user=user, applications_target=51, conversations_target=1, practice_target=1)
    assert not user.weekly_plans.exists()


def test_logged_progress_goes_up_and_never_below_zero(user):
    plan = services.plan_save(user=user, applications_target=1, conversations_target=2, practice_target=1)
    services.plan_progress_log(plan=plan, what="conversations")
    services.plan_progress_log(plan=plan, what="conversations")
    assert plan.conversations_done == 2
    for _ in range(3):
        services.plan_progress_log(plan=plan, what="practice", change=-1)
    assert plan.practice_done == 0
    with pytest.raises(ValidationError):
        services.plan_progress_log(plan=plan, what="applications")


def test_deleting_the_application_deletes_its_journey(journey, application):
    jobhunt.application_delete(application=application)
    assert not Journey.objects.exists()
