import datetime
import html

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from jobhunt.models import Status
from recovery import drafts, services
from recovery.models import Journey, Lesson, MoodCheckIn, StayConnected, WeeklyPlan
from recovery.steps import Step, StepState
from tests.factories import ApplicationFactory, ContactFactory
from tests.recovery.conftest import reject

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
STEPS = [step.value for step in Step]


def _url(name, *args):
    return reverse(f"recovery:{name}", args=args)


def _step_url(journey, step):
    return _url("journey_step", journey.pk, step)


def _fresh(journey):
    return Journey.objects.get(pk=journey.pk)


def _errors(response, form):
    return response.context["forms"][form].errors


# Pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("step", STEPS)
def test_every_step_page_shows_the_progress_with_the_current_step_marked(signed_in, journey, step):
    response = signed_in.get(_step_url(journey, step))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('aria-current="step"') == 1
    assert html.count("<h1") == 1
    current = html.split('aria-current="step"')[1][:400]
    assert Step(step).label in current or "Follow up once" in current


def test_resuming_a_journey_opens_the_first_step_left_to_do(signed_in, journey):
    services.step_complete(journey=journey, step=Step.FEEDBACK)
    response = signed_in.get(_url("journey_resume", journey.pk))
    assert response.status_code == 302
    assert response.url == _step_url(journey, "clear-your-head")


def test_resuming_a_finished_journey_opens_its_summary(signed_in, journey):
    services.journey_finish(journey=journey, summary="Ask for the scorecard.")
    response = signed_in.get(_url("journey_resume", journey.pk), follow=True)
    assert response.redirect_chain[-1][0] == _url("journey_summary", journey.pk)
    assert "Ask for the scorecard." in response.content.decode()


def test_the_journey_list_separates_in_progress_from_finished(signed_in, user, journey):
    other = reject(ApplicationFactory(user=user, role_title="Data Engineer", company__user=user))
    services.journey_finish(journey=other, summary="Done")
    response = signed_in.get(_url("journey_list"))
    assert [j.pk for j in response.context["in_progress"]] == [journey.pk]
    assert [j.pk for j in response.context["finished"]] == [other.pk]


def test_the_feedback_step_drafts_a_request_to_the_person_met(signed_in, journey):
    html = signed_in.get(_step_url(journey, "feedback")).content.decode()
    assert "Hi Maya," in html
    assert 'data-copy-target="#id_request-message"' in html
    assert 'href="mailto:maya@fernhill.example?subject=' in html


def test_an_automated_rejection_says_there_is_nothing_to_ask_and_shows_no_request(signed_in, user):
    journey = reject(ApplicationFactory(user=user))
    html = signed_in.get(_step_url(journey, "feedback")).content.decode()
    assert "Nothing to ask here" in html
    assert "id_request-message" not in html


def test_a_near_miss_says_it_stings_more(signed_in, journey):
    services.journey_set_ending(journey=journey, ending="near_miss")
    html = signed_in.get(_step_url(journey, "feedback")).content.decode()
    assert "stings more" in html
    assert "what tipped it" in html  # the draft leans on feedback


def test_a_ghosted_journey_offers_one_follow_up_and_a_lighter_second_step(signed_in, application):
    journey = reject(application, Status.GHOSTED)
    html = signed_in.get(_step_url(journey, "feedback")).content.decode()
    assert "Send one follow-up" in html
    assert "still open" in html
    clear = signed_in.get(_step_url(journey, "clear-your-head")).content.decode()
    assert "lighter" in clear
    assert "id_lesson-text" not in clear


