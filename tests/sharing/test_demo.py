"""The demo account comes with the calendar feed on and a coach link that has been opened."""

import pytest
from django.core.management import call_command

from accounts.models import User
from jobhunt.signals import demo_seeded
from recovery.models import StayConnected
from sharing.models import CalendarFeed, ShareLink
from tests.sharing.conftest import events, feed_url

pytestmark = pytest.mark.django_db


def test_the_demo_has_its_feed_on_and_a_coach_link_already_opened(user):
    demo_seeded.send(sender=None, user=user, today=user.local_today())

    assert CalendarFeed.objects.filter(user=user).exists()
    link = ShareLink.objects.get(user=user)
    assert link.is_active() and link.open_count == 3
    assert link.last_opened_at.date() < user.local_today()


def test_the_seeded_demo_feed_is_full_of_events(client):
    call_command("seed_demo", verbosity=0)
    demo = User.objects.get(calendar_feed__isnull=False)

    found = events(client.get(feed_url(demo.calendar_feed)))

    kinds = {uid.rsplit("-", 1)[0] for uid in found}
    assert {"interview", "follow-up", "next-step"} <= kinds
    assert sum(kind == "reconnect" for kind in (uid.rsplit("-", 1)[0] for uid in found)) == (
        StayConnected.objects.for_user(demo).count()
    )
