"""The data export, the admin for support staff, and the panels on the dashboard and the
application page."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from sharing import panels, services
from sharing.models import CalendarFeed, ShareLink
from tests.factories import ApplicationFactory, InterviewFactory, UserFactory
from tests.sharing.conftest import bulk

pytestmark = pytest.mark.django_db


def _export(client):
    response = client.get(reverse("accounts:export"))
    return json.loads(b"".join(response.streaming_content) if response.streaming else response.content)


def test_the_export_lists_my_links_and_feed_but_no_secret(signed_in, user, other_user):
    feed = services.calendar_feed_reset(user=user)
    link, token = services.share_link_create(user=user, label="For my career coach", days=30)
    services.share_link_revoke(link=link)
    services.share_link_create(user=other_user, label="Their link", days=7)

    data = _export(signed_in)

    assert [row["label"] for row in data["share_links"]] == ["For my career coach"]
    assert data["share_links"][0]["revoked_at"] is not None
    assert len(data["calendar_feed"]) == 1
    text = json.dumps(data)
    assert token not in text and link.token_hash not in text
    assert feed.key not in text and feed.token not in text


@pytest.fixture
def staff(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_the_admin_lists_feeds_and_links_without_their_secrets(staff, user):
    feed = services.calendar_feed_reset(user=user)
    link, token = services.share_link_create(user=user, label="Coach", days=7)

    feeds = staff.get(reverse("admin:sharing_calendarfeed_changelist"), {"q": user.email})
    links = staff.get(reverse("admin:sharing_sharelink_changelist"), {"q": "Coach"})
    feed_page = staff.get(reverse("admin:sharing_calendarfeed_change", args=[feed.pk])).content.decode()
    link_page = staff.get(reverse("admin:sharing_sharelink_change", args=[link.pk])).content.decode()

    assert feeds.status_code == 200 and user.email in feeds.content.decode()
    assert links.status_code == 200 and "Coach" in links.content.decode()
    assert feed.key not in feed_page and feed.token not in feed_page
    assert link.token_hash not in link_page and token not in link_page
    assert 'name="token_hash"' not in link_page and 'name="key"' not in feed_page


def test_staff_cannot_make_links_or_feeds_in_the_admin(staff):
    assert staff.get(reverse("admin:sharing_sharelink_add")).status_code == 403
    assert staff.get(reverse("admin:sharing_calendarfeed_add")).status_code == 403


def test_support_can_revoke_links_from_the_admin(staff, user):
    link, _token = services.share_link_create(user=user, label="Coach", days=7)

    staff.post(
        reverse("admin:sharing_sharelink_changelist"),
        {"action": "revoke", "_selected_action": [link.pk]},
    )

    link.refresh_from_db()
    assert link.revoked_at is not None


def test_the_admin_filters_work(staff, user):
    services.share_link_create(user=user, label="Coach", days=7)
    services.calendar_feed_reset(user=user)

    assert staff.get(reverse("admin:sharing_sharelink_changelist"), {"revoked_at__isnull": "True"}).status_code == 200
    assert (
        staff.get(reverse("admin:sharing_calendarfeed_changelist"), {"last_fetched_at__isnull": "True"}).status_code
        == 200
    )


# Panels ----------------------------------------------------------------------------------------


def test_the_application_page_offers_its_upcoming_interviews_as_calendar_files(signed_in, user):
    application = ApplicationFactory(user=user)
    coming = InterviewFactory(application=application, scheduled_at=timezone.now() + datetime.timedelta(days=2))
    past = InterviewFactory(application=application, scheduled_at=timezone.now() - datetime.timedelta(days=2))

    page = signed_in.get(application.get_absolute_url()).content.decode()

    assert reverse("sharing:interview_ics", args=[coming.pk]) in page
    assert reverse("sharing:interview_ics", args=[past.pk]) not in page
    assert "subscribe once" in page


def test_the_application_panel_stays_away_when_there_is_nothing_to_add(signed_in, user):
    application = ApplicationFactory(user=user)

    assert "In your calendar" not in signed_in.get(application.get_absolute_url()).content.decode()

    services.calendar_feed_reset(user=user)
    assert "your calendar feed" in signed_in.get(application.get_absolute_url()).content.decode()


@pytest.mark.parametrize("size", [5, 50])
def test_the_application_panel_runs_two_queries_at_any_size(user, size, django_assert_num_queries):
    services.calendar_feed_reset(user=user)
    services.share_link_create(user=user, label="Coach", days=7)
    first = bulk(user, size)[0]

    with django_assert_num_queries(2):
        application = panels.application_context(first)

    assert application["feed_on"] is True
    assert len(application["upcoming"]) == 1


def test_account_deletion_takes_the_links_and_feed_with_it(user):
    services.calendar_feed_reset(user=user)
    services.share_link_create(user=user, label="Coach", days=7)

    user.delete()

    assert not CalendarFeed.objects.exists()
    assert not ShareLink.objects.exists()
