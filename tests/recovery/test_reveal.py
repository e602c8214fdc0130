"""A step shows the form that is the next thing to do; every other form is a button that brings it
in place (htmx selects it from the step page asked for with ?open=…), or opens the step with it."""

import re

import pytest
from django.urls import reverse

from recovery import services
from recovery.steps import Step
from recovery.views.journeys import STEP_FORMS

pytestmark = pytest.mark.django_db


def _page(client, journey, step, **query):
    response = client.get(reverse("recovery:journey_step", args=[journey.pk, step]), query)
    assert response.status_code == 200
    return response.content.decode()


def _forms_shown(html: str) -> set[str]:
    return set(re.findall(r'<form id="([a-z]+)-form"', html))


def _reveal_buttons(html: str) -> set[str]:
    return set(re.findall(r'hx-select="#([a-z]+)-form"', html))


def test_before_asking_only_the_draft_request_is_a_form(signed_in, journey):
    html = _page(signed_in, journey, Step.FEEDBACK)

    assert _forms_shown(html) == {"request"}
    assert _reveal_buttons(html) == {"ending", "feedback", "action", "skip"}
    assert "What came back" not in html  # nothing was asked yet
    assert "Heard from them without asking?" in html


def test_once_sent_the_answer_is_asked_for_and_the_request_steps_back(signed_in, user, journey):
    services.feedback_request_sent(journey=journey, message="Hi", sent_on=user.local_today())

    html = _page(signed_in, journey, Step.FEEDBACK)

    assert _forms_shown(html) == {"feedback"}
    assert "What came back" in html
    assert "Change what was sent" in html and 'id="id_request-message"' not in html


def test_once_the_answer_is_noted_it_reads_as_text_and_actions_come_next(signed_in, user, journey):
    services.feedback_request_sent(journey=journey, message="Hi", sent_on=user.local_today())
    services.feedback_record(
        journey=journey,
        feedback="Another candidate had <b>led a team</b>.",
        their_perspective="",
        deciding_factors=["experience_level"],
    )

    html = _page(signed_in, journey, Step.FEEDBACK)

    assert _forms_shown(html) == {"action"}
    assert "Another candidate had &lt;b&gt;led a team&lt;/b&gt;." in html
    assert "Edit what came back" in html

    services.improvement_action_add(journey=journey, title="Practise a leadership story", due_on=None)
    assert _forms_shown(_page(signed_in, journey, Step.FEEDBACK)) == set()  # nothing is due: all buttons


def test_each_step_shows_its_due_forms_and_a_button_for_the_others(signed_in, journey):
    due = {Step.CLEAR_HEAD: set(), Step.STAY_POSITIVE: {"mood"}, Step.GAME_PLAN: {"plan", "finish"}}
    # When and where (if-then plans) hangs on the week's plan: there is none yet.
    without = {Step.GAME_PLAN: {"ifthen"}}
    for step, forms in due.items():
        html = _page(signed_in, journey, step)
        assert _forms_shown(html) == forms, step
        assert _reveal_buttons(html) == set(STEP_FORMS[step]) - forms - without.get(step, set()), step


def test_a_plan_made_makes_adjusting_it_a_button_on_the_step_and_the_week(signed_in, user, journey):
    services.plan_save(user=user, applications_target=3, conversations_target=1, practice_target=0, contacts=[])

    assert "plan" in _reveal_buttons(_page(signed_in, journey, Step.GAME_PLAN))
    week = signed_in.get(reverse("recovery:week")).content.decode()
    assert "plan" in _reveal_buttons(week) and 'id="plan-form"' not in week
    asked = signed_in.get(reverse("recovery:week"), {"open": "plan"}).content.decode()
    assert 'id="plan-form"' in asked and 'value="3"' in asked


@pytest.mark.parametrize("step", list(Step))
def test_every_button_finds_its_form_in_the_page_it_asks_for(signed_in, journey, step):
    html = _page(signed_in, journey, step)
    for name in _reveal_buttons(html):
        url = reverse("recovery:journey_step", args=[journey.pk, step])
        assert f'href="{url}?open={name}#{name}-form" hx-get="{url}?open={name}"' in html
        asked = _page(signed_in, journey, step, open=name)
        form = re.search(rf'<form id="{name}-form".*?</form>', asked, re.S)
        assert form, (step, name)
        assert "autofocus" in form.group(0)  # brought in on request, it takes the focus
        assert 'name="csrfmiddlewaretoken"' in form.group(0)


def test_an_unknown_form_asked_for_changes_nothing(signed_in, journey):
    plain = _forms_shown(_page(signed_in, journey, Step.CLEAR_HEAD))
    assert _forms_shown(_page(signed_in, journey, Step.CLEAR_HEAD, open="<script>")) == plain == set()
    assert _forms_shown(_page(signed_in, journey, Step.CLEAR_HEAD, open="request")) == set()  # another step's


def test_a_form_sent_back_with_errors_stays_open_with_them(signed_in, journey):
    response = signed_in.post(reverse("recovery:lesson_add", args=[journey.pk]), {"lesson-text": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert "lesson" in _forms_shown(html)
    assert "is-invalid" in html
