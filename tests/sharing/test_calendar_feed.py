"""The private calendar feed: what it holds, who can read it, and how its address changes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobhunt import services as jobhunt
from jobhunt.models import Interview, Status
from reminders.models import Reminder
from sharing import services
from sharing.models import CalendarFeed
from sharing.selectors import FEED_DAYS_AHEAD, FEED_DAYS_BACK
from tests.factories import ApplicationFactory, InterviewFactory
from tests.sharing.conftest import PRIVATE_MARKERS, events, feed_url, parse

pytestmark = pytest.mark.django_db


def _follow_up_uids(user):
    rows = Reminder.objects.filter(user=user, kind="application_follow_up", state=Reminder.State.SCHEDULED)
    return {f"follow-up-{pk}" for pk in rows.values_list("pk", flat=True)}


def test_the_feed_holds_exactly_the_interviews_next_steps_follow_ups_and_reconnect_dates(client, user, seeded, feed):
    response = client.get(feed_url(feed))

    assert response.status_code == 200
    expected = {
        f"interview-{seeded['interview'].pk}",
        f"next-step-{seeded['live'].pk}",
        f"reconnect-{seeded['reconnect'].pk}",
        *_follow_up_uids(user),
    }
    assert len(_follow_up_uids(user)) == 4  # two nudges for each application still awaiting a reply
    assert set(events(response)) == expected


def test_an_interview_event_says_what_it_is_who_you_meet_and_when_in_utc(client, seeded, feed):
    interview = seeded["interview"]

    event = events(client.get(feed_url(feed)))[f"interview-{interview.pk}"]

    assert str(event["SUMMARY"]) == "Technical: Backend Engineer at Fernhill Robotics"
    assert "Maya Lindqvist (recruiter)" in str(event["DESCRIPTION"])
    assert event.start == interview.scheduled_at.replace(microsecond=0)
    assert event.start.utcoffset() == datetime.timedelta(0)
    assert event.end - event.start == datetime.timedelta(hours=1)
    assert str(event["URL"]).endswith(reverse("jobhunt:interview_detail", args=[interview.pk]))
    assert event["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)


def test_dates_are_all_day_events_that_do_not_block_the_day(client, user, seeded, feed):
    found = events(client.get(feed_url(feed)))

    next_step = found[f"next-step-{seeded['live'].pk}"]
    assert str(next_step["SUMMARY"]) == "Send portfolio: Backend Engineer at Fernhill Robotics"
    assert next_step.start == seeded["live"].next_step_date
    assert next_step.end == seeded["live"].next_step_date + datetime.timedelta(days=1)
    assert str(next_step["TRANSP"]) == "TRANSPARENT"

    reconnect = found[f"reconnect-{seeded['reconnect'].pk}"]
    assert str(reconnect["SUMMARY"]) == "Reconnect with Jonas Berg (Northwind)"
    assert reconnect.start == seeded["reconnect"].reconnect_on

    follow_up = next(event for uid, event in found.items() if uid.startswith("follow-up-"))
    assert isinstance(follow_up.start, datetime.date) and not isinstance(follow_up.start, datetime.datetime)
    assert str(follow_up["SUMMARY"]).startswith("Follow up: ")


def test_the_calendar_has_a_name_refresh_hints_and_the_same_uids_on_every_read(client, seeded, feed):
    first = client.get(feed_url(feed))
    calendar = parse(first)

    assert str(calendar["X-WR-CALNAME"]) == "Rebound: job search"
    assert calendar["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=1)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in first.content
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert set(events(client.get(feed_url(feed)))) == set(events(first))
    assert all(str(uid).endswith("@127.0.0.1") for uid in (event["UID"] for event in calendar.walk("VEVENT")))


def test_no_private_text_ever_reaches_the_feed(client, seeded, feed):
    body = client.get(feed_url(feed)).content.decode()

    for what, marker in PRIVATE_MARKERS.items():
        assert marker.lower() not in body.lower(), what


def test_nothing_of_another_person_is_in_my_feed_and_their_address_shows_theirs_only(client, seeded, feed, theirs):
    mine = client.get(feed_url(feed)).content.decode()
    their_events = events(client.get(feed_url(theirs["feed"])))

    assert "Their Role" not in mine and "Their Company" not in mine
    assert set(their_events) == {
        f"interview-{theirs['interview'].pk}",
        f"next-step-{theirs['application'].pk}",
        *_follow_up_uids(theirs["application"].user),
    }


def test_cancelled_interviews_ended_applications_and_dates_outside_the_window_stay_out(client, user, feed):
    now = timezone.now()
    today = user.local_today()
    application = ApplicationFactory(user=user, status=Status.SCREENING)
    inside = [
        InterviewFactory(application=application, scheduled_at=now - datetime.timedelta(days=FEED_DAYS_BACK - 1)),
        InterviewFactory(application=application, scheduled_at=now + datetime.timedelta(days=FEED_DAYS_AHEAD - 1)),
    ]
    InterviewFactory(application=application, scheduled_at=now - datetime.timedelta(days=FEED_DAYS_BACK + 2))
    InterviewFactory(application=application, scheduled_at=now + datetime.timedelta(days=FEED_DAYS_AHEAD + 2))
    InterviewFactory(
        application=application, scheduled_at=now + datetime.timedelta(days=1), outcome=Interview.Outcome.CANCELLED
    )
    ApplicationFactory(user=user, status=Status.WITHDRAWN, next_step_date=today + datetime.timedelta(days=3))
    ApplicationFactory(
        user=user, status=Status.SCREENING, next_step_date=today + datetime.timedelta(days=FEED_DAYS_AHEAD + 1)
    )

    assert set(events(client.get(feed_url(feed)))) == {f"interview-{interview.pk}" for interview in inside}


def test_a_follow_up_that_is_no_longer_needed_leaves_the_feed(client, user, feed):
    application = ApplicationFactory(user=user, date_applied=user.local_today())
    assert any(uid.startswith("follow-up-") for uid in events(client.get(feed_url(feed))))

    jobhunt.application_move(application=application, to_status=Status.SCREENING)

    assert not any(uid.startswith("follow-up-") for uid in events(client.get(feed_url(feed))))


def test_the_feed_is_private_to_search_engines_and_caches(client, feed):
    response = client.get(feed_url(feed))

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'inline; filename="rebound.ics"'


def test_reading_the_feed_needs_no_sign_in_and_changes_nothing_but_when_it_was_last_read(client, user, feed):
    assert feed.last_fetched_at is None

    assert client.get(feed_url(feed)).status_code == 200
    assert client.head(feed_url(feed)).status_code == 200

    feed.refresh_from_db()
    assert feed.last_fetched_at is not None
    assert client.post(feed_url(feed)).status_code == 405


def test_a_new_address_stops_the_old_one_at_once(client, feed):
    old = feed_url(feed)

    new_feed = services.calendar_feed_reset(user=feed.user)

    assert client.get(old).status_code == 404
    assert client.get(feed_url(new_feed)).status_code == 200
    assert CalendarFeed.objects.count() == 1


def test_turning_the_feed_off_stops_its_address(client, feed):
    address = feed_url(feed)

    services.calendar_feed_turn_off(user=feed.user)

    assert client.get(address).status_code == 404


@pytest.mark.parametrize(
    "alter",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: ("A" if token[0] != "A" else "B") + token[1:],  # key changed
        lambda token: token.split(".")[0],  # no signature
        lambda token: token.split(".")[0] + ".",  # empty signature
        lambda token: "nothing-like-a-token",
        lambda token: token + token,
        lambda token: "x" * 5000,
    ],
)
def test_a_wrong_or_altered_address_is_a_404(client, feed, alter):
    response = client.get(reverse("sharing:calendar_feed", args=[alter(feed.token)]))

    assert response.status_code == 404


def test_a_copy_of_the_database_alone_does_not_give_the_address(feed):
    """Only the random key is stored; the address also needs the signature made with SECRET_KEY."""
    assert feed.key not in feed.token.split(".")[1]
    assert feed.token.startswith(feed.key + ".")
    stored = CalendarFeed.objects.filter(pk=feed.pk).values().get()
    assert feed.token not in {str(value) for value in stored.values()}


def test_another_secret_key_means_another_address(client, feed, settings):
    address = feed_url(feed)

    settings.SECRET_KEY = "another-secret-key-0123456789-0123456789-0123456789"

    assert client.get(address).status_code == 404
    assert client.get(feed_url(feed)).status_code == 200


def test_a_switched_off_account_has_no_feed(client, user, feed):
    user.is_active = False
    user.save()

    assert client.get(feed_url(feed)).status_code == 404
