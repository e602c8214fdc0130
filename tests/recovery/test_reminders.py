import datetime

import pytest
from django.utils import timezone

from jobhunt import services as jobhunt
from recovery import reminder_kinds, services
from recovery.models import Journey
from recovery.services import schedule
from recovery.steps import SkipReason, Step
from reminders import emails, registry
from reminders.models import Reminder
from reminders.services import at_local_hour
from tests.factories import UserFactory
from tests.recovery.conftest import planned, reject

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _sent(journey, days_ago=0):
    sent_on = journey.user.local_today() - days_ago * DAY
    services.feedback_request_sent(journey=journey, message="Could you share some feedback?", sent_on=sent_on)
    return sent_on


# Feedback follow-up -----------------------------------------------------------------------------


def test_sending_a_feedback_request_plans_a_follow_up_five_days_later(journey):
    sent_on = _sent(journey)
    [reminder] = planned(journey, "feedback_follow_up")
    assert reminder.due_at == at_local_hour(journey.user, sent_on + 5 * DAY)
    assert reminder.user == journey.user


def test_a_request_sent_a_week_ago_gets_its_follow_up_today_not_in_the_past(journey):
    _sent(journey, days_ago=7)
    [reminder] = planned(journey, "feedback_follow_up")
    assert reminder.due_at.date() >= (timezone.now() - DAY).date()


def test_recording_feedback_cancels_the_follow_up(journey):
    _sent(journey)
    services.feedback_record(journey=journey, feedback="They went with an internal candidate.")
    assert planned(journey, "feedback_follow_up") == []
    assert Reminder.objects.filter(kind="feedback_follow_up", state=Reminder.State.CANCELLED).count() == 1


def test_a_perspective_without_feedback_keeps_the_follow_up(journey):
    _sent(journey)
    services.feedback_record(journey=journey, their_perspective="Maybe the budget moved.")
    assert len(planned(journey, "feedback_follow_up")) == 1


def test_skipping_the_feedback_step_cancels_the_follow_up(journey):
    _sent(journey)
    services.step_skip(journey=journey, step=Step.FEEDBACK, reason=SkipReason.NOT_NOW)
    assert planned(journey, "feedback_follow_up") == []


def test_finishing_the_journey_keeps_the_follow_up_that_was_promised(journey):
    sent_on = _sent(journey)
    services.journey_finish(journey=journey, summary="Done.")

    [reminder] = planned(journey, "feedback_follow_up")
    assert reminder.due_at == at_local_hour(journey.user, sent_on + 5 * DAY)
    assert reminder_kinds.feedback_still_awaited(Journey.objects.get(pk=journey.pk))


def test_an_application_back_in_play_ends_the_journeys_emails(journey):
    _sent(journey)
    Journey.objects.filter(pk=journey.pk).update(touched_at=timezone.now() - 4 * DAY)
    nudge = registry.get(reminder_kinds.JOURNEY_NUDGE)
    waiting = Journey.objects.get(pk=journey.pk)
    assert reminder_kinds.feedback_still_awaited(waiting) and nudge.still_relevant(waiting)

    jobhunt.application_move(application=journey.application, to_status="interviewing")

    back_in_play = Journey.objects.get(pk=journey.pk)
    assert not reminder_kinds.feedback_still_awaited(back_in_play)
    assert not nudge.still_relevant(back_in_play)


def test_a_follow_up_whose_reason_went_away_is_no_longer_relevant(journey):
    _sent(journey)
    kind = registry.get("feedback_follow_up")
    assert kind.still_relevant(Journey.objects.get(pk=journey.pk))
    Journey.objects.filter(pk=journey.pk).update(feedback="Arrived by phone")
    assert not kind.still_relevant(Journey.objects.get(pk=journey.pk))


# Reconnect --------------------------------------------------------------------------------------


def test_each_person_to_stay_connected_with_gets_a_reminder_on_their_date(journey, contact):
    day = journey.user.local_today() + 12 * DAY
    row = services.stay_connected_add(journey=journey, contact=contact, reconnect_on=day)
    [reminder] = planned(row, "reconnect")
    assert reminder.due_at == at_local_hour(journey.user, day)


def test_moving_a_reconnect_date_moves_its_reminder(journey, contact):
    today = journey.user.local_today()
    services.stay_connected_add(journey=journey, contact=contact, reconnect_on=today + 10 * DAY)
    row = services.stay_connected_add(journey=journey, contact=contact, reconnect_on=today + 20 * DAY)
    [reminder] = planned(row, "reconnect")
    assert reminder.due_at == at_local_hour(journey.user, today + 20 * DAY)