def test_user_text_is_escaped_everywhere(signed_in, journey):
    services.lesson_add(journey=journey, text="<script>alert(1)</script>")
    services.mood_check_in(user=journey.user, mood=3, note="<img src=x onerror=alert(1)>", journey=journey)
    for step in ("clear-your-head", "stay-positive"):
        html = signed_in.get(_step_url(journey, step)).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
    summary = signed_in.get(_url("journey_summary", journey.pk)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary


def test_the_mood_chart_is_an_accessible_image_with_a_table(signed_in, journey):
    services.mood_check_in(user=journey.user, mood=2, note="flat")
    services.mood_check_in(user=journey.user, mood=4, note="better")
    html = signed_in.get(_step_url(journey, "stay-positive")).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and 'aria-label="Last 28 days: 2 check-ins, average 3.0 out of 5' in svg
    assert "flat" not in svg and "better" not in svg
    assert "<table" in html[html.index("</svg>") :]


def test_extra_support_appears_after_three_low_check_ins(signed_in, journey):
    for mood in (2, 1, 2):
        services.mood_check_in(user=journey.user, mood=mood)
    assert "last few check-ins have been low" in signed_in.get(_step_url(journey, "stay-positive")).content.decode()


# Walking through ---------------------------------------------------------------------------------


def test_next_completes_the_step_and_opens_the_following_one(signed_in, journey):
    response = signed_in.post(_url("step_complete", journey.pk, "feedback"))
    assert response.url == _step_url(journey, "clear-your-head")
    assert _fresh(journey).step_states[Step.FEEDBACK].state == StepState.DONE


def test_skipping_feedback_with_a_reason_moves_on(signed_in, journey):
    response = signed_in.post(_url("step_skip", journey.pk, "feedback"), {"skip-reason": "nobody_to_ask"})
    assert response.url == _step_url(journey, "clear-your-head")
    assert _fresh(journey).step_states[Step.FEEDBACK].skip_reason == "nobody_to_ask"


def test_skipping_another_step_is_refused_on_the_form(signed_in, journey):
    response = signed_in.post(_url("step_skip", journey.pk, "stay-positive"), {"skip-reason": "not_now"})
    assert response.status_code == 200
    assert _errors(response, "skip")["__all__"]
    assert _fresh(journey).step_states[Step.STAY_POSITIVE].state == StepState.PENDING


def test_asking_after_all_brings_back_the_follow_up_reminder(signed_in, journey):
    from tests.recovery.conftest import planned

    services.feedback_request_sent(journey=journey, message="Hi", sent_on=journey.user.local_today())
    signed_in.post(_url("step_skip", journey.pk, "feedback"), {"skip-reason": "not_now"})
    assert planned(journey, "feedback_follow_up") == []
    signed_in.post(_url("step_reopen", journey.pk, "feedback"))
    assert _fresh(journey).step_states[Step.FEEDBACK].state == StepState.PENDING
    assert len(planned(journey, "feedback_follow_up")) == 1


def test_the_request_can_be_marked_sent_with_the_edited_message(signed_in, journey, contact):
    today = journey.user.local_today()
    response = signed_in.post(
        _url("request_sent", journey.pk),
        {"request-contact": contact.pk, "request-message": "My own words", "request-sent_on": today.isoformat()},
    )
    assert response.status_code == 302
    journey = _fresh(journey)
    assert (journey.request_message, journey.request_sent_on, journey.ask_contact) == ("My own words", today, contact)


def test_feedback_factors_and_perspective_are_saved(signed_in, journey):
    signed_in.post(
        _url("feedback_record", journey.pk),
        {
            "feedback-feedback": "Great chat; another candidate had more Go.",
            "feedback-their_perspective": "They were short on time.",
            "feedback-deciding_factors": ["edged_out", "skills_gap"],
        },
    )
    journey = _fresh(journey)
    assert journey.deciding_factors == ["skills_gap", "edged_out"]
    assert journey.their_perspective == "They were short on time."


def test_an_improvement_action_added_in_step_one_shows_in_step_four_and_can_be_ticked_off(signed_in, journey):
    signed_in.post(_url("action_add", journey.pk, "feedback"), {"action-title": "Practise Go katas"})
    action = journey.actions.get()
    assert "Practise Go katas" in signed_in.get(_step_url(journey, "game-plan")).content.decode()
    response = signed_in.post(_url("action_done", journey.pk, "game-plan", action.pk), {"done": "1"})
    assert response.url == _step_url(journey, "game-plan") + "#actions"
    action.refresh_from_db()
    assert action.is_done


def test_a_fourth_lesson_shows_the_friendly_cap_as_a_form_error(signed_in, journey):
    for text in ("One", "Two", "Three"):
        signed_in.post(_url("lesson_add", journey.pk), {"lesson-text": text})
    response = signed_in.post(_url("lesson_add", journey.pk), {"lesson-text": "Four"})
    assert response.status_code == 200
    assert "on purpose" in str(_errors(response, "lesson"))
    assert "on purpose" in response.content.decode()
    assert journey.lessons.count() == 3


def test_clear_your_head_actions_each_save(signed_in, journey, contact):
    signed_in.post(_url("what_if_add", journey.pk), {"whatif-text": "What if I had said yes to the take-home?"})
    what_if = journey.what_ifs.get()
    signed_in.post(_url("what_if_release", journey.pk, what_if.pk))
    signed_in.post(_url("reset_done", journey.pk), {"reset-activity": "walk"})
    signed_in.post(
        _url("connect_add", journey.pk),
        {"connect-contact": contact.pk, "connect-reconnect_on": (journey.user.local_today() + 30 * DAY).isoformat()},
    )
    signed_in.post(_url("chapter_close", journey.pk))
    journey = _fresh(journey)
    what_if.refresh_from_db()
    assert what_if.is_released
    assert journey.reset_activity == "walk" and journey.reset_done_on
    assert journey.stay_connected.get().contact == contact
    assert journey.chapter_closed_on


def test_removing_a_lesson_and_a_person_kept(signed_in, journey, contact):
    lesson = services.lesson_add(journey=journey, text="One")
    row = services.stay_connected_add(journey=journey, contact=contact)
    signed_in.post(_url("lesson_remove", journey.pk, lesson.pk))
    signed_in.post(_url("connect_remove", journey.pk, row.pk))
    assert not Lesson.objects.exists() and not StayConnected.objects.exists()


def test_mood_and_wins_from_step_three(signed_in, journey):
    response = signed_in.post(_url("journey_mood", journey.pk), {"mood-mood": "4", "mood-note": "Better"})
    assert response.url == _step_url(journey, "stay-positive") + "#mood"
    assert MoodCheckIn.objects.get().journey == _fresh(journey)
    signed_in.post(
        _url("win_add", journey.pk), {"win-text": "Got a referral", "win-happened_on": journey.user.local_today()}
    )
    assert journey.wins.get().text == "Got a referral"


def test_plan_habits_and_finishing_from_step_four(signed_in, journey, contact):
    signed_in.post(
        _url("journey_plan", journey.pk),
        {
            "plan-applications_target": "4",
            "plan-conversations_target": "2",
            "plan-practice_target": "1",
            "plan-contacts": [contact.pk],
        },
    )
    plan = WeeklyPlan.objects.get()
    assert list(plan.contacts.all()) == [contact]
    page = signed_in.get(_url("journey_step", journey.pk, "game-plan")).content.decode()
    assert f'action="{_url("habit_mark")}"' in page and 'name="habit" value="active"' in page
    signed_in.post(_url("habit_mark"), {"day": journey.user.local_today().isoformat(), "habit": "active"})
    assert journey.user.habit_check_ins.get().active
    response = signed_in.post(_url("journey_finish", journey.pk), {"finish-summary": "Lead with impact."})
    assert response.url == _url("journey_summary", journey.pk)
    assert _fresh(journey).is_finished


def test_changing_the_ending_from_a_step_page(signed_in, journey):
    response = signed_in.post(_url("journey_ending", journey.pk, "feedback"), {"ending-ending": "near_miss"})
    assert response.status_code == 302
    assert _fresh(journey).ending == "near_miss"


# Starting from other pages ----------------------------------------------------------------------


def test_i_was_turned_down_rejects_the_application_and_opens_its_journey(signed_in, application):
    response = signed_in.post(_url("turned_down", application.pk))
    journey = Journey.objects.get(application=application)
    assert response.url == journey.get_absolute_url()
    application.refresh_from_db()
    assert application.status == Status.REJECTED


def test_i_was_turned_down_on_an_accepted_offer_explains_and_goes_back(signed_in, application):
    from jobhunt import services as jobhunt

    jobhunt.application_move(application=application, to_status=Status.ACCEPTED)
    response = signed_in.post(_url("turned_down", application.pk))
    assert response.url == application.get_absolute_url()
    assert "ended another way" in [str(m) for m in get_messages(response.wsgi_request)][0]
    assert not Journey.objects.exists()


def test_the_application_page_offers_the_button_then_the_way_back_in(signed_in, application):
    page = reverse("jobhunt:application_detail", args=[application.pk])
    assert "I was turned down" in signed_in.get(page).content.decode()
    signed_in.post(_url("turned_down", application.pk))
    assert "Start the walkthrough" in signed_in.get(page).content.decode()  # nothing done in it yet

    journey = Journey.objects.get(application=application)
    signed_in.post(_url("lesson_add", journey.pk), {"lesson-text": "Ask about the team early"})
    assert "Continue your walkthrough" in signed_in.get(page).content.decode()


def test_every_action_on_a_step_answers_with_a_short_confirmation(signed_in, journey):
    contact = journey.application.contacts.get()
    said = {
        "what_if_add": (_url("what_if_add", journey.pk), {"whatif-text": "What if I had asked?"}),
        "action_add": (_url("action_add", journey.pk, "game-plan"), {"action-title": "Mock interviews"}),
        "connect_add": (
            _url("connect_add", journey.pk),
            {"connect-contact": contact.pk, "connect-reconnect_on": journey.user.local_today().isoformat()},
        ),
        "step_complete": (_url("step_complete", journey.pk, "clear-your-head"), {}),
    }
    for name, (url, data) in said.items():
        response = signed_in.post(url, data, follow=True)
        assert [str(m) for m in response.context["messages"]], name
    action = journey.actions.get()
    done = signed_in.post(_url("action_done", journey.pk, "game-plan", action.pk), {"done": "1"}, follow=True)
    undone = signed_in.post(_url("action_done", journey.pk, "game-plan", action.pk), {"done": "0"}, follow=True)
    assert [str(m) for m in done.context["messages"]] == ["Done. Nice work."]
    assert [str(m) for m in undone.context["messages"]] == ["Back on your list."]


def test_logging_a_rejection_starts_its_walkthrough(signed_in, user):
    response = signed_in.post(
        _url("log_rejection"),
        {"log-company_name": "Northwind", "log-role_title": "Analyst", "log-stage": "interviewing", "log-note": ""},
    )
    journey = Journey.objects.get()
    assert response.url == journey.get_absolute_url()
    assert journey.ending == "after_interviews"


def test_the_dashboard_mood_check_in_goes_back_to_the_dashboard(signed_in, user):
    dashboard = reverse("home:dashboard")
    response = signed_in.post(_url("mood_check_in"), {"mood-mood": "2", "next": dashboard})
    assert response.url == dashboard
    assert MoodCheckIn.objects.get(user=user).mood == 2


def test_the_mood_check_in_never_redirects_off_site(signed_in):
    response = signed_in.post(_url("mood_check_in"), {"mood-mood": "3", "next": "https://evil.example/"})
    assert response.url == reverse("home:dashboard")


def test_the_week_page_logs_progress_and_people_reached(signed_in, user, contact):
    services.plan_save(user=user, applications_target=1, conversations_target=2, practice_target=1, contacts=[contact])
    week = _url("week")
    response = signed_in.post(_url("week_log"), {"what": "conversations", "change": "1", "next": week + "#plan"})
    assert response.url == week + "#plan"
    assert WeeklyPlan.objects.get().conversations_done == 1
    signed_in.post(_url("contact_reached", contact.pk), {"next": week})
    contact.refresh_from_db()
    assert contact.last_contacted == user.local_today()
    assert "Reached" in signed_in.get(week).content.decode()


def test_logging_progress_without_a_plan_explains_what_to_do(signed_in):
    response = signed_in.post(_url("week_log"), {"what": "conversations"})
    assert response.status_code == 302
    assert "plan first" in [str(m) for m in get_messages(response.wsgi_request)][0]


@pytest.mark.parametrize("data", [{"what": "naps"}, {"what": "practice", "change": "many"}])
def test_logging_nonsense_progress_is_refused_without_an_error_page(signed_in, user, data):
    services.plan_save(user=user, applications_target=1, conversations_target=1, practice_target=1)
    response = signed_in.post(_url("week_log"), data)
    assert response.status_code == 302
    assert WeeklyPlan.objects.get().practice_done == 0


# Bad input: field errors, never a 500 -----------------------------------------------------------


def _future(user):
    return (user.local_today() + 2 * DAY).isoformat()


BAD_JOURNEY_INPUT = [
    ("request_sent", (), {"request-message": "", "request-sent_on": "soon"}, "request", ["message", "sent_on"]),
    ("request_sent", (), {"request-message": "Hi", "request-sent_on": "FUTURE"}, "request", ["sent_on"]),
    ("request_sent", (), {"request-message": "x" * 5001, "request-sent_on": "2020-01-01"}, "request", ["message"]),
    ("feedback_record", (), {"feedback-deciding_factors": ["astrology"]}, "feedback", ["deciding_factors"]),
    ("feedback_record", (), {"feedback-received_on": "31/02/2026"}, "feedback", ["received_on"]),
    ("action_add", ("feedback",), {"action-title": "x" * 201}, "action", ["title"]),
    ("action_add", ("game-plan",), {"action-title": "Go", "action-due_on": "tomorrow"}, "action", ["due_on"]),
    ("lesson_add", (), {"lesson-text": "   "}, "lesson", ["text"]),
    ("what_if_add", (), {"whatif-text": "x" * 501}, "whatif", ["text"]),
    ("reset_done", (), {"reset-activity": "own", "reset-other": ""}, "reset", ["other"]),
    ("reset_done", (), {"reset-activity": "skydiving"}, "reset", ["activity"]),
    ("connect_add", (), {"connect-reconnect_on": "2020-01-01"}, "connect", ["reconnect_on", "name"]),
    (
        "connect_add",
        (),
        {"connect-name": "Ola", "connect-email": "not-an-email", "connect-reconnect_on": ""},
        "connect",
        ["email", "reconnect_on"],
    ),  # noqa: E501
    ("journey_mood", (), {"mood-mood": "7"}, "mood", ["mood"]),
    ("win_add", (), {"win-text": "Offer!", "win-happened_on": "FUTURE"}, "win", ["happened_on"]),
    (
        "journey_plan",
        (),
        {"plan-applications_target": "51", "plan-conversations_target": "-1", "plan-practice_target": "x"},
        "plan",
        ["applications_target", "conversations_target", "practice_target"],
    ),  # noqa: E501
    ("journey_finish", (), {"finish-summary": ""}, "finish", ["summary"]),
    ("journey_finish", (), {"finish-summary": "x" * 2001}, "finish", ["summary"]),
]


@pytest.mark.parametrize(("name", "extra", "data", "form", "fields"), BAD_JOURNEY_INPUT)
def test_bad_input_on_a_step_shows_field_errors(signed_in, journey, name, extra, data, form, fields):
    data = {key: (_future(journey.user) if value == "FUTURE" else value) for key, value in data.items()}
    before = (_fresh(journey).__dict__.copy(), journey.lessons.count(), journey.actions.count())
    response = signed_in.post(_url(name, journey.pk, *extra), data)
    assert response.status_code == 200
    assert sorted(_errors(response, form)) == sorted(fields)
    assert "is-invalid" in response.content.decode()
    after = _fresh(journey).__dict__
    assert {k: v for k, v in after.items() if k not in ("_state", "touched_at")} == {
        k: v for k, v in before[0].items() if k not in ("_state", "touched_at")
    }
    assert (journey.lessons.count(), journey.actions.count()) == before[1:]


def test_an_unknown_ending_is_a_field_error(signed_in, journey):
    response = signed_in.post(_url("journey_ending", journey.pk, "feedback"), {"ending-ending": "meteor"})
    assert response.status_code == 200
    assert "ending" in response.context["forms"]["ending"].errors
    assert _fresh(journey).ending == journey.ending


def test_an_unknown_skip_reason_is_a_field_error(signed_in, journey):
    response = signed_in.post(_url("step_skip", journey.pk, "feedback"), {"skip-reason": "bored"})
    assert "reason" in _errors(response, "skip")


def test_someone_elses_contact_in_a_choice_field_is_a_field_error(signed_in, journey, other_user):
    theirs = ContactFactory(user=other_user)
    tomorrow = (journey.user.local_today() + DAY).isoformat()
    response = signed_in.post(
        _url("connect_add", journey.pk), {"connect-contact": theirs.pk, "connect-reconnect_on": tomorrow}
    )
    assert "contact" in _errors(response, "connect")
    response = signed_in.post(
        _url("request_sent", journey.pk),
        {"request-contact": theirs.pk, "request-message": "Hi", "request-sent_on": "2020-01-01"},
    )
    assert "contact" in _errors(response, "request")
    response = signed_in.post(
        _url("week_plan"),
        {
            "plan-applications_target": "1",
            "plan-conversations_target": "1",
            "plan-practice_target": "1",
            "plan-contacts": [theirs.pk],
        },
    )
    assert "contacts" in response.context["forms"]["plan"].errors
    assert not WeeklyPlan.objects.exists()


def test_a_contact_picked_and_a_new_name_together_is_a_field_error(signed_in, journey, contact):
    tomorrow = (journey.user.local_today() + DAY).isoformat()
    response = signed_in.post(
        _url("connect_add", journey.pk),
        {"connect-contact": contact.pk, "connect-name": "Someone", "connect-reconnect_on": tomorrow},
    )
    assert "name" in _errors(response, "connect")


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"log-company_name": "", "log-role_title": "", "log-stage": "applied"}, ["company_name", "role_title"]),
        ({"log-company_name": "A", "log-role_title": "B", "log-stage": "rejected"}, ["stage"]),
        ({"log-company_name": "A" * 201, "log-role_title": "B", "log-stage": "applied"}, ["company_name"]),
    ],
)
def test_bad_input_when_logging_a_rejection_shows_field_errors(signed_in, data, fields):
    response = signed_in.post(_url("log_rejection"), data)
    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == fields
    assert not Journey.objects.exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("yesterday-ish", "the day wasn't one Rebound could read"),
        ("2001-01-01", "check-ins go back 7 days at most"),
        ("2999-01-01", "that day hasn't happened yet"),
    ],
)
def test_a_habit_for_a_day_out_of_reach_is_refused_with_a_message(signed_in, user, day, message):
    response = signed_in.post(_url("habit_mark"), {"day": day, "habit": "active"}, follow=True)
    assert message in html.unescape(response.content.decode())
    assert not user.habit_check_ins.exists()


