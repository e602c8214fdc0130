"""A person who rushes steps 2 to 4 is told, gently, that clearing your head often comes easier
after a night's sleep; nothing stops them, and the note goes once the pace is a human one."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from recovery import services
from recovery.models import Journey
from recovery.steps import Step

pytestmark = pytest.mark.django_db

HINT = "Clearing your head often comes easier after a night's sleep"


def _walk(journey, gaps: list[datetime.timedelta]) -> Journey:
    """Steps 2, 3 and 4 done one after another, `gaps` apart, the clock moving between them."""
    moment = timezone.now()
    services.step_complete(journey=journey, step=Step.FEEDBACK)
    with time_machine.travel(moment, tick=False) as clock:
        walked = (Step.CLEAR_HEAD, Step.STAY_POSITIVE, Step.GAME_PLAN)
        for step, gap in zip(walked, [datetime.timedelta(0), *gaps], strict=True):
            clock.shift(gap)
            services.step_complete(journey=Journey.objects.get(pk=journey.pk), step=step)
    return Journey.objects.get(pk=journey.pk)


def test_three_steps_in_two_minutes_bring_the_note_on_the_summary_and_the_last_step(signed_in, journey):
    walked = _walk(journey, [datetime.timedelta(minutes=1), datetime.timedelta(minutes=1)])

    assert walked.rushed
    summary = signed_in.get(reverse("recovery:journey_summary", args=[journey.pk])).content.decode()
    game_plan = signed_in.get(reverse("recovery:journey_step", args=[journey.pk, Step.GAME_PLAN])).content.decode()
    step_two = reverse("recovery:journey_step", args=[journey.pk, Step.CLEAR_HEAD])
    for html in (summary, game_plan):
        assert HINT in html and f'href="{step_two}"' in html


def test_steps_taken_across_a_day_bring_no_note(signed_in, journey):
    walked = _walk(journey, [datetime.timedelta(hours=20), datetime.timedelta(minutes=5)])

    assert not walked.rushed
    assert HINT not in signed_in.get(reverse("recovery:journey_summary", args=[journey.pk])).content.decode()


def test_a_rush_is_only_told_once_every_step_is_walked(signed_in, journey):
    services.step_complete(journey=journey, step=Step.CLEAR_HEAD)
    services.step_complete(journey=journey, step=Step.STAY_POSITIVE)

    assert not Journey.objects.get(pk=journey.pk).rushed
    html = signed_in.get(reverse("recovery:journey_step", args=[journey.pk, Step.GAME_PLAN])).content.decode()
    assert HINT not in html
