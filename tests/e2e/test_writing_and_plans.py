"""With the keyboard alone: a rejection's walkthrough to step 2, a private writing session with its
timer, then step 4's if-then plan, ticked as done, and the week page showing it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from recovery.models import IfThenPlan, WeeklyPlan, WritingSession
from recovery.steps import Step
from tests.e2e.test_accessibility import _tab_to
from tests.e2e.test_walkthrough import _assert_accessible, _sign_in
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORDS = "I really wanted this one. It stings, and that is allowed."


@pytest.fixture
def seeker(transactional_db):
    user = UserFactory(email="robin@example.com", display_name="Robin")
    company = CompanyFactory(user=user, name="Fernhill Robotics")
    contact = ContactFactory(user=user, company=company, name="Maya Lindqvist", email="maya@fernhill.example")
    application = ApplicationFactory(user=user, company=company, role_title="Backend Engineer", contacts=[contact])
    return {"user": user, "application": application}


def _press_on(page, target, key="Enter"):
    _tab_to(page, target)
    page.keyboard.press(key)


def test_writing_a_session_then_an_if_then_plan_with_the_keyboard_alone(keyboard_page, seeker):
    page = keyboard_page
    _sign_in(page, seeker["user"].email)

    # "I was turned down" opens the walkthrough; step 1 is left for later.
    page.goto(reverse("jobhunt:application_detail", args=[seeker["application"].pk]))
    _press_on(page, page.get_by_role("button", name="I was turned down"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step 1 of 4: Get feedback")
    _press_on(page, page.get_by_role("button", name=re.compile(r"^Done, next: ")), "Space")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step 2 of 4: Clear your head")

    # Step 2 invites a writing session; Enter brings the box in place, ready to type.
    writing = page.locator("#writing")
    expect(writing).to_contain_text("If you have fifteen or twenty minutes today")
    _press_on(page, page.get_by_role("link", name="Start writing"))
    box = page.locator("#id_writing-text")
    expect(box).to_be_focused()
    expect(box).to_have_value("")
    timer = page.get_by_role("timer", name="Time left")
    expect(timer).to_be_visible()
    expect(timer).to_have_text("15:00")

    # The timer starts, counts down calmly, pauses; typing goes on whatever it does.
    toggle = page.get_by_role("button", name="Start the timer")
    _press_on(page, toggle)
    expect(page.get_by_role("button", name="Pause the timer")).to_be_visible()
    expect(timer).to_have_text(re.compile(r"^14:5\d$"))
    _tab_to(page, box)
    page.keyboard.type(WORDS)
    expect(page.locator("#writing-status")).to_contain_text("Saved at")  # as typed, with htmx
    assert WritingSession.objects.get().text == WORDS
    _press_on(page, page.get_by_role("button", name="Pause the timer"), "Space")
    expect(page.get_by_role("button", name="Carry on with the timer")).to_be_visible()
    paused_at = timer.text_content()
    page.wait_for_timeout(1500)
    expect(timer).to_have_text(paused_at)
    _tab_to(page, box)
    page.keyboard.type(" Tomorrow I'll look again.")

    # Saving the plain way comes back to the same day's text, the paused timer where it was.
    _press_on(page, page.get_by_role("button", name="Save my writing"))
    expect(writing).to_contain_text("You wrote earlier today")
    expect(page.locator("#id_writing-text")).to_have_value(WORDS + " Tomorrow I'll look again.")
    expect(page.get_by_role("button", name="Carry on with the timer")).to_be_visible()
    expect(page.get_by_role("timer", name="Time left")).to_have_text(paused_at)
    _assert_accessible(page)

    _press_on(page, page.get_by_role("button", name=re.compile(r"^Done, next: ")), "Space")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step 3 of 4: Stay positive")
    _press_on(page, page.get_by_role("button", name=re.compile(r"^Done, next: ")), "Space")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step 4 of 4: Stick to the game plan")

    # Step 4: this week's targets, then when and where.
    _press_on(page, page.get_by_role("button", name="Save the plan"))
    expect(page.locator("#plan")).to_contain_text("Applications: 1 of 3")
    _press_on(page, page.get_by_role("link", name="Plan when and where"))
    target = page.locator("#id_ifthen-target")
    expect(target).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(target).to_have_value("practice")
    expect(page.locator("#id_ifthen-weekday option:checked")).to_have_text(re.compile(r"^Today \("))
    _tab_to(page, page.locator("#id_ifthen-at"))
    page.keyboard.type("1000")
    page.keyboard.type("AM")
    _tab_to(page, page.locator("#id_ifthen-place"))
    page.keyboard.type("the library")
    _tab_to(page, page.locator("#id_ifthen-action"))
    page.keyboard.type("work through two SQL exercises")
    page.keyboard.press("Enter")

    plans = page.locator("#if-then")
    expect(plans).to_contain_text("10:00 · Volunteering or skills practice · at the library")
    expect(plans).to_contain_text("I'll work through two SQL exercises")
    _press_on(page, plans.get_by_role("button", name=re.compile(r"^It happened")), "Space")
    expect(plans.locator(".badge")).to_have_text("It happened")
    _assert_accessible(page)

    # The week page shows it, and that it happened.
    page.goto(reverse("recovery:week"))
    week_plans = page.locator("#if-then")
    expect(week_plans).to_contain_text("Volunteering or skills practice · at the library")
    expect(week_plans.locator(".badge")).to_have_text("It happened")
    _assert_accessible(page)

    plan = IfThenPlan.objects.get()
    assert (plan.target, plan.place, plan.at.hour, plan.ticked_at is not None) == ("practice", "the library", 10, True)
    assert plan.plan == WeeklyPlan.objects.get(user=seeker["user"])
    assert WritingSession.objects.get().text == WORDS + " Tomorrow I'll look again."
    assert Step.CLEAR_HEAD in {row.step for row in plan.plan.user.journeys.get().steps.filter(state="done")}
