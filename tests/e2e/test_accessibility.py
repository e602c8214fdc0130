"""Every main page of the demo account, wide and on a phone, light and dark: no wider than the
screen, no serious or critical axe-core (vendored) problem, screenshots kept to look at; and the
walkthrough's first step can be done with the keyboard alone."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from jobhunt import demo
from jobhunt import services as jobhunt
from jobhunt.models import Application, Status
from recovery.models import Journey
from recovery.steps import Step
from tests.factories import PASSWORD, ApplicationFactory, CompanyFactory, ContactFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")


def _sign_in(page, email, password):
    page.goto(reverse("accounts:login"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(reverse("home:dashboard")) + "$"))


def _violations(page) -> list[dict]:
    """axe-core's serious and critical findings for the whole page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [violation for violation in result["violations"] if violation["impact"] in BLOCKING]


def _report(found: dict[str, list[dict]]) -> str:
    lines = []
    for url, violations in found.items():
        for violation in violations:
            lines.append(f"{url}: [{violation['impact']}] {violation['id']}: {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    at {' '.join(node['target'])}")
                lines.append(f"       {node['failureSummary'].replace(chr(10), ' / ')}")
            lines.append(f"    see {violation['helpUrl']}")
    return "\n".join(lines)


@pytest.fixture
def demo_user(transactional_db):
    return demo.seed()


SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
SIZES = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# The demo's Today fits one screen at 1280 wide (with the menu and footer).
DASHBOARD_HEIGHT = 1000


def _main_pages(user) -> dict[str, str]:
    application = Application.objects.for_user(user).filter(status=Status.REJECTED).order_by("pk").first()
    journey = Journey.objects.for_user(user).in_progress().first()
    return {
        "dashboard": reverse("home:dashboard"),
        "board": reverse("jobhunt:board"),
        "applications": reverse("jobhunt:application_list"),
        "application": reverse("jobhunt:application_detail", args=[application.pk]),
        "companies": reverse("jobhunt:company_list"),
        "contacts": reverse("jobhunt:contact_list"),
        "insights": reverse("insights:overview"),
        "insights mood": reverse("insights:mood"),
        "insights feedback": reverse("insights:feedback"),
        "rejections this year": reverse("insights:rejections"),
        "journeys": reverse("recovery:journey_list"),
        "journey step": reverse("recovery:journey_step", args=[journey.pk, journey.resume_step]),
        "week": reverse("recovery:week"),
        "profile": reverse("accounts:profile"),
        "reminders": reverse("reminders:preferences"),
        "new application": reverse("jobhunt:application_create"),
        "save from any site": reverse("jobhunt:bookmarklet"),
        "cvs and cover letters": reverse("jobhunt:document_list"),
        "search log": reverse("jobhunt:search_log"),
        "your mailbox": reverse("inbox:mailbox"),
        "a break from rejections": reverse("accounts:protection"),
    }


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_main_page_of_the_demo_fits_the_screen_and_passes_axe(browser, live_server, demo_user, theme):
    """At 1280×900 and 390×844, in the theme the device asks for: nothing wider than the screen,
    no serious or critical axe-core finding, and a full-page screenshot under var/screenshots/."""
    found, wider = {}, []
    for size, viewport in SIZES.items():
        # add_script_tag(path=…) puts axe's source inline, which the page's strict CSP would block.
        context = browser.new_context(
            base_url=live_server.url, bypass_csp=True, viewport=viewport, color_scheme=theme, reduced_motion="reduce"
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        folder = SCREENSHOTS / f"{theme}-{size}"
        folder.mkdir(parents=True, exist_ok=True)
        try:
            page.goto(reverse("accounts:login"))
            found[f"login (signed out, {size})"] = _violations(page)
            _sign_in(page, demo.DEMO_EMAIL, demo.DEMO_PASSWORD)
            pages = _main_pages(demo_user)
            for name, url in pages.items():
                response = page.goto(url)
                assert response.status == 200, f"{name}: {url} answered {response.status}"
                expect(page.locator("h1")).to_have_count(1)
                assert page.evaluate("document.documentElement.dataset.bsTheme") == theme
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > viewport["width"]:
                    wider.append(f"{name} at {size}: {width}px wide in a {viewport['width']}px screen")
                found[f"{name} ({url}, {size})"] = _violations(page)
                page.screenshot(path=str(folder / f"{name.replace(' ', '-')}.png"), full_page=True)
                if name == "dashboard" and size == "wide":
                    height = page.evaluate("document.documentElement.scrollHeight")
                    assert height <= DASHBOARD_HEIGHT, f"Today is {height}px tall at 1280 wide ({theme})"
        finally:
            context.close()

    assert len(found) == 2 * (len(pages) + 1)
    assert not wider, "pages wider than the screen:\n" + "\n".join(wider)
    found = {url: violations for url, violations in found.items() if violations}
    assert not found, "axe-core found serious or critical problems:\n" + _report(found)


# Keyboard only ------------------------------------------------------------------------------------

TAB_LIMIT = 80

# A date field's calendar button is the browser's own, inside the field: it draws its own ring.
FOCUS_SHOWN = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    if (!el.matches(":focus") && el.matches(":focus-within")) return "";
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== "none";
    return outline || shadow ? "" : (el.outerHTML || el.tagName).slice(0, 120);
}"""


def _tab_to(page, target):
    """Press Tab until `target` has the focus, checking that every stop on the way shows it."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        unseen = page.evaluate(FOCUS_SHOWN)
        assert unseen in ("", None), f"focus is not visible on {unseen}"
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target}")


