"""The pages of the note to the future self (the dashboard's card, its own page, step 3 showing
it back) and of step 3's story (shown, brought in, saved in place or as a plain form)."""

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobhunt.models import Status
from recovery import services
from recovery.models import NoteToFutureSelf, Story
from recovery.steps import Step
from tests.factories import ApplicationFactory
from tests.home.test_dashboard import DASHBOARD_QUERIES
from tests.jobhunt.conftest import bulk_pipeline
from tests.recovery.conftest import reject

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("home:dashboard")
NOTE = reverse("recovery:future_self")
SKIP = reverse("recovery:future_self_skip")
DELETE = reverse("recovery:future_self_delete")
CARD_TITLE = 'Before the first "no"'


def _step(journey):
    return reverse("recovery:journey_step", args=[journey.pk, Step.STAY_POSITIVE])


def _story_url(journey):
    return reverse("recovery:story_save", args=[journey.pk])


def _text(response) -> str:
    """The page's words, tags taken out and spaces folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _stored():
    return (
        list(NoteToFutureSelf.objects.values_list("user_id", "text", "written_at", "skipped_at")),
        list(Story.objects.values_list("journey_id", "explanation", "fairer_version", "updated_at")),
    )


STORY = {
    "story-explanation": "I always freeze when it matters.",
    "story-all_about_me": "yes",
    "story-always": "partly",
    "story-everything": "no",
    "story-fairer_version": "I froze on one question, in one interview. I can practise that.",
}


# The dashboard's card ----------------------------------------------------------------------------


def test_a_new_account_sees_no_card(signed_in):
    assert CARD_TITLE not in signed_in.get(DASHBOARD).content.decode()


def test_once_something_is_sent_the_card_asks_for_a_sentence_and_offers_not_now(signed_in, user):
    ApplicationFactory(user=user)

    page = signed_in.get(DASHBOARD).content.decode()

    assert CARD_TITLE in page
    assert "Most applications never get an answer at all" in page
    assert f'action="{NOTE}"' in page and 'name="note-text"' in page
    assert f'formaction="{SKIP}"' in page and "Not now" in page


def test_a_sentence_written_on_the_card_is_saved_and_the_card_then_links_to_it(signed_in, user):
    ApplicationFactory(user=user)

    response = signed_in.post(NOTE, {"note-text": "You're allowed to be sad. Then apply again.", "next": DASHBOARD})

    assert response.status_code == 302 and response.url == DASHBOARD
    assert NoteToFutureSelf.objects.get(user=user).text == "You're allowed to be sad. Then apply again."
    page = signed_in.get(DASHBOARD).content.decode()
    assert CARD_TITLE not in page
    assert "is saved" in page and f'href="{NOTE}"' in page


def test_not_now_hides_the_card_for_good_and_keeps_nothing_typed(signed_in, user):
    ApplicationFactory(user=user)

    response = signed_in.post(SKIP, {"note-text": "half a thought", "next": DASHBOARD}, follow=True)

    assert "won't come back" in _text(response)
    note = NoteToFutureSelf.objects.get(user=user)
    assert note.text == "" and note.skipped_at is not None
    assert CARD_TITLE not in signed_in.get(DASHBOARD).content.decode()


def test_a_journey_means_no_card(signed_in, journey):
    assert CARD_TITLE not in signed_in.get(DASHBOARD).content.decode()


def test_the_card_costs_the_dashboard_one_query_at_most(signed_in, user, django_assert_num_queries):
    bulk_pipeline(user, 20)  # no journey: the card's question is asked
    services.mood_check_in(user=user, mood=3)

    with django_assert_num_queries(DASHBOARD_QUERIES + 1):
        assert signed_in.get(DASHBOARD).status_code == 200


def test_with_a_journey_in_progress_the_card_costs_nothing(signed_in, user, django_assert_num_queries):
    bulk_pipeline(user, 20)
    reject(ApplicationFactory(user=user))
    services.mood_check_in(user=user, mood=3)

    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert signed_in.get(DASHBOARD).status_code == 200


# The note's own page ------------------------------------------------------------------------------


def test_the_page_shows_the_note_to_change_or_delete(signed_in, user):
    services.note_write(user=user, text="<b>Breathe.</b> It's one no.")

    page = signed_in.get(NOTE).content.decode()

    assert "&lt;b&gt;Breathe.&lt;/b&gt; It&#x27;s one no." in page and "<b>Breathe" not in page
    assert f'action="{DELETE}"' in page


def test_a_refused_note_comes_back_with_its_words_and_the_reason(signed_in, user):
    too_long = "I will be fine. " * 40

    response = signed_in.post(NOTE, {"note-text": too_long})

    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert html.escape(too_long.strip(), quote=False)[:100] in response.content.decode()
    assert "is-invalid" in response.content.decode()
    assert not NoteToFutureSelf.objects.filter(user=user).exists()


def test_an_empty_note_is_a_field_error_not_a_crash(signed_in, user):
    response = signed_in.post(NOTE, {"note-text": "   "})

    assert response.status_code == 200 and response.context["form"].errors["text"]


def test_deleting_takes_the_words_away(signed_in, user):
    services.note_write(user=user, text="Keep going")

    response = signed_in.post(DELETE, follow=True)

    assert "Deleted" in _text(response)
    assert NoteToFutureSelf.objects.get(user=user).text == ""


def test_a_next_address_elsewhere_is_not_followed(signed_in):
    response = signed_in.post(NOTE, {"note-text": "Steady", "next": "https://evil.example/"})

    assert response.url == NOTE


def test_skip_and_delete_take_posts_only_and_a_get_never_writes(signed_in, user, journey):
    before = _stored()
    assert signed_in.get(SKIP).status_code == 405
    assert signed_in.get(DELETE).status_code == 405
    assert signed_in.get(_story_url(journey)).status_code == 405
    for url in (NOTE, DASHBOARD, _step(journey), _step(journey) + "?open=story"):
        assert signed_in.get(url).status_code == 200
    assert _stored() == before == ([], [])


def test_a_post_without_the_csrf_token_is_refused(user, journey):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    for url, data in ((NOTE, {"note-text": "Hi"}), (SKIP, {}), (DELETE, {}), (_story_url(journey), STORY)):
        assert client.post(url, data).status_code == 403, url
    assert _stored() == ([], [])


def test_a_visitor_is_asked_to_sign_in(client, journey):
    for url in (NOTE, SKIP, DELETE):
        response = client.post(url, {"note-text": "Hi"})
        assert response.status_code == 302 and reverse("accounts:login") in response.url
    assert not NoteToFutureSelf.objects.exists()


# Step 3: the note shown back ---------------------------------------------------------------------


def test_step_three_shows_the_note_back_for_today(signed_in, user, journey):
    services.note_write(user=user, text="Rejection is data, not a <verdict>.")

    response = signed_in.get(_step(journey))
    text = _text(response)

    assert "You wrote this for today: “Rejection is data, not a <verdict>.”" in text
    assert "<verdict>" not in response.content.decode()
    assert f'href="{NOTE}?next=' in response.content.decode()


def test_without_a_note_step_three_offers_one_and_after_not_now_it_says_nothing(signed_in, user, journey):
    assert "Leave a sentence for your future self" in _text(signed_in.get(_step(journey)))

    services.note_skip(user=user)
    text = _text(signed_in.get(_step(journey)))
    assert "Leave a sentence" not in text and "You wrote this" not in text


# Step 3: the story --------------------------------------------------------------------------------


def test_the_story_is_offered_behind_a_button_and_brought_in_filled(signed_in, journey):
    page = signed_in.get(_step(journey)).content.decode()
    assert 'hx-select="#story-form"' in page and 'id="story-form"' not in page

    services.story_save(journey=journey, explanation="Nobody wants me.", always="yes")
    asked = signed_in.get(_step(journey), {"open": "story"}).content.decode()

    form = re.search(r'<form id="story-form".*?</form>', asked, re.S).group(0)
    assert "Nobody wants me." in form and "autofocus" in form
    assert re.search(r'name="story-always" value="yes"[^>]*checked', form)
    assert f'hx-post="{_story_url(journey)}"' in form
    assert form.count('name="csrfmiddlewaretoken"') == 1


def test_a_story_saved_without_javascript_goes_back_to_step_three_and_reads_as_text(signed_in, journey):
    response = signed_in.post(_story_url(journey), STORY)

    assert response.status_code == 302 and response.url == _step(journey) + "#story"
    story = Story.objects.get(journey=journey)
    assert (story.all_about_me, story.always, story.everything) == ("yes", "partly", "no")
    text = _text(signed_in.get(response.url))
    assert "I always freeze when it matters." in text
    assert "Is it all about me? Yes." in text and "Will it always be so? Partly." in text
    assert "Does it spoil everything? No." in text
    assert "I froze on one question, in one interview. I can practise that." in text
    assert "Decisions like this weigh things you never see" in text
    assert "This was about one role" not in text  # answered "no": nothing to look at again


def test_a_story_saved_with_htmx_comes_back_as_its_section_alone(signed_in, journey):
    response = signed_in.post(_story_url(journey), STORY, headers={"HX-Request": "true"})

    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="story"') and "<html" not in page
    assert 'role="status"' in page and "Saved." in page
    assert "I always freeze when it matters." in page
    assert Story.objects.filter(journey=journey).exists()


def test_an_empty_story_shows_why_and_saves_nothing(signed_in, journey):
    response = signed_in.post(_story_url(journey), {"story-explanation": "  "})

    assert response.status_code == 200
    assert "Write the story, or answer one of the questions" in _text(response)
    assert 'id="story-form"' in response.content.decode()
    assert not Story.objects.exists()


def test_a_refused_story_keeps_every_word_typed_with_or_without_htmx(signed_in, journey):
    data = {**STORY, "story-fairer_version": "x" * 2001, "story-always": "forever"}
    for headers in ({}, {"HX-Request": "true"}):
        response = signed_in.post(_story_url(journey), data, headers=headers)

        assert response.status_code == 200
        page = response.content.decode()
        assert "I always freeze when it matters." in page and "x" * 2001 in page
        assert page.count("is-invalid") >= 2  # the long text and the unknown answer
        form = re.search(r'<form id="story-form".*?</form>', page, re.S).group(0)
        assert re.search(r'name="story-all_about_me" value="yes"[^>]*checked', form)
    assert not Story.objects.exists()


def test_another_persons_journey_is_not_found(signed_in, other_user):
    theirs = reject(ApplicationFactory(user=other_user))

    assert signed_in.post(_story_url(theirs), STORY).status_code == 404
    assert signed_in.get(_story_url(theirs)).status_code == 404
    assert signed_in.get(_step(theirs)).status_code == 404
    assert not Story.objects.exists()


def test_the_evidence_sits_beside_the_story_in_counts(signed_in, user, journey):
    for status in (Status.INTERVIEWING, Status.GHOSTED, Status.APPLIED):
        ApplicationFactory(user=user, status=status)
    services.feedback_record(journey=journey, feedback="Close", deciding_factors=["internal_candidate"])

    text = _text(signed_in.get(_step(journey)))

    assert "What your own record says" in text
    assert "1 of the 4 applications you've sent got as far as an interview." in text
    assert "1 of the 4 applications you've sent had no answer at all." in text
    assert "was never yours to control: internal candidate." in text


def test_without_evidence_no_figure_is_shown(signed_in, journey):
    text = _text(signed_in.get(_step(journey)))

    assert "What your own record says" not in text and "of the 1" not in text


def test_an_automated_no_says_it_came_before_anyone_knew_them(signed_in, user):
    journey = reject(ApplicationFactory(user=user))

    assert "This was an automated rejection: it came before anyone got to know you." in _text(
        signed_in.get(_step(journey))
    )


def test_the_step_page_stays_flat_with_a_story_a_note_and_many_applications(signed_in, user, journey):
    services.note_write(user=user, text="Hello")
    services.story_save(journey=journey, explanation="Story")
    counts = []
    for size in (5, 50):
        bulk_pipeline(user, size)
        with CaptureQueriesContext(connection) as captured:
            signed_in.get(_step(journey), {"open": "story"})
        counts.append(len(captured))
    assert counts[0] == counts[1]
