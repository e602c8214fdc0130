"""The note to the future self and step 3's story are private writing: their words are shown on
the person's own walkthrough pages and in their export, and never in a reminder email (alone or
in the daily bundle), on a coach's page, in the calendar feed or an interview's calendar file,
on the insights pages, or in the logs."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recovery.models import NoteToFutureSelf, Story
from recovery.steps import Step
from reminders import emails, registry
from reminders.models import Reminder
from tests.factories import UserFactory
from tests.security.test_escaping import ABOUT  # what each kind of reminder is about, in a world
from tests.security.world import World

pytestmark = pytest.mark.django_db

# One marker a field, so a leak says which field leaked.
MARKERS = {
    "note": "zz-note-to-future-self-zz",
    "explanation": "zz-story-explanation-zz",
    "fairer version": "zz-story-fairer-version-zz",
}


@pytest.fixture
def world():
    """A person with one of everything (tests.security.world), their note and story marked."""
    world = World(UserFactory())
    assert NoteToFutureSelf.objects.filter(user=world.user).update(text=f"{MARKERS['note']} hold on")
    assert Story.objects.filter(journey=world.journey).update(
        explanation=f"{MARKERS['explanation']} it's me", fairer_version=f"{MARKERS['fairer version']} it's one role"
    )
    world.user = get_user_model().objects.get(pk=world.user.pk)
    return world


def _leaks(text: str) -> list[str]:
    return [what for what, marker in MARKERS.items() if marker in text]


def test_the_markers_are_on_the_persons_own_pages(world):
    """The check below means something: the words are there to leak."""
    client = Client()
    client.force_login(world.user)

    step = client.get(reverse("recovery:journey_step", args=[world.journey.pk, Step.STAY_POSITIVE])).content.decode()
    note_page = client.get(reverse("recovery:future_self")).content.decode()

    assert _leaks(step) == list(MARKERS)
    assert _leaks(note_page) == ["note"]


def _items(world) -> list[emails.Item]:
    found = []
    for number, kind in enumerate(registry.all_kinds(), start=1):
        about = ABOUT[kind.name](world)
        about = type(about)._base_manager.get(pk=about.pk)
        reminder = Reminder(pk=number, user=world.user, kind=kind.name, due_at=timezone.now())
        found.append(emails.Item(reminder=reminder, kind=kind, about=about))
    return found


def _parts(message) -> list[str]:
    return [message.subject, message.body, *(content for content, _ in message.alternatives)]


def test_no_reminder_email_carries_them_alone_or_in_the_daily_bundle(world):
    items = _items(world)
    assert {item.kind.name for item in items} == set(ABOUT)  # every kind of email is written here

    for item in items:
        message = emails.build(item.reminder, item.kind, item.about)
        assert message.body.strip()
        for part in _parts(message):
            assert _leaks(part) == [], f"the {item.kind.name} email"
    for part in _parts(emails.build_daily(1, world.user, items)):
        assert _leaks(part) == [], "the daily email"


def test_no_coach_page_calendar_feed_or_calendar_file_carries_them(world):
    visitor = Client()  # a coach or a calendar app: nobody signed in
    shown = {
        "coach page": visitor.get(reverse("sharing:coach_page", kwargs={"token": world.share_token})),
        "calendar feed": visitor.get(reverse("sharing:calendar_feed", kwargs={"token": world.calendar_feed.token})),
    }
    owner = Client()
    owner.force_login(world.user)
    shown["interview file"] = owner.get(reverse("sharing:interview_ics", args=[world.interview.pk]))
    shown["sharing settings"] = owner.get(reverse("sharing:settings"))

    for what, response in shown.items():
        assert response.status_code == 200, what
        assert _leaks(response.content.decode()) == [], what


@pytest.mark.parametrize("name", ["overview", "mood", "feedback", "rejections"])
def test_no_insights_page_carries_them(world, name):
    client = Client()
    client.force_login(world.user)

    response = client.get(reverse(f"insights:{name}"))

    assert response.status_code == 200
    assert _leaks(response.content.decode()) == []


def test_writing_them_logs_none_of_their_words(caplog, world):
    client = Client()
    client.force_login(world.user)
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("recovery:future_self"), {"note-text": f"{MARKERS['note']} again"})
        client.post(
            reverse("recovery:story_save", args=[world.journey.pk]),
            {"story-explanation": f"{MARKERS['explanation']} again", "story-fairer_version": MARKERS["fairer version"]},
            headers={"HX-Request": "true"},
        )
        client.post(reverse("recovery:future_self_delete"))

    assert Story.objects.get(journey=world.journey).explanation.startswith(MARKERS["explanation"])
    assert _leaks(caplog.text) == []
