"""The insights page and the pace guard on the dashboard: access, empty states, escaping, messages."""

import datetime
import re

import pytest
from django.urls import reverse

from jobhunt.models import Status
from tests.insights.conftest import applied, mood

pytestmark = pytest.mark.django_db

URL = "/insights/"
TABS = ["/insights/", "/insights/mood/", "/insights/feedback/"]


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


class _Tabs:
    """The three tabs' main content, read as one: what "the insights" show."""

    def __init__(self, client):
        self.responses = [client.get(url) for url in TABS]
        self.status_code = max(response.status_code for response in self.responses)
        self.content = "".join(_main(response) for response in self.responses).encode()


def _all(client):
    return _Tabs(client)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _ago(user, days):
    return user.local_today() - datetime.timedelta(days=days)


def test_the_page_lives_at_insights():
    assert reverse("insights:overview") == URL


@pytest.mark.parametrize("url", [*TABS, "/insights/rejections/"])
def test_signed_out_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", [*TABS, "/insights/rejections/"])
def test_the_pages_only_read(signed_in, url):
    assert signed_in.post(url).status_code == 405
    assert signed_in.head(url).status_code == 200


def test_a_brand_new_person_sees_friendly_empty_states_and_no_broken_figures(signed_in):
    response = _all(signed_in)

    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "Once you've sent a few applications" in text
    assert "Note where each job came from" in text
    assert "When applications start moving between stages" in text
    assert "Check in your mood now and then" in text
    assert "No rejections this past year" in text
    assert "the walkthrough helps you ask for feedback" in text
    assert "— heard back: nothing sent yet" in text
    assert "set a target" in text
    assert "Each week's applications show here next to your target" in text
    assert 'role="img"' not in response.content.decode()  # the main content of every tab
    assert "Lots going out" not in text and "A lot of no" not in text


def test_the_menu_has_insights_marked_current_on_each_of_its_tabs(signed_in):
    for url in TABS:
        html = signed_in.get(url).content.decode()
        assert re.search(r'<a class="nav-link active" href="/insights/" aria-current="page">Insights</a>', html)
        assert f'href="{url}" aria-current="page"' in html  # and the tab itself


def test_every_chart_has_a_label_and_a_table_or_summary_beside_it(signed_in, user):
    applied(user, "Acme", on=_ago(user, 30), moves=[(Status.SCREENING, _ago(user, 25))])
    applied(user, "Birch", on=_ago(user, 20), moves=[(Status.REJECTED, _ago(user, 10))])
    for days in range(14, 0, -1):
        mood(user, _ago(user, days), 3 if days in (9, 8) else 4)

    html = _all(signed_in).content.decode()

    # Drawn charts are labelled images (weeks, mood, bounce-backs); bars are labelled lists (funnel,
    # sources, stages): each says in words what it shows, and a table or a sentence sits beside it.
    svgs = re.findall(r'<svg [^>]*role="img" aria-label="([^"]+)"', html)
    lists = re.findall(r'<ul class="hbars" aria-label="([^"]+)"', html)
    assert len(svgs) == 3 and len(lists) == 3
    assert all(len(label) > 20 for label in svgs) and all(len(label) > 10 for label in lists)
    assert "This week: " in svgs[0] and "Last " in svgs[1] and "Days to get back" in svgs[2]
    assert html.count("<table") == 6
    assert "Birch said no on" in html
    assert "You were back to your usual in <strong>3 days</strong>" in html


def test_names_are_escaped_everywhere_they_show(signed_in, user):
    applied(user, "<script>alert(1)</script>", on=_ago(user, 20), moves=[(Status.REJECTED, _ago(user, 3))])
    for days in range(10, -1, -1):
        mood(user, _ago(user, days), 4)

    html = _all(signed_in).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; said no on" in html


def test_another_persons_figures_never_show(signed_in, user, other_user):
    applied(other_user, "Their Secret Co", on=_ago(other_user, 20), moves=[(Status.REJECTED, _ago(other_user, 3))])
    mood(other_user, _ago(other_user, 1), 1)

    text = _text(_all(signed_in).content.decode())

    assert "Their Secret Co" not in text
    assert "— heard back: nothing sent yet" in text
    assert "Check in your mood now and then" in text


def test_several_rejections_close_together_bring_a_gentle_word_and_a_way_to_quiet_mode(signed_in, user):
    for n, days in enumerate((8, 5, 2)):
        applied(user, f"No {n}", on=_ago(user, 30), moves=[(Status.REJECTED, _ago(user, days))])

    html = _all(signed_in).content.decode()

    assert "A lot of no's in a short time" in html
    assert "3 rejections in 10 days is a lot to take in" in _text(html)
    assert f'href="{reverse("reminders:preferences")}#quiet-heading"' in html
    assert "Pause reminders for a few days" in html


def test_many_applications_and_no_reply_suggest_changing_the_approach(signed_in, user):
    for n in range(10):
        applied(user, f"Burst {n}", on=_ago(user, n % 5))
    user.reminders_paused_until = user.local_today() + datetime.timedelta(days=2)
    user.save()

    text = _text(_all(signed_in).content.decode())

    assert "Lots going out, nothing coming back" in text
    assert "You've sent 10 applications in the last 7 days" in text
    assert "Quiet mode is on until" in text
    assert "Pause reminders for a few days" not in text


def test_the_dashboard_carries_the_pace_guard_too(signed_in, user):
    for n, days in enumerate((8, 5, 2)):
        applied(user, f"No {n}", on=_ago(user, 30), moves=[(Status.REJECTED, _ago(user, days))])

    html = _main(signed_in.get(reverse("home:dashboard")))

    assert "3 rejections in 10 days is a lot." in _text(html)
    assert f'href="{reverse("reminders:preferences")}#quiet-heading"' in html
