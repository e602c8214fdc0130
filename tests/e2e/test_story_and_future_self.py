"""Before the first "no", a sentence for the future self; after it, step 3 shows it back and the
story exercise is done in place. In a real browser, with the keyboard alone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from recovery.models import Journey, NoteToFutureSelf, Story
from tests.e2e.test_accessibility import _tab_to
from tests.e2e.test_walkthrough import _assert_accessible, _sign_in
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SENTENCE = "It's one no, not a verdict. Go for a walk, then send one more."


@pytest.fixture
def seeker(transactional_db):
    """Someone who has sent one application and never had a "no"."""
    user = UserFactory(email="ren@example.com", display_name="Ren")
    company = CompanyFactory(user=user, name="Fernhill Robotics")
    contact = ContactFactory(user=user, company=company, name="Maya Lindqvist", email="maya@fernhill.example")
    application = ApplicationFactory(user=user, company=company, role_title="Backend Engineer", contacts=[contact])
    return {"user": user, "application": application}


def _next_step(page, title):
    _tab_to(page, page.get_by_role("button", name=re.compile(r"^(Done, next|Next): ")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)


def test_the_card_then_step_three_with_the_keyboard_alone(keyboard_page, seeker):
    page = keyboard_page
    _sign_in(page, seeker["user"].email)

    # The card on Today: what an ordinary search looks like, and one sentence for later.
    card = page.locator("section", has=page.get_by_role("heading", name='Before the first "no"'))
    expect(card).to_contain_text("Most applications never get an answer at all")
    _assert_accessible(page)
    field = page.get_by_label('A sentence for your future self, for the day a "no" arrives')
    _tab_to(page, field)
    page.keyboard.type(SENTENCE)
    _tab_to(page, card.get_by_role("button", name="Save it for that day"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Saved.")
    expect(page.get_by_role("heading", name='Before the first "no"')).to_have_count(0)
    expect(page.locator("main")).to_contain_text('Your sentence for the day a "no" arrives is saved.')

    # The "no" comes: turned down from the application's page, then steps 1 and 2 left for later.
    page.goto(reverse("jobhunt:application_detail", args=[seeker["application"].pk]))
    _tab_to(page, page.get_by_role("button", name="I was turned down"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Step 1 of 4: Get feedback")
    _next_step(page, "Step 2 of 4: Clear your head")
    _next_step(page, "Step 3 of 4: Stay positive")

    # Step 3 shows the sentence back.
    expect(page.locator("#future-self")).to_contain_text(f"You wrote this for today: “{SENTENCE}”")

    # The story: Enter on the button brings the form in place, with the focus in it.
    _tab_to(page, page.get_by_role("link", name="Look at my story"))
    page.keyboard.press("Enter")
    explanation = page.locator("#id_story-explanation")
    expect(explanation).to_be_focused()
    page.keyboard.type("I'm not good enough for teams like that.")

    # Three questions: Space picks the first answer, the arrow keys move along a question's answers.
    all_about_me = page.locator("#story").get_by_role("group", name="Is it all about me?")
    _tab_to(page, all_about_me.get_by_label("Yes"))
    page.keyboard.press("Space")
    expect(all_about_me.get_by_label("Yes")).to_be_checked()
    always = page.locator("#story").get_by_role("group", name="Will it always be so?")
    _tab_to(page, always.get_by_label("Yes"))
    page.keyboard.press("ArrowRight")
    expect(always.get_by_label("Partly")).to_be_checked()
    everything = page.locator("#story").get_by_role("group", name="Does it spoil everything?")
    _tab_to(page, everything.get_by_label("Yes"))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(everything.get_by_label("No")).to_be_checked()

    _tab_to(page, page.locator("#id_story-fairer_version"))
    page.keyboard.type("They wanted someone who had led a team. I can show that I have, next time.")
    _tab_to(page, page.get_by_role("button", name="Save my story"))
    page.keyboard.press("Enter")

    # Saved in place: the section reads as text, and the focus lands on the confirmation.
    story = page.locator("#story")
    expect(story.get_by_role("status")).to_contain_text("Saved.")
    expect(story.get_by_role("status")).to_be_focused()
    expect(story).to_contain_text("Is it all about me? Yes.")
    expect(story).to_contain_text("Will it always be so? Partly.")
    expect(story).to_contain_text("Does it spoil everything? No.")
    expect(story).to_contain_text("I can show that I have, next time.")
    expect(page.locator("#id_story-explanation")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/step/stay-positive/$"))  # no page load: htmx put it in place
    _assert_accessible(page)

    # "Change it" brings the form back, filled.
    _tab_to(page, story.get_by_role("link", name="Change it"))
    page.keyboard.press("Enter")
    expect(page.locator("#id_story-explanation")).to_be_focused()
    expect(page.locator("#id_story-explanation")).to_have_value("I'm not good enough for teams like that.")

    user = seeker["user"]
    assert NoteToFutureSelf.objects.get(user=user).text == SENTENCE
    saved = Story.objects.get(journey=Journey.objects.get(application=seeker["application"]))
    assert (saved.all_about_me, saved.always, saved.everything) == ("yes", "partly", "no")
    assert saved.explanation == "I'm not good enough for teams like that."
