"""Where the note to the future self and step 3's stories go: into the person's own export, and
away with what they belong to (a story with its journey, application, company or account; the
note with the account)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts import services as accounts
from accounts.models import User
from jobhunt import services as jobhunt
from jobhunt.models import SETBACKS, Application, Status
from recovery import services
from recovery.models import NoteToFutureSelf, Story
from tests.factories import ApplicationFactory
from tests.recovery.conftest import reject

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(journey):
    return services.story_save(journey=journey, explanation="I'm too old for this.", fairer_version="I'm experienced.")


@pytest.fixture
def theirs(other_user):
    """Somebody else's note and story, which must outlive every deletion of ours."""
    services.note_write(user=other_user, text="Their note")
    return services.story_save(journey=reject(ApplicationFactory(user=other_user)), explanation="Their story")


def _left(theirs):
    assert Story.objects.filter(pk=theirs.pk).exists()
    assert NoteToFutureSelf.objects.filter(text="Their note").exists()


def test_a_story_goes_with_its_journey(story, theirs):
    story.journey.delete()

    assert not Story.objects.filter(pk=story.pk).exists()
    _left(theirs)


def test_a_story_goes_with_its_application(story, theirs):
    jobhunt.application_delete(application=story.journey.application)

    assert not Story.objects.filter(pk=story.pk).exists()
    _left(theirs)


def test_a_story_goes_with_its_company(story, theirs):
    jobhunt.company_delete(company=story.journey.application.company)

    assert not Story.objects.filter(pk=story.pk).exists()
    _left(theirs)


def test_the_note_and_the_stories_go_with_the_account(user, story, theirs):
    services.note_write(user=user, text="Mine")

    accounts.user_delete(user=user)

    assert not Story.objects.filter(pk=story.pk).exists()
    assert not NoteToFutureSelf.objects.filter(text="Mine").exists()
    _left(theirs)


def test_deleting_the_application_from_its_page_takes_the_story(signed_in, story):
    application = story.journey.application

    response = signed_in.post(reverse("jobhunt:application_delete", args=[application.pk]))

    assert response.status_code == 302
    assert not Story.objects.exists()


def test_a_story_survives_the_journey_being_finished_or_the_ending_corrected(story):
    services.journey_set_ending(journey=story.journey, ending="near_miss")
    services.journey_finish(journey=story.journey, summary="Onwards")

    assert Story.objects.get(pk=story.pk).explanation == "I'm too old for this."


# The export --------------------------------------------------------------------------------------


def _export(client) -> dict:
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_the_export_holds_the_note_and_each_story_and_nobody_elses(signed_in, user, journey, theirs):
    services.note_write(user=user, text="You've got this.")
    services.story_save(
        journey=journey,
        explanation="Nobody will hire me.",
        all_about_me="yes",
        always="partly",
        everything="no",
        fairer_version="This team didn't, this time.",
    )

    data = _export(signed_in)

    [note] = data["note_to_future_self"]
    assert note["text"] == "You've got this." and note["written_at"] and note["skipped_at"] is None
    [story] = data["stories"]
    assert story == {
        "application": "Backend Engineer at Fernhill Robotics",
        "journey_started_at": journey.started_at.isoformat(),
        "the_story_i_told_myself": "Nobody will hire me.",
        "is_it_all_about_me": "yes",
        "will_it_always_be_so": "partly",
        "does_it_spoil_everything": "no",
        "a_fairer_version": "This team didn't, this time.",
        "updated_at": Story.objects.get(journey=journey).updated_at.isoformat(),
    }
    assert "Their note" not in json.dumps(data) and "Their story" not in json.dumps(data)


def test_a_note_passed_over_is_exported_as_such_and_none_at_all_as_nothing(signed_in, user):
    assert _export(signed_in)["note_to_future_self"] == []

    services.note_skip(user=user)
    [note] = _export(signed_in)["note_to_future_self"]
    assert note["text"] == "" and note["written_at"] is None and note["skipped_at"]


def test_a_deleted_note_leaves_no_words_in_the_export(signed_in, user):
    services.note_write(user=user, text="Delete me please")
    services.note_delete(user=user)

    assert "Delete me please" not in json.dumps(_export(signed_in))


def test_a_ghosting_journey_can_have_a_story_too(user):
    journey = reject(ApplicationFactory(user=user), Status.GHOSTED)

    services.story_save(journey=journey, everything="partly")

    assert Story.objects.get(journey=journey).everything == "partly"


# The demo -----------------------------------------------------------------------------------------


def test_the_demo_shows_the_note_and_a_story_in_use():
    call_command("seed_demo", stdout=StringIO())
    user = User.objects.get(email="demo@rebound.local")

    note = NoteToFutureSelf.objects.get(user=user)
    first_no = Application.objects.for_user(user).filter(status__in=SETBACKS).order_by("status_changed_at").first()
    assert note.is_written and note.written_at < first_no.status_changed_at  # written before the first "no"
    [story] = Story.objects.for_user(user)
    assert story.journey.is_finished and story.explanation and story.fairer_version
    assert [item["value"] for item in story.answers] == ["partly", "partly", "no"]
