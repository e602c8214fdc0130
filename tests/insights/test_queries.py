"""The insights pages run a fixed number of queries at any data size."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobhunt.models import Application, Interview, Status
from recovery.models import DecidingFactor, ImprovementAction, Journey, MoodCheckIn, WeeklyPlan, plan_week_start
from tests.jobhunt.conftest import bulk_pipeline

pytestmark = pytest.mark.django_db

# The smaller size still has one application in every stage (a rejection among them).
SMALL, LARGE = len(Status.values), 300
# What each tab needs besides the session and the user (2).
TAB_QUERIES = {
    # The figures by source (one grouped statement: the figures are its sums), the pace guard,
    # stage times, the weeks and their targets, replies by CV version, offers against asks.
    "insights:overview": 2 + 7,
    # Daily moods, the year's rejections by day, the interviews charted, the companies named.
    "insights:mood": 2 + 4,
    # The feedback counts and the deciding factors with their actions.
    "insights:feedback": 2 + 2,
}
# Every rejection of the year: session and user, daily moods, pipeline days, the companies named.
REJECTIONS_PAGE_QUERIES = 5


def _grow(user, count):
    """`count` more applications in every stage, with check-ins, journeys, actions, plans."""
    now = timezone.now()
    today = user.local_today()
    applications = bulk_pipeline(user, count)
    MoodCheckIn.objects.bulk_create(
        MoodCheckIn(user=user, mood=1 + n % 5, created_at=now - datetime.timedelta(hours=n * 29)) for n in range(count)
    )
    Interview.objects.bulk_create(
        Interview(application=application, user=application.user, scheduled_at=now - datetime.timedelta(days=n % 50))
        for n, application in enumerate(applications)
    )
    factors = DecidingFactor.values
    journeys = Journey.objects.bulk_create(
        Journey(
            user=user,
            application=application,
            ending="after_interviews",
            request_sent_on=today if n % 2 else None,
            feedback_received_on=today if n % 4 == 1 else None,
            deciding_factors=[factors[n % len(factors)], factors[(n + 3) % len(factors)]],
        )
        for n, application in enumerate(a for a in applications if a.status == Status.REJECTED)
    )
    ImprovementAction.objects.bulk_create(
        ImprovementAction(journey=journey, title=f"Action {n}") for n, journey in enumerate(journeys * 3)
    )
    current = plan_week_start(user, today)
    WeeklyPlan.objects.bulk_create(
        (WeeklyPlan(user=user, week_start=current - datetime.timedelta(weeks=n)) for n in range(12)),
        ignore_conflicts=True,
    )


@pytest.mark.parametrize(("name", "queries"), TAB_QUERIES.items())
def test_each_insights_tab_runs_the_same_queries_at_9_and_300_applications(
    signed_in, user, django_assert_num_queries, name, queries
):
    _grow(user, SMALL)
    with django_assert_num_queries(queries):
        assert signed_in.get(reverse(name)).status_code == 200

    _grow(user, LARGE - SMALL)
    assert Application.objects.filter(user=user).count() == LARGE
    with django_assert_num_queries(queries):
        assert signed_in.get(reverse(name)).status_code == 200


def test_the_rejections_page_runs_the_same_queries_at_9_and_300_applications(
    signed_in, user, django_assert_num_queries
):
    _grow(user, SMALL)
    with django_assert_num_queries(REJECTIONS_PAGE_QUERIES):
        assert signed_in.get(reverse("insights:rejections")).status_code == 200

    _grow(user, LARGE - SMALL)
    with django_assert_num_queries(REJECTIONS_PAGE_QUERIES):
        assert signed_in.get(reverse("insights:rejections"), {"page": 2}).status_code == 200
