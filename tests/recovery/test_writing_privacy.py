"""Step 2's writing is the person's alone. A marker written into their sessions shows on their own
step 2 and in their own export, and nowhere else: no email of any kind (the weekly digest
included, on its own or in the daily email), no coach page, no calendar feed, no other page of
theirs (insights included), no log line."""

import datetime
import logging

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recovery import services
from recovery.models import WritingSession
from recovery.steps import Step
from reminders import emails, registry
from reminders.models import Reminder
from tests.factories import UserFactory
from tests.security.routes import every_page
from tests.security.test_escaping import ABOUT  # what each kind of reminder is about, in a world
from tests.security.world import World

pytestmark = pytest.mark.django_db

MARKER = "zz-private-writing-zz"


@pytest.fixture
def world():
    """A person with one of everything (a coach link and a calendar feed among it), whose writing
    sessions all hold the marker: today's and an earlier day's."""
    world = World(UserFactory())
    WritingSession.objects.create(
        journey=world.journey, written_on=world.user.local_today() - datetime.timedelta(days=2), text="earlier"
    )
    assert WritingSession.objects.filter(journey__user=world.user).update(text=f"{MARKER} what this one meant") == 2
    return world


def _signed_in(world):
    client = Client()
    client.force_login(get_user_model().objects.get(pk=world.user.pk))
    return client


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


def test_every_kind_of_email_is_checked():
    assert {kind.name for kind in registry.all_kinds()} == set(ABOUT)


def test_the_writing_is_in_no_email_alone_or_in_the_daily_one(world):
    items = _items(world)
    messages = [emails.build(item.reminder, item.kind, item.about) for item in items]
    messages.append(emails.build_daily(1, world.user, items))

    for message in messages:
        assert message.body.strip()
        for part in _parts(message):
            assert MARKER not in part, message.subject


def test_the_weekly_digest_in_particular_never_carries_it(world):
    kind = registry.get("weekly_plan_digest")
    message = emails.build(Reminder(pk=1, user=world.user, kind=kind.name), kind, world.user)

    assert "This week's plan" in message.body  # a real digest, with the week in it
    assert all(MARKER not in part for part in _parts(message))


def test_the_coach_page_and_the_calendar_feed_never_show_it(world):
    public = list(every_page(Client(), world, public=True))
    names = {name for name, _response, _text in public}

    assert {"sharing:coach_page", "sharing:calendar_feed"} <= names
    for name, _response, text in public:
        assert MARKER not in text, name


def test_only_step_two_and_the_export_show_it_among_the_persons_own_pages(world):
    step_two = reverse("recovery:journey_step", args=[world.journey.pk, Step.CLEAR_HEAD])
    shown = [name for name, _response, text in every_page(_signed_in(world), world) if MARKER in text]

    assert any(name.startswith(step_two) for name in shown) and "accounts:export" in shown, shown
    assert all(name.startswith(step_two) or name == "accounts:export" for name in shown), shown
    assert any(name.startswith("insights:") for name, *_ in every_page(_signed_in(world), world))  # looked at


def test_writing_and_reading_it_logs_none_of_it(world, caplog):
    client = _signed_in(world)
    step_two = reverse("recovery:journey_step", args=[world.journey.pk, Step.CLEAR_HEAD])

    with caplog.at_level(logging.DEBUG):
        client.post(reverse("recovery:writing_save", args=[world.journey.pk]), {"writing-text": f"{MARKER} more"})
        client.post(
            reverse("recovery:writing_save", args=[world.journey.pk]),
            {"writing-text": f"{MARKER} again"},
            HTTP_HX_REQUEST="true",
        )
        client.post(reverse("recovery:writing_save", args=[world.journey.pk]), {"writing-text": "x" * 30_000})
        client.get(step_two)
        services.writing_save(journey=world.journey, text=f"{MARKER} by the service")

    assert caplog.records  # the log was listening
    for record in caplog.records:
        assert MARKER not in record.getMessage() and MARKER not in str(record.args), record.name