def test_removing_someone_cancels_their_reconnect_reminder(journey, contact):
    row = services.stay_connected_add(journey=journey, contact=contact)
    services.stay_connected_remove(row=row)
    assert Reminder.objects.get(kind="reconnect").state == Reminder.State.CANCELLED


def test_deleting_the_contact_cancels_the_reconnect_reminder(journey, contact):
    services.stay_connected_add(journey=journey, contact=contact)
    jobhunt.contact_delete(contact=contact)
    assert Reminder.objects.get(kind="reconnect").state == Reminder.State.CANCELLED


def test_finishing_a_journey_keeps_its_reconnect_reminders(journey, contact):
    row = services.stay_connected_add(journey=journey, contact=contact)
    services.journey_finish(journey=journey, summary="Done.")
    assert len(planned(row, "reconnect")) == 1


# Journey nudge ----------------------------------------------------------------------------------


def test_a_new_journey_plans_a_nudge_three_days_on(journey):
    [reminder] = planned(journey, "journey_nudge")
    assert reminder.due_at == at_local_hour(journey.user, journey.user.local_today() + 3 * DAY)


def test_working_on_a_journey_moves_the_nudge_to_three_days_after_that(journey):
    Journey.objects.filter(pk=journey.pk).update(touched_at=timezone.now() - 2 * DAY)
    journey.refresh_from_db()
    schedule.journey_nudge(journey)  # as planned two days ago
    services.lesson_add(journey=journey, text="Keep it short")
    [reminder] = planned(journey, "journey_nudge")
    assert reminder.due_at == at_local_hour(journey.user, journey.user.local_today() + 3 * DAY)
    assert Reminder.objects.filter(kind="journey_nudge", state=Reminder.State.CANCELLED).count() == 1


def test_a_nudge_already_sent_does_not_stop_the_next_one(journey):
    Reminder.objects.filter(kind="journey_nudge").delete()
    Journey.objects.filter(pk=journey.pk).update(touched_at=timezone.now() - 5 * DAY)
    journey.refresh_from_db()
    schedule.journey_nudge(journey)
    Reminder.objects.filter(kind="journey_nudge").update(state=Reminder.State.SENT)
    services.lesson_add(journey=journey, text="Keep it short")
    [reminder] = planned(journey, "journey_nudge")
    assert reminder.due_at == at_local_hour(journey.user, journey.user.local_today() + 3 * DAY)


def test_finishing_a_journey_cancels_its_nudge(journey):
    services.journey_finish(journey=journey, summary="Done.")
    assert planned(journey, "journey_nudge") == []


def test_a_nudge_is_relevant_only_when_the_journey_sat_untouched_for_three_days(journey):
    kind = registry.get("journey_nudge")
    assert not kind.still_relevant(journey)
    Journey.objects.filter(pk=journey.pk).update(touched_at=timezone.now() - 3 * DAY)
    assert kind.still_relevant(Journey.objects.get(pk=journey.pk))


def test_deleting_a_journey_cancels_its_reminders(journey):
    _sent(journey)
    journey.delete()
    assert not Reminder.objects.filter(kind__in=["journey_nudge", "feedback_follow_up"], state="scheduled").exists()


# Weekly plan digest -----------------------------------------------------------------------------


def test_a_journey_in_progress_plans_the_digest_on_the_persons_plan_day(journey):
    user = journey.user
    [reminder] = planned(user, "weekly_plan_digest")
    local = timezone.localtime(reminder.due_at, user.tzinfo)
    assert local.weekday() == user.weekly_plan_day
    assert local.hour == user.reminder_hour
    assert reminder.due_at > timezone.now()
    assert reminder.due_at - timezone.now() <= datetime.timedelta(days=7)


def test_changing_the_plan_day_replaces_the_planned_digest(journey):
    user = journey.user
    user.weekly_plan_day = (user.weekly_plan_day + 3) % 7
    user.save()
    schedule.weekly_digest(user)
    [reminder] = planned(user, "weekly_plan_digest")
    assert timezone.localtime(reminder.due_at, user.tzinfo).weekday() == user.weekly_plan_day


def test_nobody_with_nothing_in_progress_gets_a_digest(user):
    assert services.weekly_digests_schedule() == 0
    assert not Reminder.objects.filter(kind="weekly_plan_digest").exists()


