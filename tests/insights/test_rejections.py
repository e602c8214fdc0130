"""The insights page lists the latest rejections; every one of the year stays a click away."""

import datetime
import re

import pytest
from django.urls import reverse

from insights import views
from insights.selectors.mood import REJECTIONS_LISTED
from jobhunt.models import Status
from tests.insights.conftest import applied, mood

pytestmark = pytest.mark.django_db

URL = "/insights/rejections/"


def _ago(user, days):
    return user.local_today() - datetime.timedelta(days=days)


def _rows(html: str) -> list[str]:
    """The first column of each row of the bounce-back table, in order."""
    table = html[html.index('<caption class="visually-hidden">Bouncing back after each rejection') :]
    table = table[: table.index("</table>")]
    return [
        re.sub(r"\s+", " ", row).strip() for row in re.findall(r'<th scope="row" class="fw-normal">(.*?)</th>', table)
    ]


def _rejected(user, count):
    """One rejection a day over the last `count` days (Co 1 the latest), a check-in each day."""
    for n in range(1, count + 1):
        applied(user, f"Co {n}", on=_ago(user, 60), moves=[(Status.REJECTED, _ago(user, n))])
    for days in range(count + 10, -1, -1):
        mood(user, _ago(user, days), 4)


def test_the_page_lives_under_insights():
    assert reverse("insights:rejections") == URL


def test_a_short_year_is_listed_whole_on_the_insights_page_with_no_link(signed_in, user):
    _rejected(user, 3)

    html = signed_in.get(reverse("insights:mood")).content.decode()

    assert "Show every rejection this year" in html
    assert _rows(html) == [f"Co {n} said no on " + _ago(user, n).strftime("%-d %b") for n in (1, 2, 3)]
    assert URL not in html


def test_a_long_year_lists_the_latest_and_links_to_every_one(signed_in, user):
    count = REJECTIONS_LISTED + 3
    _rejected(user, count)

    html = signed_in.get(reverse("insights:mood")).content.decode()

    assert f"Show the latest {REJECTIONS_LISTED} rejections" in html
    listed = _rows(html)
    assert len(listed) == REJECTIONS_LISTED
    assert listed[0].startswith("Co 1 said no on") and listed[-1].startswith(f"Co {REJECTIONS_LISTED} ")
    assert f'<a href="{URL}">See all {count} rejections this year</a>' in html


def test_the_rejections_page_shows_every_one_newest_first_page_by_page(signed_in, user, monkeypatch):
    monkeypatch.setattr(views, "REJECTIONS_PER_PAGE", 10)
    count = REJECTIONS_LISTED + 3
    _rejected(user, count)

    pages = [signed_in.get(URL, {"page": n}).content.decode() for n in (1, 2, 3)]

    rows = [row for page in pages for row in _rows(page)]
    assert [row.split(" said")[0] for row in rows] == [f"Co {n}" for n in range(1, count + 1)]
    assert f"{count} rejections on {count} days; showing 1–10." in pages[0]
    assert 'href="?page=2">Next</a>' in pages[0]
    assert '<h1 class="h3 mb-1">Every rejection this year</h1>' in pages[0]
    assert "Held steady" in pages[0]


def test_the_rejections_page_has_a_friendly_empty_state_and_no_one_elses_rejections(signed_in, user, other_user):
    applied(other_user, "Their Secret Co", on=_ago(other_user, 20), moves=[(Status.REJECTED, _ago(other_user, 3))])

    html = signed_in.get(URL).content.decode()

    assert "No rejections this past year." in html
    assert "Their Secret Co" not in html


def test_names_are_escaped_on_the_rejections_page(signed_in, user):
    applied(user, "<b>Bold</b>", on=_ago(user, 20), moves=[(Status.REJECTED, _ago(user, 3))])

    html = signed_in.get(URL).content.decode()

    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; said no on" in html
