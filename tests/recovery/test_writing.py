"""Step 2's private writing: one session a day per journey (a second visit the same day carries on
the same text), suggested on up to three separate days while the journey is in progress, saved
with CSRF (plainly or as the person types), deletable day by day, gone with the journey."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import export
from accounts import services as accounts
from jobhunt import services as jobhunt
from recovery import services
from recovery.models import WRITING_SUGGESTED_DAYS, Journey, WritingSession, writing_invited
from recovery.steps import Step
from tests.factories import ApplicationFactory, UserFactory
from tests.recovery.conftest import reject

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
INVITATION = "Start writing"


def _step(client, journey, **query):
    response = client.get(reverse("recovery:journey_step", args=[journey.pk, Step.CLEAR_HEAD]), query)
    assert response.status_code == 200
    return response.content.decode()


def _save_url(journey):
    return reverse("recovery:writing_save", args=[journey.pk])


def _fresh(journey):
    return Journey.objects.get(pk=journey.pk)


@pytest.fixture
def morning(user):
    """10:00 tomorrow where the person lives, the clock held still; shift it to move on. (Near
    enough that the signed-in session is still good.)"""
    moment = datetime.datetime.combine(user.local_today() + DAY, datetime.time(10), tzinfo=user.tzinfo)
    with time_machine.travel(moment, tick=False) as clock:
        yield clock


# Services ----------------------------------------------------------------------------------------


def test_the_first_save_of_the_day_starts_a_session_and_later_ones_carry_it_on(journey, morning):
    first = services.writing_save(journey=journey, text="It stung more than I expected.")
    morning.shift(datetime.timedelta(hours=6))
    again = services.writing_save(journey=journey, text="It stung more than I expected. Less so tonight.")

    assert again.pk == first.pk
    assert WritingSession.objects.filter(journey=journey).count() == 1
    assert again.text == "It stung more than I expected. Less so tonight."
    assert again.written_on == journey.user.local_today()


def test_the_next_day_starts_a_new_session_and_keeps_the_first(journey, morning):
    services.writing_save(journey=journey, text="Day one")
    morning.shift(DAY)
    services.writing_save(journey=journey, text="Day two")

    assert list(WritingSession.objects.filter(journey=journey).values_list("text", flat=True)) == ["Day one", "Day two"]


def test_an_empty_box_saves_nothing_and_is_no_way_to_delete(journey, morning):
    services.writing_save(journey=journey, text="Something")

    with pytest.raises(ValidationError) as refused:
        services.writing_save(journey=journey, text="   \n ")

    assert "text" in refused.value.message_dict
    assert WritingSession.objects.get(journey=journey).text == "Something"


def test_each_journey_keeps_its_own_day(user, journey, morning):
    other = reject(ApplicationFactory(user=user))
    services.writing_save(journey=journey, text="About the first")
    services.writing_save(journey=other, text="About the second")

    assert WritingSession.objects.filter(written_on=user.local_today()).count() == 2


def test_a_session_is_suggested_on_three_separate_days_and_never_twice_a_day(journey, morning):
    invited = []
    for _day in range(5):
        journey = _fresh(journey)
        today = journey.user.local_today()
        before = writing_invited(journey, journey.writing_sessions.all(), today)
        services.writing_save(journey=journey, text=f"Written on {today}")
        after = writing_invited(journey, journey.writing_sessions.all(), today)
        invited.append((before, after))
        morning.shift(DAY)

    # Suggested each morning until three days have writing; once written, not again that day.
    assert invited == [(True, False)] * WRITING_SUGGESTED_DAYS + [(False, False)] * 2
    assert journey.writing_sessions.count() == 5  # still free to write: only the suggestion stops


def test_days_without_writing_do_not_use_up_the_suggestion(journey, morning):
    services.writing_save(journey=journey, text="One")
    morning.shift(4 * DAY)

    journey = _fresh(journey)
    assert writing_invited(journey, journey.writing_sessions.all(), journey.user.local_today())


def test_a_finished_journey_stops_inviting_a_session(journey, morning):
    services.writing_save(journey=journey, text="One")
    morning.shift(DAY)
    assert writing_invited(_fresh(journey), [*_fresh(journey).writing_sessions.all()], journey.user.local_today())

    services.journey_finish(journey=_fresh(journey), summary="Done for now.")

    finished = _fresh(journey)
    assert not writing_invited(finished, finished.writing_sessions.all(), finished.user.local_today())


def test_deleting_a_day_removes_only_that_day(journey, morning):
    first = services.writing_save(journey=journey, text="One")
    morning.shift(DAY)
    services.writing_save(journey=journey, text="Two")

    services.writing_delete(session=first)

    assert list(WritingSession.objects.values_list("text", flat=True)) == ["Two"]


def test_writing_counts_as_working_on_the_journey(journey, morning):
    Journey.objects.filter(pk=journey.pk).update(touched_at=timezone.now() - 5 * DAY)

    services.writing_save(journey=_fresh(journey), text="Back at it")

    assert _fresh(journey).touched_at == timezone.now()


# Pages -------------------------------------------------------------------------------------------


def test_the_step_invites_a_session_and_a_get_writes_nothing(signed_in, journey, morning):
    html = _step(signed_in, journey)
    opened = _step(signed_in, journey, open="writing")

    assert INVITATION in html and 'id="writing-form"' not in html
    assert 'id="writing-form"' in opened and "data-writing-timer" in opened and "autofocus" in opened
    assert "What's the hardest part of not getting it?" in opened  # a few prompts to start from
    assert not WritingSession.objects.exists()


def test_the_box_works_without_javascript_the_timer_only_with_it(signed_in, journey, morning):
    opened = _step(signed_in, journey, open="writing")
    timer = opened.split("data-writing-timer", 1)[1].split(">", 1)[0]

    assert " hidden" in timer  # the script shows it; without it the page says how long instead
    assert "Fifteen to twenty minutes is plenty" in opened
    assert 'action="' + _save_url(journey) + '"' in opened and 'method="post"' in opened
    assert "js/writing.js" in opened
    assert "word" not in opened.split('id="writing-form"', 1)[1].split("</form>", 1)[0].lower()  # no word count


def test_saving_goes_back_to_the_step_and_a_second_visit_the_same_day_carries_on(signed_in, journey, morning):
    response = signed_in.post(_save_url(journey), {"writing-text": "I wanted this one. <b>A lot.</b>"})

    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("recovery:journey_step", args=[journey.pk, Step.CLEAR_HEAD]) + "#writing"
    )
    html = _step(signed_in, journey)
    assert 'id="writing-form"' in html  # open again with today's words
    assert "I wanted this one. &lt;b&gt;A lot.&lt;/b&gt;</textarea>" in html
    assert "You wrote earlier today" in html and INVITATION not in html


def test_typing_saves_with_htmx_and_answers_with_a_status_line(signed_in, journey, morning):
    response = signed_in.post(_save_url(journey), {"writing-text": "First thoughts"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.content.decode().strip() == "Saved at 10:00."
    assert WritingSession.objects.get().text == "First thoughts"


def test_an_emptied_box_typed_away_keeps_what_was_saved(signed_in, journey, morning):
    services.writing_save(journey=journey, text="Kept")

    response = signed_in.post(_save_url(journey), {"writing-text": ""}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200 and "Not saved" in response.content.decode()
    assert WritingSession.objects.get().text == "Kept"


def test_too_much_text_shows_the_error_on_the_form_and_loses_nothing_typed(signed_in, journey, morning):
    text = "All of it. " * 2000  # 22,000 characters

    response = signed_in.post(_save_url(journey), {"writing-text": text})

    assert response.status_code == 200
    html = response.content.decode()
    assert "is-invalid" in html and "at most 20000 characters" in html
    assert text.strip() in html  # what was typed is still in the box
    assert not WritingSession.objects.exists()


def test_the_save_needs_its_csrf_token(client, user, journey, morning):
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(_save_url(journey), {"writing-text": "No token"})

    assert response.status_code == 403
    assert not WritingSession.objects.exists()


def test_earlier_days_are_listed_to_read_and_delete(signed_in, journey, morning):
    first = services.writing_save(journey=journey, text="Monday's words")
    morning.shift(DAY)

    html = _step(signed_in, journey)
    assert "Earlier days" in html and "Monday&#x27;s words" in html and INVITATION in html

    response = signed_in.post(reverse("recovery:writing_delete", args=[journey.pk, first.pk]))
    assert response.status_code == 302
    assert not WritingSession.objects.exists()
    assert "Earlier days" not in _step(signed_in, journey)


def test_after_three_days_the_space_stays_without_the_invitation(signed_in, journey, morning):
    for _day in range(WRITING_SUGGESTED_DAYS):
        services.writing_save(journey=_fresh(journey), text="Words")
        morning.shift(DAY)

    html = _step(signed_in, journey)

    assert INVITATION not in html
    assert "Write for a while today" in html and "You've written on 3 days" in html


def test_a_ghosted_journey_has_the_writing_space_too(signed_in, user, morning):
    journey = reject(ApplicationFactory(user=user), status="ghosted")

    assert INVITATION in _step(signed_in, journey)


def test_another_persons_journey_and_writing_are_404_and_untouched(signed_in, other_user, morning):
    theirs = reject(ApplicationFactory(user=other_user))
    session = services.writing_save(journey=theirs, text="Theirs")

    assert signed_in.post(_save_url(theirs), {"writing-text": "Mine"}).status_code == 404
    assert signed_in.post(reverse("recovery:writing_delete", args=[theirs.pk, session.pk])).status_code == 404
    assert WritingSession.objects.get().text == "Theirs"


def test_my_journey_cannot_reach_another_persons_session(signed_in, journey, other_user, morning):
    theirs = services.writing_save(journey=reject(ApplicationFactory(user=other_user)), text="Theirs")

    response = signed_in.post(reverse("recovery:writing_delete", args=[journey.pk, theirs.pk]))

    assert response.status_code == 404
    assert WritingSession.objects.filter(pk=theirs.pk).exists()


def test_saving_and_deleting_are_posts_only(signed_in, journey, morning):
    session = services.writing_save(journey=journey, text="Words")

    assert signed_in.get(_save_url(journey)).status_code == 405
    assert signed_in.get(reverse("recovery:writing_delete", args=[journey.pk, session.pk])).status_code == 405
    assert WritingSession.objects.get().text == "Words"


# Lifecycle and export ----------------------------------------------------------------------------


def test_deleting_the_journey_deletes_its_writing(journey, morning):
    services.writing_save(journey=journey, text="Words")

    journey.delete()

    assert not WritingSession.objects.exists()


def test_deleting_the_application_deletes_its_journeys_writing(journey, morning):
    services.writing_save(journey=journey, text="Words")

    jobhunt.application_delete(application=journey.application)

    assert not WritingSession.objects.exists()


def test_deleting_the_account_deletes_the_writing_and_leaves_others(user, journey, morning):
    someone = UserFactory()
    services.writing_save(journey=journey, text="Mine")
    services.writing_save(journey=reject(ApplicationFactory(user=someone)), text="Theirs")

    accounts.user_delete(user=user)

    assert list(WritingSession.objects.values_list("text", flat=True)) == ["Theirs"]


def test_the_writing_is_in_the_persons_own_export_by_journey_and_day(user, journey, other_user, morning):
    services.writing_save(journey=journey, text="Day one")
    morning.shift(DAY)
    services.writing_save(journey=journey, text="Day two")
    services.writing_save(journey=reject(ApplicationFactory(user=other_user)), text="Theirs")

    [row] = list(export.sections()["journeys"](user))

    today = user.local_today()
    assert row["writing_sessions"] == [
        {"on": (today - DAY).isoformat(), "text": "Day one"},
        {"on": today.isoformat(), "text": "Day two"},
    ]
