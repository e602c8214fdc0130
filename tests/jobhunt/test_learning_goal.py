"""An application can carry what the person wants to learn from it; the walkthrough brings it back
in step 1 and in the summary."""

import pytest
from django.urls import reverse

from jobhunt.models import Application
from recovery.steps import Step
from tests.factories import ApplicationFactory
from tests.jobhunt.test_bad_input import valid_application
from tests.recovery.conftest import reject

pytestmark = pytest.mark.django_db

GOAL = "how a product team runs its system design round"


def test_the_form_keeps_what_i_want_to_learn(signed_in, user, company):
    signed_in.post(reverse("jobhunt:application_create"), valid_application(company, learning_goal=GOAL))

    application = Application.objects.get(user=user)
    assert application.learning_goal == GOAL
    assert GOAL in signed_in.get(application.get_absolute_url()).content.decode()


def test_step_one_and_the_summary_bring_it_back(signed_in, user):
    journey = reject(ApplicationFactory(user=user, learning_goal=GOAL))

    step = signed_in.get(reverse("recovery:journey_step", args=[journey.pk, Step.FEEDBACK])).content.decode()
    summary = signed_in.get(reverse("recovery:journey_summary", args=[journey.pk])).content.decode()

    assert f"What you wanted to learn from this one: “{GOAL}”" in step
    assert f"What you set out to learn from this one: “{GOAL}”" in summary


def test_without_one_nothing_is_said(signed_in, user):
    journey = reject(ApplicationFactory(user=user))

    step = signed_in.get(reverse("recovery:journey_step", args=[journey.pk, Step.FEEDBACK])).content.decode()

    assert "What you wanted to learn" not in step


def test_a_goal_written_as_a_question_keeps_its_own_mark(signed_in, user):
    journey = reject(ApplicationFactory(user=user, learning_goal="could I pass a live coding test?"))

    step = signed_in.get(reverse("recovery:journey_step", args=[journey.pk, Step.FEEDBACK])).content.decode()

    assert "from this one: “could I pass a live coding test?”<br>Whatever" in step


def test_it_is_too_long_past_300_characters(signed_in, user, company):
    response = signed_in.post(
        reverse("jobhunt:application_create"), valid_application(company, learning_goal="x" * 301)
    )

    assert "learning_goal" in response.context["form"].errors