@pytest.fixture
def rejected(transactional_db):
    user = UserFactory(email="kim@example.com", display_name="Kim")
    company = CompanyFactory(user=user, name="Fernhill Robotics")
    contact = ContactFactory(user=user, company=company, name="Maya Lindqvist", email="maya@fernhill.example")
    application = ApplicationFactory(user=user, company=company, role_title="Backend Engineer", contacts=[contact])
    jobhunt.application_move(application=application, to_status=Status.REJECTED)
    return Journey.objects.get(application=application)


def test_step_one_of_the_walkthrough_can_be_done_with_the_keyboard_alone(browser, live_server, rejected):
    # Reduced motion: focus rings appear at once instead of fading in.
    context = browser.new_context(base_url=live_server.url, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _sign_in(page, rejected.user.email, PASSWORD)
        page.goto(reverse("recovery:journey_step", args=[rejected.pk, Step.FEEDBACK]))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Step 1 of 4: Get feedback")

        # The drafted request is there; send it.
        message = page.locator("#id_request-message")
        _tab_to(page, message)
        expect(message).to_have_value(re.compile(r"^Hi Maya,"))
        _tab_to(page, page.get_by_role("button", name="I've sent it"))
        page.keyboard.press("Enter")
        expect(page.locator("#request")).to_contain_text("Sent on")

        # What came back, and what decided it (Space ticks a box).
        feedback = page.locator("#id_feedback-feedback")
        _tab_to(page, feedback)
        page.keyboard.type("Strong technically; another candidate had led a team before.")
        edged_out = page.get_by_label("Another candidate edged ahead")
        _tab_to(page, edged_out)
        page.keyboard.press("Space")
        expect(edged_out).to_be_checked()
        _tab_to(page, page.locator("#feedback").get_by_role("button", name="Save"))
        page.keyboard.press("Enter")
        expect(page.locator("#feedback")).to_contain_text("led a team")  # noted: it reads as text now

        # Something to work on: Enter in the field submits its form.
        title = page.locator("#id_action-title")
        _tab_to(page, title)
        page.keyboard.type("Prepare two stories about leading a project")
        page.keyboard.press("Enter")
        expect(page.locator("#actions")).to_contain_text("Prepare two stories about leading a project")

        # Another one: Enter on the button brings the form in place, and the focus with it.
        _tab_to(page, page.get_by_role("link", name="Add an action"))
        page.keyboard.press("Enter")
        expect(page.locator("#id_action-title")).to_be_focused()
        page.keyboard.type("Ask a former lead for a reference")
        page.keyboard.press("Enter")
        expect(page.locator("#actions")).to_contain_text("Ask a former lead for a reference")

        # Done with this step: Space on the button moves on.
        _tab_to(page, page.get_by_role("button", name=re.compile(r"^Done, next: ")))
        page.keyboard.press("Space")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Step 2 of 4: Clear your head")
    finally:
        context.close()

    rejected.refresh_from_db()
    assert rejected.request_sent_on is not None
    assert rejected.deciding_factors == ["edged_out"]
    assert sorted(rejected.actions.values_list("title", flat=True)) == [
        "Ask a former lead for a reference",
        "Prepare two stories about leading a project",
    ]
    assert rejected.step_states[Step.FEEDBACK].state == "done"
