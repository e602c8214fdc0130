"""The board in a real headless Chromium: dragging a card moves it without a page load, and the
card's plain form still works with JavaScript off."""

import os
import shutil

import pytest
from django.conf import settings
from django.db import connections

from jobhunt.models import Application
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser(monkeypatch):
    if not CHROMIUM:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium is needed for the browser tests in CI")
        pytest.skip("Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls here stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()
        # Inside Playwright's loop the ORM used connections of their own: close them here, or the
        # test database cannot be dropped at the end of the run.
        connections.close_all()


def signed_in_page(browser, client, live_server, user, *, javascript=True):
    client.force_login(user)
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1400, "height": 900})
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


def test_dragging_a_card_to_another_column_moves_the_application(browser, client, live_server, user):
    application = ApplicationFactory(user=user, role_title="Platform Engineer")
    page = signed_in_page(browser, client, live_server, user)
    page.goto(f"{live_server.url}/board/")
    loads = []
    page.on("load", lambda _: loads.append(1))

    title = page.locator(f"#card-{application.pk} a").bounding_box()
    target = page.locator("section[data-status=interviewing]").bounding_box()
    page.mouse.move(title["x"] + 5, title["y"] + 5)
    page.mouse.down()
    page.mouse.move(target["x"] + 40, target["y"] + 60, steps=8)
    page.mouse.up()

    page.locator(f"section[data-status=interviewing] #card-{application.pk}").wait_for()
    assert page.locator("[data-board-status]").text_content() == "Moved Platform Engineer to Interviewing."
    assert page.locator("section[data-status=interviewing] [data-count]").text_content() == "1"
    assert page.locator("section[data-status=applied] [data-count]").text_content() == "0"
    assert loads == []  # no page load: the move went through fetch
    application.refresh_from_db()
    assert application.status == "interviewing"
    assert application.events.first().to_status == "interviewing"


def test_the_move_form_works_without_javascript(browser, client, live_server, user):
    application = ApplicationFactory(user=user, role_title="Platform Engineer")
    page = signed_in_page(browser, client, live_server, user, javascript=False)
    page.goto(f"{live_server.url}/board/")

    page.select_option(f"#move-{application.pk}", "offer")
    page.click(f"#card-{application.pk} button[type=submit]")

    page.locator(f"section[data-status=offer] #card-{application.pk}").wait_for()
    assert page.url == f"{live_server.url}/board/"
    assert Application.objects.get(pk=application.pk).status == "offer"
