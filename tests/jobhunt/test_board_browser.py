"""The board in a real headless Chromium: dragging a card moves it without a page load, its Move
menu works from the keyboard alone, and with JavaScript off the Move link opens a page that works."""

import pytest
from django.conf import settings

from jobhunt.models import Application
from tests.browser import chromium
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


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

    title = page.locator(f"#card-{application.pk} a").first.bounding_box()
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


def test_a_card_dragged_onto_an_ending_leaves_the_board_and_is_counted_there(browser, client, live_server, user):
    application = ApplicationFactory(user=user, role_title="Platform Engineer")
    page = signed_in_page(browser, client, live_server, user)
    page.goto(f"{live_server.url}/board/")

    title = page.locator(f"#card-{application.pk} a").first.bounding_box()
    target = page.locator("li[data-status=ghosted]").bounding_box()
    page.mouse.move(title["x"] + 5, title["y"] + 5)
    page.mouse.down()
    page.mouse.move(target["x"] + 10, target["y"] + 10, steps=8)
    page.mouse.up()

    page.locator(f"#card-{application.pk}").wait_for(state="detached")
    assert page.locator("li[data-status=ghosted] [data-count]").text_content() == "1"
    assert Application.objects.get(pk=application.pk).status == "ghosted"


def test_the_move_menu_works_from_the_keyboard_alone(browser, client, live_server, user):
    application = ApplicationFactory(user=user, role_title="Platform Engineer")
    page = signed_in_page(browser, client, live_server, user)
    page.goto(f"{live_server.url}/board/")

    page.locator(f"#card-{application.pk} [data-move-link]").focus()
    page.keyboard.press("Enter")
    menu = page.get_by_role("menu", name="Move to")
    menu.wait_for()
    assert menu.get_by_role("menuitem", name="Applied").count() == 0  # where it is already
    page.keyboard.press("ArrowDown")  # from "Saved" to "Screening"
    page.keyboard.press("Enter")

    page.locator(f"section[data-status=screening] #card-{application.pk}").wait_for()
    assert page.locator("[data-board-status]").text_content() == "Moved Platform Engineer to Screening."
    assert Application.objects.get(pk=application.pk).status == "screening"


def test_without_javascript_the_move_link_opens_a_page_of_stages(browser, client, live_server, user):
    application = ApplicationFactory(user=user, role_title="Platform Engineer")
    page = signed_in_page(browser, client, live_server, user, javascript=False)
    page.goto(f"{live_server.url}/board/")

    page.click(f"#card-{application.pk} [data-move-link]")
    page.get_by_role("button", name="Offer").click()

    page.locator(f"section[data-status=offer] #card-{application.pk}").wait_for()
    assert page.url == f"{live_server.url}/board/"
    assert Application.objects.get(pk=application.pk).status == "offer"
