"""The sharing pages in a real headless Chromium: axe-core finds no serious problem, changes that
cut access off ask first, and the coach page opens for someone with no account."""

import pytest
from django.conf import settings

from sharing import services
from sharing.models import CalendarFeed, ShareLink
from tests.browser import chromium
from tests.factories import ApplicationFactory, InterviewFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


def _signed_in_page(browser, client, live_server, user):
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def _no_serious_axe_violations(page):
    origin = "/".join(page.url.split("/", 3)[:3])
    page.add_script_tag(url=f"{origin}/static/vendor/axe.min.js")
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == [], page.url


def test_the_settings_page_is_accessible_and_asks_before_cutting_access_off(browser, client, live_server, user):
    ApplicationFactory(user=user)
    page = _signed_in_page(browser, client, live_server, user)
    page.goto(f"{live_server.url}/sharing/")

    page.get_by_role("button", name="Turn on the calendar feed").click()
    page.get_by_label("Your private address").wait_for()
    address = page.get_by_label("Your private address").input_value()
    assert address.endswith(CalendarFeed.objects.get(user=user).token + ".ics")

    page.get_by_label("Who it's for").fill("For my career coach")
    page.get_by_label("90 days").check()
    page.get_by_role("button", name="Make the link").click()
    new_link = page.locator("#new-link-url")
    new_link.wait_for()
    assert "/sharing/coach/" in new_link.input_value()
    _no_serious_axe_violations(page)

    # Saying no to the question leaves the link open; saying yes revokes it.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Revoke “For my career coach”").click()
    assert asked == ["Revoke this link? Whoever has it won't be able to open it any more."]
    assert ShareLink.objects.get(user=user).revoked_at is None
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke “For my career coach”").click()
    page.get_by_text("Closed links").wait_for()
    assert ShareLink.objects.get(user=user).revoked_at is not None


def test_the_coach_page_opens_without_an_account_and_is_accessible(browser, live_server, user):
    application = ApplicationFactory(user=user, role_title="Backend Engineer")
    InterviewFactory(application=application)
    _link, token = services.share_link_create(user=user, label="Coach", days=7)
    page = browser.new_context().new_page()

    response = page.goto(f"{live_server.url}/sharing/coach/{token}/")

    assert response.status == 200
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.get_by_role("cell", name="Backend Engineer").count() == 1
    _no_serious_axe_violations(page)


def test_a_closed_link_page_is_accessible(browser, live_server, user):
    link, token = services.share_link_create(user=user, label="Coach", days=7)
    services.share_link_revoke(link=link)
    page = browser.new_context().new_page()

    response = page.goto(f"{live_server.url}/sharing/coach/{token}/")

    assert response.status == 410
    assert page.get_by_role("heading", level=1).text_content() == "This link has closed"
    _no_serious_axe_violations(page)
