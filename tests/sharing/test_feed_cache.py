"""The feed's written body is kept between polls, and any change shows at the next read."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.freshness import mark_changed
from jobhunt import services as jobhunt
from recovery import services as recovery
from reminders.models import Reminder
from tests.sharing.conftest import events, feed_url

pytestmark = pytest.mark.django_db

# Feed lookup and the feed's stamp ("last read" is written at most every quarter hour).
CACHED_FEED_QUERIES = 2


def test_an_unchanged_feed_is_answered_from_the_cache(client, seeded, feed, django_assert_num_queries):
    first = client.get(feed_url(feed))

    with django_assert_num_queries(CACHED_FEED_QUERIES):
        second = client.get(feed_url(feed))

    assert second.content == first.content


def test_the_feed_is_kept_in_the_cache_every_web_process_shares(client, seeded, feed, django_assert_num_queries):
    first = client.get(feed_url(feed))
    caches["default"].clear()  # each process has its own default cache: another one starts empty

    with django_assert_num_queries(CACHED_FEED_QUERIES):
        second = client.get(feed_url(feed))

    assert second.content == first.content
    caches["shared"].clear()
    with CaptureQueriesContext(connection) as written:
        assert client.get(feed_url(feed)).content == first.content
    assert len(written) > CACHED_FEED_QUERIES


def test_the_feed_is_written_as_usual_when_the_cache_server_is_away(client, seeded, feed, shared_cache_away, caplog):
    for _poll in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(feed_url(feed))
        assert response.status_code == 200
        assert len(captured) > CACHED_FEED_QUERIES  # written each time: nothing could be kept
        assert f"interview-{seeded['interview'].pk}" in events(response)
    assert "Kept pages and feeds unavailable" in caplog.text
    assert "Could not keep a page or feed" in caplog.text


def _rename_company(seeded):
    company = seeded["live"].company
    company.name = "Fernhill Robotics Group"
    jobhunt.company_save(company=company)
    return "interview", lambda event: "Fernhill Robotics Group" in str(event["SUMMARY"])


def _rename_contact(seeded):
    contact = seeded["contact"]
    contact.name = "Maya Lind"
    jobhunt.contact_save(contact=contact)
    return "interview", lambda event: "Maya Lind (" in str(event["DESCRIPTION"])


def _reschedule_interview(seeded):
    interview = seeded["interview"]
    interview.scheduled_at += datetime.timedelta(days=1)
    jobhunt.interview_save(interview=interview)
    return "interview", lambda event: event.start == interview.scheduled_at.replace(microsecond=0)


def _change_next_step(seeded):
    jobhunt.application_update(application=seeded["live"], next_step="Call the team lead")
    return "next-step", lambda event: str(event["SUMMARY"]).startswith("Call the team lead")


def _move_reconnect_date(seeded):
    row = seeded["reconnect"]
    day = row.reconnect_on + datetime.timedelta(days=5)
    recovery.stay_connected_add(journey=row.journey, contact=row.contact, reconnect_on=day)
    return "reconnect", lambda event: event.start == day


@pytest.mark.parametrize(
    "change", [_rename_company, _rename_contact, _reschedule_interview, _change_next_step, _move_reconnect_date]
)
def test_a_change_shows_at_the_next_read(client, seeded, feed, change):
    client.get(feed_url(feed))

    prefix, shows = change(seeded)
    mark_changed(seeded["live"].user)  # as the person's POST does (DataChangeMiddleware)

    found = [event for uid, event in events(client.get(feed_url(feed))).items() if uid.startswith(prefix)]
    assert found and all(shows(event) for event in found)


def test_an_edit_made_on_the_company_page_shows_at_the_next_read(client, seeded, feed):
    client.get(feed_url(feed))
    company = seeded["live"].company
    person = Client()
    person.force_login(seeded["live"].user)
    response = person.post(
        reverse("jobhunt:company_edit", args=[company.pk]), {"name": "Fernhill Robotics Group", "website": ""}
    )
    assert response.status_code == 302

    found = [event for uid, event in events(client.get(feed_url(feed))).items() if uid.startswith("interview")]
    assert found and all("Fernhill Robotics Group" in str(event["SUMMARY"]) for event in found)


def test_a_deleted_interview_leaves_the_next_read(client, seeded, feed):
    client.get(feed_url(feed))

    jobhunt.interview_delete(interview=seeded["interview"])

    assert f"interview-{seeded['interview'].pk}" not in events(client.get(feed_url(feed)))


def test_a_follow_up_sent_leaves_the_next_read(client, user, seeded, feed):
    client.get(feed_url(feed))
    follow_up = Reminder.objects.filter(user=user, kind="application_follow_up", state=Reminder.State.SCHEDULED)[0]

    # The dispatcher marks what it sent in bulk, without touching the application.
    Reminder.objects.filter(pk=follow_up.pk).update(state=Reminder.State.SENT, sent_at=timezone.now())

    assert f"follow-up-{follow_up.pk}" not in events(client.get(feed_url(feed)))