def test_ticking_one_habit_of_an_earlier_day_keeps_the_others_of_that_day(signed_in, user):
    yesterday = user.local_today() - datetime.timedelta(days=1)
    services.habit_check_in(user=user, day=yesterday, slept_well=True)

    signed_in.post(_url("habit_mark"), {"day": yesterday.isoformat(), "habit": "active"})

    check_in = user.habit_check_ins.get(day=yesterday)
    assert (check_in.active, check_in.slept_well, check_in.ate_well) == (True, True, False)


def test_a_bad_mood_from_the_dashboard_shows_the_form_again(signed_in):
    response = signed_in.post(_url("mood_check_in"), {"mood-mood": "0", "mood-note": "x" * 501})
    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["mood", "note"]
    assert not MoodCheckIn.objects.exists()


def test_an_unknown_step_is_a_404(signed_in, journey):
    assert signed_in.get(f"/recovery/journeys/{journey.pk}/step/daydream/").status_code == 404


def test_pages_that_only_change_things_refuse_a_get(signed_in, journey):
    assert signed_in.get(_url("lesson_add", journey.pk)).status_code == 405
    assert signed_in.get(_url("step_complete", journey.pk, "feedback")).status_code == 405


# Access -----------------------------------------------------------------------------------------


@pytest.fixture
def theirs(other_user):
    """Another person's journey with one of everything."""
    contact = ContactFactory(user=other_user)
    application = ApplicationFactory(user=other_user, contacts=[contact])
    journey = reject(application)
    return {
        "journey": journey,
        "application": application,
        "contact": contact,
        "action": services.improvement_action_add(journey=journey, title="Theirs"),
        "lesson": services.lesson_add(journey=journey, text="Theirs"),
        "what_if": services.what_if_add(journey=journey, text="Theirs"),
        "row": services.stay_connected_add(journey=journey, contact=contact),
    }


