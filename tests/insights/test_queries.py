"""The insights pages run a fixed number of queries at any data size."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobhunt.models import Application, Interview, Status
from recovery.models import DecidingFactor, ImprovementAction, Journey, MoodCheckIn, WeeklyPlan, plan_week_start
from tests.jobhunt.conftest import bulk_pipeline

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 300
# What the page needs: session and user, the figures by source (one grouped statement: the page's
# figures are their sums), the pace guard, stage times, weeks (2), mood days, pipeline days,
# interviews, ledger (2).
PAGE_QUERIES = 12
# Every rejection of the year: session and user, daily moods, pipeline days.
REJECTIONS_PAGE_QUERIES = 4


def _grow(user, count):
    """`count` more applications in every stage, with check-ins, journeys, actions, plans."""
    now = timezone.now()
    today = user.local_today()
    applications = bulk_pipeline(user, count)
    MoodCheckIn.objects.bulk_create(
        MoodCheckIn(user=user, mood=1 + n % 5, created_at=now - datetime.timedelta(hours=n * 29)) for n in range(count)
    )
    Interview.objects.bulk_create(
        Interview(application=application, scheduled_at=now - datetime.timedelta(days=n % 50))
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


def _page(client):
    def call():
        assert client.get(reverse("insights:overview")).status_code == 200

    return call


def test_the_insights_page_runs_the_same_queries_at_5_and_300_applications(signed_in, user, django_assert_num_queries):
    _grow(user, SMALL)
    with django_assert_num_queries(PAGE_QUERIES):
        _page(signed_in)()

    _grow(user, LARGE - SMALL)
    assert Application.objects.filter(user=user).count() == LARGE
    with django_assert_num_queries(PAGE_QUERIES):
        _page(signed_in)()


def test_the_rejections_page_runs_the_same_queries_at_5_and_300_applications(
    signed_in, user, django_assert_num_queries
):
    _grow(user, SMALL)
    with django_assert_num_queries(REJECTIONS_PAGE_QUERIES):
        assert signed_in.get(reverse("insights:rejections")).status_code == 200

    _grow(user, LARGE - SMALL)
    with django_assert_num_queries(REJECTIONS_PAGE_QUERIES):
        assert signed_in.get(reverse("insights:rejections"), {"page": 2}).status_code == 200
