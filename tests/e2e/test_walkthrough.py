"""From "rejected" back to the game plan, in a real browser."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from recovery.models import Journey
from tests.factories import PASSWORD, ApplicationFactory, CompanyFactory, ContactFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeker(transactional_db):
    user = UserFactory(email="sam@example.com", display_name="Sam")
    company = CompanyFactory(user=user, name="Fernhill Robotics")
    contact = ContactFactory(user=user, company=company, name="Maya Lindqvist", email="maya@fernhill.example")
    application = ApplicationFactory(user=user, company=company, role_title="Backend Engineer", contacts=[contact])
    return {"user": user, "application": application, "contact": contact}


def _sign_in(page, email):
    page.goto(reverse("accounts:login"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(reverse("home:dashboard")) + "$"))


def _assert_accessible(page):
    """axe-core (vendored) finds no serious or critical problem in the page's main content."""
    origin = "/".join(page.url.split("/", 3)[:3])
    page.add_script_tag(url=f"{origin}/static/vendor/axe.min.js")
    result = page.evaluate("() => axe.run('main', {resultTypes: ['violations']})")
    serious = [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == [], page.url


def _next_step(page, title):
    page.get_by_role("button", name=re.compile(r"^(Done, next|Next): ")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(page.locator('[aria-current="step"]')).to_contain_text(title)
    _assert_accessible(page)


def test_a_rejection_walked_through_all_four_steps_ends_up_on_the_dashboard(page, seeker):
    _sign_in(page, seeker["user"].email)

    # The application page: "I was turned down" rejects it and opens the walkthrough.
    page.goto(reverse("jobhunt:application_detail", args=[seeker["application"].pk]))
    page.get_by_role("button", name="I was turned down").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step 1 of 4: Get feedback")
    expect(page.locator('[aria-current="step"]')).to_contain_text("Get feedback")
    _assert_accessible(page)

    # Step 1: the drafted request, sent; what came back; something to work on.
    message = page.locator("#id_request-message")
    expect(message).to_have_value(re.compile(r"^Hi Maya,"))
    expect(page.get_by_role("link", name="Open in my email")).to_have_attribute("href", re.compile("^mailto:maya@"))
    message.fill("Hi Maya, thanks for your time. Could you share what tipped the decision?")
    expect(page.get_by_role("link", name="Open in my email")).to_have_attribute("href", re.compile("tipped%20the"))
    expect(page.get_by_role("heading", name="What came back")).to_have_count(0)  # nothing asked yet
    page.get_by_role("button", name="I've sent it").click()
    expect(page.get_by_text("If no answer comes in five days")).to_be_visible()
    expect(page.locator("#id_request-message")).to_have_count(0)  # sent: what came back is next
    page.fill("#id_feedback-feedback", "Strong technically; another candidate had led a team before.")
    page.get_by_label("Another candidate edged ahead").check()
    page.locator("#feedback").get_by_role("button", name="Save").click()
    page.fill("#id_action-title", "Prepare two stories about leading a project")
    page.get_by_role("button", name="Add action").click()
    expect(page.locator("#actions")).to_contain_text("Prepare two stories about leading a project")
    _next_step(page, "Clear your head")

    # Step 2: a lesson, a what-if let go, a reset, someone to stay in touch with, the chapter closed.
    page.get_by_role("link", name="Keep a lesson").click()
    expect(page.locator("#id_lesson-text")).to_be_focused()  # brought in place, ready to type
    page.fill("#id_lesson-text", "Lead with the projects I ran, not just the code I wrote.")
    page.get_by_role("button", name="Keep this lesson").click()
    page.get_by_role("link", name="Write one down").click()
    page.fill("#id_whatif-text", "What if I had mentioned the hackathon team?")
    page.get_by_role("button", name="Write it down").click()
    page.get_by_role("button", name="Let it go").click()
    expect(page.locator("#what-ifs")).to_contain_text("Let go")
    page.get_by_role("link", name="Pick one").click()
    page.get_by_label("A walk").check()
    page.get_by_role("button", name="I did it").click()
    expect(page.locator("#reset")).to_contain_text("Done on")
    page.get_by_role("link", name="Add someone").click()
    page.select_option("#id_connect-contact", label="Maya Lindqvist")
    page.get_by_role("button", name="Remind me to reconnect").click()
    expect(page.locator("#stay-connected")).to_contain_text("reconnect on")
    page.get_by_role("button", name="Close this chapter").click()
    expect(page.locator("#close")).to_contain_text("Closed on")
    _next_step(page, "Stay positive")

    # Step 3: a mood check-in (the trend draws it), perspective, a win.
    page.get_by_label("3 · Okay").check()
    page.fill("#id_mood-note", "Tired but fine")
    page.locator("#mood").get_by_role("button", name="Check in").click()
    expect(page.locator("#mood svg[role=img]")).to_have_attribute("aria-label", re.compile("1 check-in"))
    expect(page.locator("#perspective")).to_contain_text("So far you've sent 1 application")
    page.get_by_role("link", name="Log a win").click()
    page.fill("#id_win-text", "Recruiter from Northwind got in touch")
    page.get_by_role("button", name="Log this win").click()
    expect(page.locator("#wins")).to_contain_text("Recruiter from Northwind got in touch")
    _next_step(page, "Stick to the game plan")

    # Step 4: this week's plan, today's habits, the action from step 1 ticked off, finished.
    page.fill("#id_plan-applications_target", "4")
    page.get_by_label("Maya Lindqvist").check()
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator("#plan")).to_contain_text("Applications: 1 of 4")
    today = timezone.localtime(timezone.now(), seeker["user"].tzinfo)
    on_today = f"on {today:%A} {today.day} {today:%B}"
    page.locator("#habits").get_by_role("button", name=f"Stayed active {on_today}").click()
    page.locator("#habits").get_by_role("button", name=f"Slept well {on_today}").click()
    expect(page.locator("#habits")).to_contain_text("1-day streak")
    expect(page.locator("#habits").get_by_role("button", name=f"Stayed active {on_today}")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.locator("#actions").get_by_role("button", name=re.compile("^Mark done")).click()
    expect(page.locator("#actions")).to_contain_text("Done")
    page.fill("#id_finish-summary", "Show leadership early; the skills were there.")
    page.get_by_role("button", name="Finish the journey").click()

    # The summary, then the dashboard.
    expect(page.get_by_role("heading", level=1)).to_contain_text("After Backend Engineer at Fernhill Robotics")
    expect(page.locator("main")).to_contain_text("Show leadership early; the skills were there.")
    journey = Journey.objects.get(application=seeker["application"])
    assert journey.is_finished
    assert all(row.state == "done" for row in journey.step_states.values())

    page.goto(reverse("home:dashboard"))
    panel = page.locator("section", has=page.get_by_role("heading", name='After a "no"'))
    expect(panel).to_contain_text("Nothing in progress")
    check_in = page.locator("section", has=page.get_by_role("heading", name="Today's check-in"))
    expect(check_in).to_contain_text("Mood 3 of 5")
    expect(check_in.get_by_role("button", name="Stayed active")).to_have_attribute("aria-pressed", "true")
    expect(check_in.get_by_role("button", name="Ate well")).to_have_attribute("aria-pressed", "false")
    _assert_accessible(page)
