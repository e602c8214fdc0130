"""Pages stay light with a long search: the board shows each stage's latest cards and links to the
rest, and no page lists every company or every contact to choose from."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobhunt import selectors
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


def test_the_list_filters_on_a_company_without_listing_every_company(signed_in, user):
    CompanyFactory(user=user, name="<script>Acme</script>")
    companies = [CompanyFactory(user=user, name=f"Company {n}") for n in range(3)]

    response = signed_in.get(reverse("jobhunt:application_list"), {"company": companies[1].pk})

    html = response.content.decode()
    assert (
        "<option"
        not in html.split('aria-label="Filter applications"', 1)[1]
        .split("</form>", 1)[0]
        .replace('<option value=""', "")
        .split('name="status"', 1)[0]
    )
    assert f'<input type="hidden" name="company" value="{companies[1].pk}"' in html
    assert "At <a" in html and ">Company 1</a> only" in html
    assert "Acme" not in html  # other companies aren't listed anywhere


def test_the_application_form_offers_a_few_people_not_every_contact(signed_in, user):
    company = CompanyFactory(user=user, name="Brightwater")
    from tests.factories import ContactFactory

    there = ContactFactory(user=user, company=company, name="Ana at Brightwater")
    ContactFactory.create_batch(30, user=user)
    application = Application.objects.create(user=user, company=company, role_title="Analyst")

    html = signed_in.get(reverse("jobhunt:application_edit", args=[application.pk])).content.decode()

    assert html.count('name="contacts"') == 1  # only the one at this company is suggested
    assert f'value="{there.pk}"' in html
