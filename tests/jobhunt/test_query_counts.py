"""List-like pages run a fixed number of queries whatever the size of the search."""

import pytest
from django.urls import reverse

from jobhunt.selectors import BOARD_COLUMN_SIZE

pytestmark = pytest.mark.django_db

# Session and user (2) plus the page's own reads.
BUDGETS = {
    "board": 4,  # totals per stage, each stage's latest cards with their company
    "application_list": 5,  # filter companies, count, page
    "company_list": 4,  # count, page
    "contact_list": 4,  # count, page
}


@pytest.mark.parametrize("size", [5, 500])
@pytest.mark.parametrize(("name", "budget"), BUDGETS.items())
def test_page_runs_a_fixed_number_of_queries(
    signed_in, user, make_pipeline, django_assert_max_num_queries, name, budget, size
):
    make_pipeline(user, size)

    with django_assert_max_num_queries(budget):
        response = signed_in.get(reverse(f"jobhunt:{name}"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [5, 500])
def test_a_filtered_sorted_later_page_runs_the_same_queries(
    signed_in, user, make_pipeline, django_assert_max_num_queries, size
):
    applications = make_pipeline(user, size)
    params = {"q": "role", "status": "applied", "company": applications[0].company_id, "sort": "company", "page": 2}

    # One more than the plain list: the company filter's value is looked up (among my own companies).
    with django_assert_max_num_queries(BUDGETS["application_list"] + 1):
        response = signed_in.get(reverse("jobhunt:application_list"), params)

    assert response.status_code == 200


@pytest.mark.parametrize("size", [5, 500])
def test_application_detail_runs_a_fixed_number_of_queries(
    signed_in, user, make_pipeline, django_assert_max_num_queries, size
):
    application = make_pipeline(user, size)[0]

    # application, events, interviews and their people, contacts
    with django_assert_max_num_queries(7):
        response = signed_in.get(application.get_absolute_url())

    assert response.status_code == 200


def test_the_big_pipeline_really_fills_the_pages(signed_in, user, make_pipeline):
    make_pipeline(user, 500)

    board = signed_in.get(reverse("jobhunt:board")).context["columns"]

    assert sum(column.total for column in board) == 500
    assert all(len(column.applications) == BOARD_COLUMN_SIZE for column in board)
