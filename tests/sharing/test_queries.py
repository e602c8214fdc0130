"""The feed, the coach page, the settings page and the panels run a fixed number of queries
whatever the size of the search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobhunt.models import LIVE
from sharing import services
from tests.sharing.conftest import events, feed_url

pytestmark = pytest.mark.django_db

# Feed lookup, "last read" note, interviews, follow-ups, reconnect dates, the applications they
# name, the people met at the interviews, next steps.
FEED_QUERIES = 8
# Link lookup, "opened" note, stage counts, latest rows per stage, funnel, stage times, upcoming
# interviews, journeys and their steps.
COACH_QUERIES = 9
# Session and user, the feed, open links, closed links.
SETTINGS_QUERIES = 5


@pytest.mark.parametrize("size", [5, 50])
def test_the_feed_runs_the_same_queries_at_any_size(client, user, feed, make_bulk, django_assert_num_queries, size):
    applications = make_bulk(user, size)

    with django_assert_num_queries(FEED_QUERIES):
        response = client.get(feed_url(feed))

    assert response.status_code == 200
    # Every interview still ahead of an application in play is there: the bigger feed really is bigger.
    found = events(response)
    in_play = sum(application.status in LIVE for application in applications)
    assert sum(uid.startswith("interview-") for uid in found) == in_play >= size // 2
    assert sum(uid.startswith("reconnect-") for uid in found) >= size // 9


@pytest.mark.parametrize("size", [5, 50])
def test_the_coach_page_runs_the_same_queries_at_any_size(client, user, make_bulk, django_assert_max_num_queries, size):
    make_bulk(user, size)
    _link, token = services.share_link_create(user=user, label="Coach", days=7)

    with django_assert_max_num_queries(COACH_QUERIES):
        response = client.get(reverse("sharing:coach_page", args=[token]))

    assert response.status_code == 200
    assert f"Bulk role {size - 1}" in response.content.decode()


@pytest.mark.parametrize("size", [5, 50])
def test_the_settings_page_runs_the_same_queries_at_any_number_of_links(
    signed_in, user, feed, django_assert_max_num_queries, size
):
    for n in range(size):
        link, _token = services.share_link_create(user=user, label=f"Link {n}", days=7)
        if n >= 5:
            services.share_link_revoke(link=link)

    with django_assert_max_num_queries(SETTINGS_QUERIES):
        response = signed_in.get(reverse("sharing:settings"))

    assert response.status_code == 200


def test_the_feed_stays_flat_from_50_to_300_applications(client, user, feed, make_bulk):
    applications = make_bulk(user, 50)
    with CaptureQueriesContext(connection) as small:
        client.get(feed_url(feed))

    applications += make_bulk(user, 250)
    with CaptureQueriesContext(connection) as big:
        response = client.get(feed_url(feed))

    # The second read is within the quarter hour, so "last read" is not written again.
    assert len(big.captured_queries) <= len(small.captured_queries)
    in_play = sum(application.status in LIVE for application in applications)
    assert sum(uid.startswith("interview-") for uid in events(response)) == in_play > 150
