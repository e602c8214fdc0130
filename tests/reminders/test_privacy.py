"""Journal text never leaves in an email: what-ifs, lessons, mood notes, feedback, the journey
summary and wins stay in Rebound, whatever kind of email, on its own or in the daily email."""

import pytest
from django.utils import timezone

from recovery.models import Journey, Lesson, MoodCheckIn, WhatIf, Win, WritingSession
from reminders import emails, registry
from reminders.models import Reminder
from tests.factories import UserFactory
from tests.security.test_escaping import ABOUT  # what each kind of reminder is about, in a world
from tests.security.world import World

pytestmark = pytest.mark.django_db

MARKER = "zz-private-journal-zz"

# Every journal field, and how to write the marker into it for a world.
JOURNAL = {
    "what-ifs": lambda w: WhatIf.objects.filter(journey__user=w.user).update(text=f"{MARKER} what if"),
    "lessons": lambda w: Lesson.objects.filter(journey__user=w.user).update(text=f"{MARKER} lesson"),
    "mood notes": lambda w: MoodCheckIn.objects.filter(user=w.user).update(note=f"{MARKER} mood"),
    "wins": lambda w: Win.objects.filter(user=w.user).update(text=f"{MARKER} win"),
    "journal of the journey": lambda w: Journey.objects.filter(user=w.user).update(
        feedback=f"{MARKER} feedback",
        their_perspective=f"{MARKER} perspective",
        summary=f"{MARKER} summary",
        request_message=f"{MARKER} request",
        reset_activity_other=f"{MARKER} reset",
    ),
    "writing sessions": lambda w: WritingSession.objects.filter(journey__user=w.user).update(text=f"{MARKER} writing"),
}


@pytest.fixture
def world():
    world = World(UserFactory())
    for write in JOURNAL.values():
        assert write(world), "the world has a row to write the marker into"
    return world


def items(world) -> list[emails.Item]:
    found = []
    for number, kind in enumerate(registry.all_kinds(), start=1):
        about = ABOUT[kind.name](world)
        about = type(about)._base_manager.get(pk=about.pk)  # as stored, marker included
        reminder = Reminder(pk=number, user=world.user, kind=kind.name, due_at=timezone.now())
        found.append(emails.Item(reminder=reminder, kind=kind, about=about))
    return found


def parts(message) -> list[str]:
    return [message.subject, message.body, *(content for content, _ in message.alternatives)]


def test_every_kind_is_covered_here():
    assert {kind.name for kind in registry.all_kinds()} == set(ABOUT)


def test_no_journal_text_appears_in_any_email_on_its_own(world):
    for item in items(world):
        message = emails.build(item.reminder, item.kind, item.about)
        assert message.body.strip() and message.alternatives  # a real email was written
        for part in parts(message):
            assert MARKER not in part, f"the {item.kind.name} email shows journal text"


def test_no_journal_text_appears_in_the_daily_email_with_every_kind(world):
    everything = items(world)

    message = emails.build_daily(1, world.user, everything)

    assert message.subject.endswith(f"and {len(everything) - 1} more")
    for item in everything:
        assert item.kind.headline_for(item.about) in message.body  # each section is there
    for part in parts(message):
        assert MARKER not in part


def test_no_journal_text_appears_in_a_daily_email_of_one(world):
    for item in items(world):
        for part in parts(emails.build_daily(1, world.user, [item])):
            assert MARKER not in part, f"the {item.kind.name} email shows journal text"
