"""The board's cards, written in Python (jobhunt_tags.board_cards): what each one says and does."""

import re

import pytest
from django.urls import reverse

from jobhunt.models import Status
from tests.factories import ApplicationFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def _card(html: str, pk: int) -> str:
    start = html.index(f'id="card-{pk}"')
    return html[start : html.index("</li>", start)]


def test_a_card_links_to_its_application_and_moves_it_back_to_the_board(signed_in, user):
    company = CompanyFactory(user=user, name="Acme")
    application = ApplicationFactory(
        user=user, company=company, role_title="Data Analyst", location="Leeds", interest=4, status=Status.SCREENING
    )

    html = signed_in.get(reverse("jobhunt:board")).content.decode()

    card = _card(html, application.pk)
    assert f'<a class="board-title" href="{application.get_absolute_url()}">Data Analyst</a>' in card
    assert "Acme · Leeds" in card
    assert '<span aria-hidden="true">★★★★☆</span><span class="visually-hidden">Interest 4 of 5</span>' in card
    assert f'action="{reverse("jobhunt:application_move", args=[application.pk])}"' in card
    assert '<input type="hidden" name="next" value="/board/">' in card
    assert re.search(r'name="csrfmiddlewaretoken" value="\w{64}"', card)
    assert f'<select id="move-{application.pk}" name="to_status"' in card
    assert 'aria-label="Move “Data Analyst” to"' in card
    assert re.findall(r"<option value=\"(\w+)\"", card) == list(Status.values)
    assert re.findall(r'<option value="(\w+)" selected>', card) == ["screening"]


def test_what_a_person_typed_is_escaped_on_a_card(signed_in, user):
    company = CompanyFactory(user=user, name="<i>Co</i>")
    application = ApplicationFactory(user=user, company=company, role_title='"><script>x</script>', location="<b>")

    card = _card(signed_in.get(reverse("jobhunt:board")).content.decode(), application.pk)

    assert "<script>" not in card and "<i>" not in card and "<b>" not in card
    assert "&quot;&gt;&lt;script&gt;x&lt;/script&gt;</a>" in card
    assert 'aria-label="Move “&quot;&gt;&lt;script&gt;x&lt;/script&gt;” to"' in card
    assert "&lt;i&gt;Co&lt;/i&gt; · &lt;b&gt;" in card


def test_a_moved_card_posts_back_where_it_came_from(signed_in, user):
    application = ApplicationFactory(user=user)
    html = signed_in.get(reverse("jobhunt:board")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', _card(html, application.pk)).group(1)

    response = signed_in.post(
        reverse("jobhunt:application_move", args=[application.pk]),
        {"csrfmiddlewaretoken": token, "next": "/board/", "to_status": "interviewing"},
    )

    assert response.status_code == 302 and response["Location"] == "/board/"
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
