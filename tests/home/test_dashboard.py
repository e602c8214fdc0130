"""The dashboard: what needs the person today, from every app, in a fixed number of queries."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jobhunt import services as jobhunt
from jobhunt.models import Interview, Status
from recovery import services as recovery
from recovery.models import HabitCheckIn, Journey, MoodCheckIn
from recovery.services.journeys import touch
from recovery.steps import Step
from tests.factories import ApplicationFactory, CompanyFactory, InterviewFactory
from tests.jobhunt.conftest import bulk_pipeline

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("home:dashboard")
# Session and user (2); the pipeline's counts with this week's applications, its follow-up and
# silent rows, the week's interviews (3); the pace guard's replies and rejections, and the active
# days for its good run (2); the steps of the journeys in progress (1); the latest mood check-ins,
# the habit days (2); this week's plan (1); the mailbox with the suggestions waiting (1). With no
# journey in progress, the "before the first no" card asks one more (tests/recovery/test_reflection_views.py).
DASHBOARD_QUERIES = 12


def _html(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def test_today_lists_follow_ups_silences_the_weeks_interviews_and_the_journey_to_continue(signed_in, user):
    company = CompanyFactory(user=user, name="Brightwater")
    now = timezone.now()
    ApplicationFactory(user=user, company=company, role_title="Nudge me", when=now - datetime.timedelta(days=10))
    ApplicationFactory(user=user, company=company, role_title="Quiet one", when=now - datetime.timedelta(days=40))
    talking = ApplicationFactory(user=user, company=company, role_title="Talking", status="interviewing")
    InterviewFactory(application=talking, kind=Interview.Kind.TECHNICAL, scheduled_at=now + datetime.timedelta(days=2))
    InterviewFactory(application=talking, kind=Interview.Kind.FINAL, scheduled_at=now + datetime.timedelta(days=9))
    turned_down = ApplicationFactory(user=user, company=company, role_title="Data Engineer")
    jobhunt.application_move(application=turned_down, to_status=Status.REJECTED)

    response = signed_in.get(DASHBOARD)
    html = response.content.decode()

    pipeline = response.context["pipeline"]
    assert [a.role_title for a in pipeline.follow_ups] == ["Nudge me"]
    assert [a.role_title for a in pipeline.gone_silent] == ["Quiet one"]
    assert [i.kind for i in pipeline.interviews] == [Interview.Kind.TECHNICAL]  # the final is next week
    assert "Technical</a>" in html and "Coming up" in html and "Final</a>" not in html
    # Nobody was in touch: an automated rejection, whose walkthrough starts at step 2.
    assert "Start: clear your head" in html and "after Data Engineer at Brightwater" in html
    assert 'action="{}"'.format(reverse("jobhunt:application_quick_add")) in html


def test_a_new_account_gets_a_first_run_panel_instead_of_empty_figures(signed_in):
    html = _html(signed_in)

    assert "Your search starts here." in html and "Getting started" in html
    for name in ("jobhunt:application_create", "jobhunt:transfer", "jobhunt:email_read"):
        assert f'href="{reverse(name)}"' in html
    assert "Gone silent" not in html and "Interviews this week" not in html and "Worth a nudge" not in html


def test_the_check_in_row_takes_a_mood_and_ticks_habits_one_at_a_time(signed_in, user):
    html = _html(signed_in)
    assert 'name="mood-mood" value="4"' in html

    signed_in.post(reverse("recovery:mood_check_in"), {"mood-mood": "4", "next": DASHBOARD})
    signed_in.post(reverse("recovery:habit_mark"), {"habit": "active", "next": DASHBOARD})
    response = signed_in.post(reverse("recovery:habit_mark"), {"habit": "slept_well", "next": DASHBOARD}, follow=True)

    today = HabitCheckIn.objects.get(user=user, day=user.local_today())
    assert (today.active, today.ate_well, today.slept_well, today.rest_day) == (True, False, True, False)
    assert MoodCheckIn.objects.get(user=user).mood == 4
    html = response.content.decode()
    assert "Slept well: noted." in html
    assert "Mood 4 of 5" in html and 'name="mood-mood"' not in html
    assert 'name="untick" value="active"' in html and 'name="habit" value="ate_well"' in html

    signed_in.post(reverse("recovery:habit_mark"), {"untick": "active", "next": DASHBOARD})
    today.refresh_from_db()
    assert (today.active, today.slept_well) == (False, True)


def test_an_unknown_habit_is_refused_with_a_message(signed_in, user):
    response = signed_in.post(reverse("recovery:habit_mark"), {"habit": "juggling"}, follow=True)

    assert "pick one of the habits" in response.content.decode()
    assert not HabitCheckIn.objects.filter(user=user).exists()


def test_the_week_shows_in_one_line_with_its_targets(signed_in, user):
    recovery.plan_save(user=user, applications_target=4, conversations_target=2, practice_target=1)
    ApplicationFactory(user=user)

    text = " ".join(re.sub(r"<[^>]+>", " ", _html(signed_in)).split())

    targets = "Applications 1 of 4 · Networking conversations 0 of 2 · Volunteering or skills practice 0 of 1"
    assert f"This week {targets}" in text


def test_low_moods_three_times_running_bring_gentle_support(signed_in, user):
    for _ in range(3):
        recovery.mood_check_in(user=user, mood=2)

    assert "Your last few check-ins have been low." in _html(signed_in)


def test_the_persons_text_is_escaped(signed_in, user):
    ApplicationFactory(
        user=user, role_title="<script>alert(1)</script>", when=timezone.now() - datetime.timedelta(days=10)
    )
    html = _html(signed_in)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("size", [5, 500])
def test_the_dashboard_runs_the_same_queries_at_any_size(signed_in, user, django_assert_num_queries, size):
    bulk_pipeline(user, size)
    jobhunt.application_move(application=ApplicationFactory(user=user), to_status=Status.REJECTED)
    recovery.mood_check_in(user=user, mood=3)

    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert signed_in.get(DASHBOARD).status_code == 200


def test_a_stranger_is_asked_to_log_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_after_a_good_run_then_two_quiet_days_today_offers_one_small_step(signed_in, user):
    today = user.local_today()
    for ago in (3, 4, 6):
        ApplicationFactory(user=user, status=Status.APPLIED, date_applied=today - datetime.timedelta(days=ago))

    page = _html(signed_in)

    assert "3 good days of searching last week, then a quieter couple" in page
    assert f'href="{reverse("recovery:week")}">decide what tomorrow' in page

    ApplicationFactory(user=user, status=Status.APPLIED, date_applied=today)  # a new day of activity
    assert "good days of searching" not in _html(signed_in)


def test_the_good_run_note_waits_while_quiet_mode_is_on_and_fades_with_time(signed_in, user):
    today = user.local_today()
    for ago in (3, 4, 6):
        ApplicationFactory(user=user, status=Status.APPLIED, date_applied=today - datetime.timedelta(days=ago))
    user.reminders_paused_until = today + datetime.timedelta(days=2)
    user.save()

    assert "good days of searching" not in _html(signed_in)

    user.reminders_paused_until = None
    user.save()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert "good days of searching" not in _html(signed_in)


def _rejected(user, role):
    application = ApplicationFactory(user=user, company__name=f"Fernhill {role}", role_title=role)
    jobhunt.application_move(application=application, to_status=Status.REJECTED)
    return Journey.objects.get(application=application)


INVITATION = "Fifteen minutes of writing today?"


def test_a_begun_walkthrough_invites_a_writing_session_on_up_to_three_separate_days(signed_in, user):
    journey = _rejected(user, "Data Engineer")
    assert INVITATION not in _html(signed_in)  # not before they have started the walkthrough

    touch(journey)
    page = _html(signed_in)
    step_two = reverse("recovery:journey_step", args=[journey.pk, Step.CLEAR_HEAD])
    assert INVITATION in page and f'href="{step_two}?open=writing#writing"' in page

    recovery.writing_save(journey=journey, text="It stung.")
    assert INVITATION not in _html(signed_in)  # once a day at most

    for days in (1, 2):
        with time_machine.travel(timezone.now() + datetime.timedelta(days=days)):
            assert INVITATION in _html(signed_in)
            recovery.writing_save(journey=journey, text="A little lighter.")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        assert INVITATION not in _html(signed_in)  # three days written: the space stays, the asking stops


def test_only_one_walkthrough_invites_writing_at_a_time_and_a_finished_one_none(signed_in, user):
    first, second = _rejected(user, "Data Engineer"), _rejected(user, "Platform Engineer")
    touch(first)
    touch(second)

    assert _html(signed_in).count(INVITATION) == 1

    for journey in (first, second):
        Journey.objects.filter(pk=journey.pk).update(finished_at=timezone.now())
    assert INVITATION not in _html(signed_in)