def test_the_daily_task_plans_next_weeks_digest_once_however_often_it_runs(journey):
    user = journey.user
    Reminder.objects.filter(kind="weekly_plan_digest").delete()
    later = timezone.now() + 8 * DAY  # a week on, this week's digest is past
    assert services.weekly_digests_schedule(now=later) == 1
    services.weekly_digests_schedule(now=later)
    [reminder] = planned(user, "weekly_plan_digest")
    assert later < reminder.due_at <= later + 7 * DAY


def test_a_plan_alone_keeps_the_digest_coming(user):
    services.plan_save(user=user, applications_target=2, conversations_target=1, practice_target=1)
    assert len(planned(user, "weekly_plan_digest")) == 1
    assert registry.get("weekly_plan_digest").still_relevant(user)
    assert not registry.get("weekly_plan_digest").still_relevant(UserFactory())


def test_the_task_runs_the_service(journey):
    from recovery.tasks import schedule_weekly_digests

    Reminder.objects.filter(kind="weekly_plan_digest").delete()
    assert schedule_weekly_digests.apply().get() == 1
    assert len(planned(journey.user, "weekly_plan_digest")) == 1


# The emails -------------------------------------------------------------------------------------


def _email(reminder):
    kind = registry.get(reminder.kind)
    message = emails.build(reminder, kind, reminder.about)
    return message.subject, message.body, message.alternatives[0][0]


def test_the_feedback_follow_up_email_names_the_company_and_links_to_step_one(journey):
    _sent(journey)
    subject, text, html = _email(planned(journey, "feedback_follow_up")[0])
    assert "Fernhill Robotics" in subject
    url = f"/recovery/journeys/{journey.pk}/step/feedback/"
    assert url in text and url in html
    assert "friendly nudge" in text


def test_the_ghosted_follow_up_email_says_to_let_it_go(application):
    journey = reject(application, "ghosted")
    _sent(journey)
    subject, text, _html = _email(planned(journey, "feedback_follow_up")[0])
    assert "done your part" in subject
    assert "let this one go" in text


def test_the_reconnect_email_names_the_person(journey, contact):
    row = services.stay_connected_add(journey=journey, contact=contact)
    subject, text, html = _email(planned(row, "reconnect")[0])
    assert subject == "Time to catch up with Maya Lindqvist from Fernhill Robotics"
    assert "maya@fernhill.example" in text
    assert f"/recovery/journeys/{journey.pk}/step/clear-your-head/#stay-connected" in html


def test_the_nudge_email_points_at_the_step_to_resume(journey):
    services.step_complete(journey=journey, step=Step.FEEDBACK)
    subject, text, _html = _email(planned(journey, "journey_nudge")[0])
    assert "next up, clear your head" in subject
    assert f"/recovery/journeys/{journey.pk}/step/clear-your-head/" in text


def test_the_digest_email_shows_the_plan_and_the_journeys(journey):
    user = journey.user
    services.plan_save(user=user, applications_target=4, conversations_target=2, practice_target=1)
    subject, text, html = _email(planned(user, "weekly_plan_digest")[0])
    assert subject.startswith("Your game plan for the week of")
    assert "Networking conversations: 0 of 2" in text
    assert "Backend Engineer at Fernhill Robotics" in html
    assert "/recovery/week/" in text


def test_every_kind_is_declared_with_its_template():
    for name in (
        reminder_kinds.FEEDBACK_FOLLOW_UP,
        reminder_kinds.RECONNECT,
        reminder_kinds.JOURNEY_NUDGE,
        reminder_kinds.WEEKLY_PLAN_DIGEST,
    ):
        assert registry.get(name).template == f"emails/recovery/{name}"


def test_the_dispatcher_sends_every_recovery_email_once(journey, contact, mailoutbox):
    from reminders import dispatch
    from tests.reminders.conftest import zone_where_it_is

    user = journey.user
    user.time_zone = zone_where_it_is(13)  # daytime for them: nothing goes out at night
    user.save()
    _sent(journey)
    services.stay_connected_add(journey=journey, contact=contact)
    services.plan_save(user=user, applications_target=3, conversations_target=2, practice_target=1)
    Journey.objects.filter(pk=journey.pk).update(touched_at=timezone.now() - 4 * DAY)
    kinds = ["feedback_follow_up", "reconnect", "journey_nudge", "weekly_plan_digest"]
    Reminder.objects.filter(kind__in=kinds, state="scheduled").update(
        due_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    dispatch.run_pass()
    dispatch.run_pass()
    # All four in the day's one email (the default), each once.
    [message] = mailoutbox
    assert sorted(message.extra_headers["X-Rebound-Reminder"].split(", ")) == sorted(kinds)
    assert Reminder.objects.filter(kind__in=kinds, state="sent").count() == 4
    assert message.to == [user.email]
