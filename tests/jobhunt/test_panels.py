"""The dashboard and the application page with the panels the installed apps register: they
render, and they keep the page's query count fixed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobhunt import services
from jobhunt.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_panels_only():
    """Overrides the package fixture: here the real registries stay in place."""


# Session and user (2); jobhunt's stage counts, follow-ups and silences, interviews, activity (4);
# every panel's figures about the person in one statement (1); insights' daily moods (1);
# recovery's journeys, their steps (with a journey to show), the mood check-ins, the habit days (4).
DASHBOARD_QUERIES = 12


@pytest.mark.parametrize("size", [5, 500])
def test_dashboard_with_every_panel_runs_the_same_queries_at_any_size(
    signed_in, user, make_pipeline, django_assert_num_queries, size
):
    turned_down = make_pipeline(user, size)[0]
    services.application_move(application=turned_down, to_status=Status.REJECTED)  # a journey starts

    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert signed_in.get(reverse("jobhunt:dashboard")).status_code == 200


def test_application_page_with_every_panel_runs_the_same_queries_at_5_and_500_applications(
    signed_in, user, make_pipeline, django_assert_max_num_queries
):
    first = make_pipeline(user, 5)[0]
    with CaptureQueriesContext(connection) as small:
        assert signed_in.get(first.get_absolute_url()).status_code == 200

    make_pipeline(user, 495)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert signed_in.get(first.get_absolute_url()).status_code == 200


def test_panels_share_one_statement_of_figures_and_may_not_declare_the_same_one_twice(user, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured
    from django.db.models import Value

    from jobhunt import extensions

    def cheer(user, figures):
        return {"cheer": figures["cheer"]}

    monkeypatch.setattr(extensions, "_DASHBOARD", {})
    extensions.dashboard_panel(
        extensions.Panel(name="a", template="t.html", context=cheer, figures=lambda user: {"cheer": Value(1)})
    )
    assert extensions.dashboard_panels(user)[0]["context"] == {"cheer": 1}

    extensions.dashboard_panel(
        extensions.Panel(name="b", template="t.html", context=cheer, figures=lambda user: {"cheer": Value(2)})
    )
    with pytest.raises(ImproperlyConfigured):
        extensions.dashboard_panels(user)
