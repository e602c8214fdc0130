"""The application page with the panels the installed apps register: they render, and they keep
the page's query count fixed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_panels_only():
    """Overrides the package fixture: here the real registry stays in place."""


def test_application_page_with_every_panel_runs_the_same_queries_at_5_and_500_applications(
    signed_in, user, make_pipeline, django_assert_max_num_queries
):
    first = make_pipeline(user, 5)[0]
    with CaptureQueriesContext(connection) as small:
        assert signed_in.get(first.get_absolute_url()).status_code == 200

    make_pipeline(user, 495)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert signed_in.get(first.get_absolute_url()).status_code == 200
