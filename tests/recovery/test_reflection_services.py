"""The note to the future self (written before the first "no") and step 3's story: what the
services keep, when the dashboard's card asks, and the evidence set beside the story."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobhunt import services as jobhunt
from jobhunt.models import Application, Status
from recovery import selectors, services
from recovery.endings import Ending
from recovery.models import NoteToFutureSelf, Story
from recovery.selectors import Card
from tests.factories import ApplicationFactory, CompanyFactory
from tests.recovery.conftest import reject

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


# The note -----------------------------------------------------------------------------------------


def test_a_note_is_kept_trimmed_with_when_it_was_written(user):
    note = services.note_write(user=user, text="  You've done hard things before. This is one more.  ")

    note.refresh_from_db()
    assert note.text == "You've done hard things before. This is one more."
    assert note.is_written and note.skipped_at is None
    assert abs(note.written_at - timezone.now()) < datetime.timedelta(seconds=5)


def test_writing_again_changes_the_one_note(user):
    services.note_write(user=user, text="First words")
    services.note_write(user=user, text="Better words")

    assert list(NoteToFutureSelf.objects.for_user(user).values_list("text", flat=True)) == ["Better words"]


@pytest.mark.parametrize("text", ["", "   ", "x" * 501])
def test_an_empty_or_overlong_note_is_refused_on_its_field(user, text):
    with pytest.raises(ValidationError) as refused:
        services.note_write(user=user, text=text)

    assert "text" in refused.value.error_dict
    assert not NoteToFutureSelf.objects.filter(user=user).exists()


def test_not_now_is_remembered_and_never_hides_a_note_already_written(user, other_user):
    skipped = services.note_skip(user=user)
    assert skipped.skipped_at is not None and not skipped.is_written and skipped.text == ""

    services.note_write(user=other_user, text="Keep going")
    kept = services.note_skip(user=other_user)
    assert kept.is_written and kept.text == "Keep going" and kept.skipped_at is None


def test_skipping_twice_keeps_the_first_moment(user):
    first = services.note_skip(user=user).skipped_at
    with time_machine.travel(timezone.now() + DAY):
        assert services.note_skip(user=user).skipped_at == first


def test_deleting_the_note_removes_its_words_and_the_card_does_not_ask_again(user):
    ApplicationFactory(user=user)
    services.note_write(user=user, text="Private words")

    services.note_delete(user=user)

    note = NoteToFutureSelf.objects.get(user=user)
    assert note.text == "" and note.written_at is None and note.skipped_at is not None
    assert not NoteToFutureSelf.objects.filter(text__contains="Private").exists()
    assert selectors.future_self_card(user) is None


def test_a_written_note_without_words_cannot_be_stored(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        NoteToFutureSelf.objects.create(user=user, text="", written_at=timezone.now())


# When the card asks ------------------------------------------------------------------------------


def test_nothing_tracked_or_only_saved_jobs_means_no_card(user):
    assert selectors.future_self_card(user) is None
    ApplicationFactory(user=user, status=Status.SAVED)
    assert selectors.future_self_card(user) is None


def test_the_card_asks_once_something_is_sent_then_says_it_is_saved(user):
    ApplicationFactory(user=user)
    assert selectors.future_self_card(user) == Card.ASK

    services.note_write(user=user, text="One no is one no.")
    assert selectors.future_self_card(user) == Card.WRITTEN


def test_not_now_stops_the_card_for_good(user):
    ApplicationFactory(user=user)
    services.note_skip(user=user)

    assert selectors.future_self_card(user) is None
    ApplicationFactory(user=user)
    assert selectors.future_self_card(user) is None


@pytest.mark.parametrize("status", [Status.REJECTED, Status.GHOSTED])
def test_the_first_no_or_silence_ends_the_card(user, status):
    application = ApplicationFactory(user=user)
    services.note_write(user=user, text="Be kind to yourself")

    reject(application, status)

    assert selectors.future_self_card(user) is None


def test_a_no_still_counts_when_its_journey_was_deleted(user):
    ApplicationFactory(user=user)
    turned_down = ApplicationFactory(user=user)
    reject(turned_down).delete()  # the journey gone, the "no" still on record

    assert selectors.future_self_card(user) is None


def test_the_card_costs_one_query(user, django_assert_num_queries):
    ApplicationFactory(user=user)
    with django_assert_num_queries(1):
        selectors.future_self_card(user)


def test_the_card_reads_only_the_persons_own_rows(user, other_user):
    ApplicationFactory(user=user)
    reject(ApplicationFactory(user=other_user))
    services.note_skip(user=other_user)

    assert selectors.future_self_card(user) == Card.ASK


# The story ---------------------------------------------------------------------------------------


def test_a_story_is_kept_per_journey_and_saving_again_replaces_it(journey):
    services.story_save(
        journey=journey,
        explanation="  I'm not good enough for teams like that. ",
        all_about_me="yes",
        always="partly",
        everything="no",
        fairer_version="They needed someone who'd led a team; I haven't yet, and I can.",
    )
    story = services.story_save(journey=journey, explanation="I blew it.", all_about_me="partly")

    assert Story.objects.count() == 1
    story.refresh_from_db()
    assert (story.explanation, story.all_about_me, story.always, story.everything, story.fairer_version) == (
        "I blew it.",
        "partly",
        "",
        "",
        "",
    )
    assert [(item["question"], item["label"]) for item in story.answers] == [("Is it all about me?", "Partly")]


def test_saving_a_story_counts_as_working_on_the_journey(journey):
    assert not journey.begun
    services.story_save(journey=journey, fairer_version="One role, one day.")
    journey.refresh_from_db()
    assert journey.begun


def test_an_empty_story_or_an_unknown_answer_is_refused(journey):
    with pytest.raises(ValidationError):
        services.story_save(journey=journey, explanation="   ")
    with pytest.raises(ValidationError) as refused:
        services.story_save(journey=journey, explanation="Hmm", always="forever")
    assert "always" in refused.value.error_dict
    assert not Story.objects.exists()


# The evidence beside the story ------------------------------------------------------------------


def _applications(user, *statuses, moved_days_ago=0):
    company = CompanyFactory(user=user)
    moved = timezone.now() - moved_days_ago * DAY
    return Application.objects.bulk_create(
        Application(user=user, company=company, role_title=f"Role {n}", status=status, status_changed_at=moved)
        for n, status in enumerate(statuses)
    )


@pytest.fixture
def search(user, journey):
    """18 applications sent (the journey's "no" among them), 3 that reached interviews, 5 that
    went silent for good and 3 waiting long past the silence threshold; 2 never sent."""
    _applications(user, Status.INTERVIEWING, Status.INTERVIEWING, Status.OFFER, Status.SCREENING, Status.SCREENING)
    _applications(user, *[Status.GHOSTED] * 5)
    _applications(user, *[Status.APPLIED] * 4)
    _applications(user, *[Status.APPLIED] * 3, moved_days_ago=40)
    _applications(user, Status.SAVED, Status.WITHDRAWN)
    return journey


def test_the_evidence_counts_interviews_and_silences_out_of_what_was_sent(user, search):
    found = selectors.evidence(search, user.local_today())

    assert (found.sent, found.interviewed, found.unanswered) == (18, 3, 8)
    assert found.interviewed_text == "3 of the 18 applications you've sent got as far as an interview."
    assert found.unanswered_text == "8 of the 18 applications you've sent had no answer at all."


def test_applications_still_waiting_become_silences_as_the_days_pass(user, search):
    later = timezone.now() + (user.ghosting_days + 5) * DAY
    with time_machine.travel(later, tick=False):
        found = selectors.evidence(search, user.local_today())

    assert (found.sent, found.unanswered) == (18, 12)  # the 4 recent ones have gone quiet too


def test_only_the_deciding_factors_outside_the_persons_control_are_given_as_evidence(journey):
    services.feedback_record(
        journey=journey, feedback="Close call", deciding_factors=["skills_gap", "internal_candidate", "edged_out"]
    )

    found = selectors.evidence(journey, journey.user.local_today())

    assert found.outside_factors == ["Another candidate edged ahead", "Internal candidate"]


def test_with_no_data_there_is_no_evidence_and_no_figure(journey):
    found = selectors.evidence(journey, journey.user.local_today())

    assert (found.sent, found.interviewed, found.unanswered) == (1, 0, 0)
    assert not found and found.interviewed_text == "" and found.unanswered_text == ""
    assert found.outside_factors == [] and not found.automated


def test_an_automated_rejection_counts_as_evidence(user):
    journey = reject(ApplicationFactory(user=user))  # nobody was ever in touch
    assert journey.ending == Ending.AUTOMATED

    found = selectors.evidence(journey, user.local_today())

    assert found.automated and found
    assert found.unanswered == 0  # a "no" is an answer


def test_one_application_reads_as_one(user):
    application = ApplicationFactory(user=user, status=Status.INTERVIEWING)
    journey = reject(application, Status.GHOSTED)

    found = selectors.evidence(journey, user.local_today())

    assert found.interviewed_text == "The one application you've sent got as far as an interview."
    assert found.unanswered_text == "The one application you've sent had no answer at all."


def test_the_evidence_costs_one_query_whatever_the_size(user, search, django_assert_num_queries):
    _applications(user, *[Status.APPLIED] * 50)
    search.user = user  # as the step page has it
    with django_assert_num_queries(1):
        selectors.evidence(search, user.local_today())


def test_a_ghosting_moved_through_the_pipeline_counts_as_no_answer(user, journey):
    silent = ApplicationFactory(user=user)
    jobhunt.application_move(application=silent, to_status=Status.GHOSTED)

    assert selectors.evidence(journey, user.local_today()).unanswered == 1
