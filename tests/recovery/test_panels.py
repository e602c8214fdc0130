"""recovery's dashboard panels read the person's figures (jobhunt.extensions) and show what the
walkthrough and week pages show."""

import datetime

import pytest

from jobhunt import extensions
from recovery import panels, selectors, services
from recovery.models import HabitCheckIn
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_the_week_panel_shows_the_week_pages_targets_and_streak(user, contact):
    today = user.local_today()
    services.plan_save(user=user, applications_target=2, conversations_target=1, practice_target=0, contacts=[contact])
    ApplicationFactory(user=user)
    for days_ago in range(9):
        HabitCheckIn.objects.create(user=user, day=today - datetime.timedelta(days=days_ago), active=True)

    panel = panels.week_context(user)["week"]
    page = selectors.week_overview(user, today)

    assert panel["plan"].applications_target == 2
    assert panel["targets"] == page["targets"]
    assert panel["streak"] == page["streak"] == 9


def test_the_week_panel_without_a_plan_has_no_targets(user):
    panel = panels.week_context(user)["week"]
    assert (panel["plan"], panel["targets"]) == (None, [])


def test_the_journeys_panel_counts_every_journey_in_progress(user, journey):
    assert panels.journeys_context(user)["count"] == 1
    assert panels.journeys_context(user)["journeys"] == [journey]


def test_the_panels_read_the_same_from_the_shared_figures(user, journey):
    figures = extensions.person_figures(user, panels.journeys_figures, panels.week_figures)

    assert panels.journeys_context(user, figures) == panels.journeys_context(user)
    assert panels.week_context(user, figures) == panels.week_context(user)