def _their_urls(t, mine=None):
    j = t["journey"].pk
    urls = [_url("journey_resume", j), _url("journey_summary", j), _url("journey_finish", j)]
    for step in STEPS:
        urls += [_url(name, j, step) for name in ("journey_step", "journey_ending", "step_complete", "step_skip")]
        urls += [
            _url("step_reopen", j, step),
            _url("action_add", j, step),
            _url("action_done", j, step, t["action"].pk),
        ]
    urls += [
        _url(name, j)
        for name in (
            "request_sent",
            "feedback_record",
            "lesson_add",
            "what_if_add",
            "reset_done",
            "connect_add",
            "chapter_close",
            "journey_mood",
            "win_add",
            "journey_plan",
        )
    ]
    urls += [
        _url("lesson_remove", j, t["lesson"].pk),
        _url("what_if_release", j, t["what_if"].pk),
        _url("connect_remove", j, t["row"].pk),
        _url("turned_down", t["application"].pk),
        _url("contact_reached", t["contact"].pk),
    ]
    if mine is not None:  # their rows addressed through my own journey
        urls += [
            _url("action_done", mine.pk, "feedback", t["action"].pk),
            _url("lesson_remove", mine.pk, t["lesson"].pk),
            _url("what_if_release", mine.pk, t["what_if"].pk),
            _url("connect_remove", mine.pk, t["row"].pk),
        ]
    return urls


