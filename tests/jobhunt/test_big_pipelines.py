"""Pages stay light with a long search: the board shows each stage's latest cards and links to the
rest, and long choice lists render as plain selects would, only faster."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from jobhunt import selectors
from jobhunt.forms import QuickSelect
from jobhunt.models import Application, Status
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _applied(user, count, *, status=Status.APPLIED):
    """`count` applications, the first one moved most recently."""
    company = CompanyFactory(user=user)
    now = timezone.now()
    return Application.objects.bulk_create(
        Application(
            user=user,
            company=company,
            role_title=f"Role {n}",
            status=status,
            status_changed_at=now - datetime.timedelta(hours=n),
        )
        for n in range(count)
    )


def test_a_long_column_shows_its_latest_cards_and_counts_them_all(user, other_user):
    applications = _applied(user, selectors.BOARD_COLUMN_SIZE + 5)
    _applied(other_user, 3)

    columns = {column.status: column for column in selectors.board(user).columns}

    applied = columns[Status.APPLIED]
    assert applied.total == selectors.BOARD_COLUMN_SIZE + 5
    assert applied.more == 5
    assert [card.pk for card in applied.cards] == [a.pk for a in applications[: selectors.BOARD_COLUMN_SIZE]]
    assert columns[Status.SAVED].total == 0 and columns[Status.SAVED].cards == []


def test_the_board_links_a_long_column_to_the_rest_of_that_stage(signed_in, user):
    _applied(user, selectors.BOARD_COLUMN_SIZE + 2)
    _applied(user, 1, status=Status.OFFER)

    html = signed_in.get(reverse("jobhunt:board")).content.decode()

    assert html.count("data-card ") == selectors.BOARD_COLUMN_SIZE + 1
    assert f"<span data-count>{selectors.BOARD_COLUMN_SIZE + 2}</span>" in html
    assert f'href="{reverse("jobhunt:application_list")}?status=applied">2 more' in html
    assert "?status=offer" not in html  # a short column has nothing more to show


def test_a_stage_emptied_by_the_limit_still_counts_as_not_empty(signed_in, user):
    _applied(user, 1, status=Status.OFFER)

    html = signed_in.get(reverse("jobhunt:board")).content.decode()

    section = html[html.index('data-status="offer"') :]
    assert 'class="small text-body-secondary d-none" data-empty' in section[: section.index("</section>")]


@pytest.mark.parametrize("value", ["", "2", "4", None])
def test_the_quick_select_writes_exactly_what_djangos_select_writes(value):
    choices = [("", "Any <company>"), (1, "A & B"), (2, 'Say "hi"'), ("Group", [(3, "x"), (4, "y")])]
    attrs = {"class": "form-select", "required": True, "disabled": False, "data-note": "<b>"}

    expected = forms.Select(choices=choices, attrs=attrs).render("company", value, attrs={"id": "id_company"})
    actual = QuickSelect(choices=choices, attrs=attrs).render("company", value, attrs={"id": "id_company"})

    assert actual == expected


def test_the_list_filter_still_offers_every_company_escaped(signed_in, user):
    CompanyFactory(user=user, name="<script>Acme</script>")
    companies = [CompanyFactory(user=user, name=f"Company {n}") for n in range(3)]

    response = signed_in.get(reverse("jobhunt:application_list"), {"company": companies[1].pk})

    html = response.content.decode()
    assert f'<option value="{companies[1].pk}" selected>Company 1</option>' in html
    assert "&lt;script&gt;Acme&lt;/script&gt;" in html and "<script>Acme" not in html