def _snapshot(t):
    journey = Journey.objects.get(pk=t["journey"].pk)
    return (
        {k: v for k, v in journey.__dict__.items() if k != "_state"},
        [(row.step, row.state) for row in journey.steps.order_by("step")],
        list(journey.lessons.values_list("text", flat=True)),
        list(journey.what_ifs.values_list("released_at", flat=True)),
        list(journey.actions.values_list("done_on", flat=True)),
        list(journey.stay_connected.values_list("pk", flat=True)),
        t["application"].__class__.objects.get(pk=t["application"].pk).status,
        t["contact"].__class__.objects.get(pk=t["contact"].pk).last_contacted,
    )


def test_another_persons_journey_and_rows_are_a_404_on_get_and_post_and_nothing_changes(signed_in, journey, theirs):
    before = _snapshot(theirs)
    urls = _their_urls(theirs, mine=journey)
    for url in urls:
        assert signed_in.get(url).status_code == 404, url
        assert signed_in.post(url, {"done": "1", "lesson-text": "x", "finish-summary": "x"}).status_code == 404, url
    assert _snapshot(theirs) == before
    assert len(urls) >= 50


def test_signed_out_visitors_are_sent_to_sign_in(client, journey):
    for url in (_url("journey_list"), _step_url(journey, "feedback"), _url("week"), _url("log_rejection")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    response = client.post(_url("lesson_add", journey.pk), {"lesson-text": "x"})
    assert response.status_code == 302
    assert not Lesson.objects.exists()


def test_every_change_needs_the_csrf_token(user, journey):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    for url, data in (
        (_url("lesson_add", journey.pk), {"lesson-text": "x"}),
        (_url("step_complete", journey.pk, "feedback"), {}),
        (_url("mood_check_in"), {"mood-mood": "3"}),
        (_url("turned_down", journey.application.pk), {}),
    ):
        assert client.post(url, data).status_code == 403
    assert not Lesson.objects.exists() and not MoodCheckIn.objects.exists()
    assert _fresh(journey).step_states[Step.FEEDBACK].state == StepState.PENDING


def test_after_an_automated_rejection_step_two_says_there_is_little_to_learn_from_it(signed_in, user):
    application = ApplicationFactory(user=user, role_title="Analyst")
    journey = reject(application)
    assert journey.ending == "automated"

    page = html.unescape(signed_in.get(_step_url(journey, "clear-your-head")).content.decode())

    assert "Nobody weighed you up on this one" in page and "it says nothing about you" in page


def test_the_feedback_draft_thanks_them_for_the_decision_and_the_time(journey):
    body = drafts.feedback_request(journey, None)["body"]

    assert "letting me know your decision on the Backend Engineer role" in body
    assert "letting me know about the" not in body
