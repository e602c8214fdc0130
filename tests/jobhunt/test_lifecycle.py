"""When an application ends, everything still ahead of it ends with it: its interviews to come are
cancelled (and kept), no reminder about it goes out, it leaves the lists of things due. Moving it
back restores nothing silently; accepting an offer stops the search's nudges."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from jobhunt import services
from jobhunt.models import ENDED, Application, Interview, Status
from reminders import dispatch, registry
from reminders.models import Reminder
from tests.factories import ApplicationFactory, InterviewFactory, UserFactory
from tests.reminders.conftest import zone_where_it_is

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
ENDINGS = sorted(ENDED)
PIPELINE_KINDS = ["application_follow_up", "ghosting_check", "interview_prep", "thank_you_note"]


@pytest.fixture
def person(db):
    """Someone for whom it is early afternoon now, so no night rule holds an email back."""
    return UserFactory(time_zone=zone_where_it_is(13))


@pytest.fixture
def onsite(person):
    """An application with an onsite still ahead and a phone screen last week."""
    application = ApplicationFactory(
        user=person, company__name="Brightwater", role_title="Data Engineer", status=Status.INTERVIEWING
    )
    now = timezone.now()
    ahead = InterviewFactory(application=application, kind=Interview.Kind.ONSITE, scheduled_at=now + 2 * DAY)
    past = InterviewFactory(application=application, kind=Interview.Kind.PHONE_SCREEN, scheduled_at=now - 7 * DAY)
    return application, ahead, past


def _rows(about, kind=None):
    rows = Reminder.objects.filter(object_id=about.pk, content_type__model=type(about)._meta.model_name)
    return rows.filter(kind=kind) if kind else rows


@pytest.mark.parametrize("ending", ENDINGS)
def test_an_ending_cancels_the_interviews_ahead_and_keeps_them_on_the_timeline(person, onsite, ending):
    application, ahead, past = onsite

    event = services.application_move(application=application, to_status=ending)

    ahead.refresh_from_db()
    past.refresh_from_db()
    assert (ahead.outcome, ahead.cancelled_by) == (Interview.Outcome.CANCELLED, event)
    assert past.outcome == Interview.Outcome.PENDING and past.cancelled_by is None
    assert Interview.objects.filter(application=application).count() == 2  # kept, never deleted
    for interview in (ahead, past):
        assert not _rows(interview).filter(state=Reminder.State.SCHEDULED).exists()


@pytest.mark.parametrize("ending", ENDINGS)
def test_an_ending_cancels_the_follow_ups(person, ending):
    application = ApplicationFactory(user=person)
    assert _rows(application, "application_follow_up").filter(state=Reminder.State.SCHEDULED).exists()

    services.application_move(application=application, to_status=ending)

    assert not _rows(application).filter(state=Reminder.State.SCHEDULED).exists()


def _about(kind, application, ahead, past):
    return {"interview_prep": ahead, "thank_you_note": past}.get(kind, application)


@pytest.mark.parametrize("ending", ENDINGS)
@pytest.mark.parametrize("kind", PIPELINE_KINDS)
def test_no_reminder_about_an_ended_application_goes_out_even_if_a_row_was_left_behind(
    person, onsite, kind, ending, mailoutbox
):
    application, ahead, past = onsite
    about = _about(kind, application, ahead, past)
    services.application_move(application=application, to_status=ending)
    # A row some other path left planned and due: the send-time check still stops it.
    left = _left_behind(person, kind, about)

    assert not registry.get(kind).still_relevant(type(about).objects.get(pk=about.pk))
    dispatch.run_pass()

    left.refresh_from_db()
    assert left.state == Reminder.State.CANCELLED
    assert mailoutbox == []


def _left_behind(person, kind, about):
    return Reminder.objects.create(
        user=person,
        kind=kind,
        content_type=ContentType.objects.get_for_model(about),
        object_id=about.pk,
        key=f"left-behind:{kind}:{about.pk}",
        due_at=timezone.now() - datetime.timedelta(minutes=5),
    )


@pytest.mark.parametrize("kind", PIPELINE_KINDS)
def test_the_same_reminders_do_go_out_while_the_application_is_in_play(person, onsite, kind, mailoutbox):
    application, ahead, past = onsite
    Application.objects.filter(pk=application.pk).update(status=Status.APPLIED)  # awaiting a reply
    _left_behind(person, kind, _about(kind, application, ahead, past))

    dispatch.run_pass()

    assert len(mailoutbox) >= 1
    assert "Brightwater" in mailoutbox[0].subject


def test_moving_back_restores_nothing_silently_and_offers_to_put_the_interview_back(signed_in, user):
    application = ApplicationFactory(user=user, status=Status.INTERVIEWING)
    ahead = InterviewFactory(application=application, scheduled_at=timezone.now() + 3 * DAY)
    services.application_move(application=application, to_status=Status.REJECTED)

    services.application_move(application=application, to_status=Status.INTERVIEWING)  # they came back

    ahead.refresh_from_db()
    assert ahead.outcome == Interview.Outcome.CANCELLED
    assert not _rows(ahead).filter(state=Reminder.State.SCHEDULED).exists()
    page = signed_in.get(application.get_absolute_url()).content.decode()
    put_back = reverse("jobhunt:interview_put_back", args=[ahead.pk])
    assert f'action="{put_back}"' in page and "cancelled when the application ended" in page

    response = signed_in.post(put_back, follow=True)

    ahead.refresh_from_db()
    assert (ahead.outcome, ahead.cancelled_by) == (Interview.Outcome.PENDING, None)
    assert _rows(ahead, "interview_prep").filter(state=Reminder.State.SCHEDULED).exists()
    assert "Put back on." in response.content.decode()


def test_an_interview_cannot_be_put_back_while_its_application_has_ended(signed_in, user):
    application = ApplicationFactory(user=user, status=Status.INTERVIEWING)
    ahead = InterviewFactory(application=application, scheduled_at=timezone.now() + 3 * DAY)
    services.application_move(application=application, to_status=Status.WITHDRAWN)

    response = signed_in.post(reverse("jobhunt:interview_put_back", args=[ahead.pk]), follow=True)

    ahead.refresh_from_db()
    assert ahead.outcome == Interview.Outcome.CANCELLED
    assert "can be put back" in response.content.decode()
    assert 'action="{}"'.format(reverse("jobhunt:interview_put_back", args=[ahead.pk])) not in response.content.decode()


def test_an_interview_to_come_on_an_ended_application_is_refused_with_a_field_error(signed_in, user):
    application = ApplicationFactory(user=user)
    services.application_move(application=application, to_status=Status.REJECTED)
    when = (timezone.localtime(timezone.now(), user.tzinfo) + 2 * DAY).strftime("%Y-%m-%dT%H:%M")

    response = signed_in.post(
        reverse("jobhunt:interview_create", args=[application.pk]),
        {"scheduled_at": when, "kind": "onsite", "outcome": "pending"},
    )

    assert response.status_code == 200
    assert Interview.ENDED_APPLICATION in response.content.decode()
    assert not Interview.objects.filter(application=application).exists()


def test_a_past_interview_can_still_be_logged_on_an_ended_application(signed_in, user):
    application = ApplicationFactory(user=user)
    services.application_move(application=application, to_status=Status.REJECTED)
    when = (timezone.localtime(timezone.now(), user.tzinfo) - 2 * DAY).strftime("%Y-%m-%dT%H:%M")

    signed_in.post(
        reverse("jobhunt:interview_create", args=[application.pk]),
        {"scheduled_at": when, "kind": "onsite", "outcome": "not_passed"},
    )

    assert Interview.objects.filter(application=application, outcome="not_passed").exists()


def test_an_interview_reads_coming_up_before_and_waiting_to_hear_after(user):
    application = ApplicationFactory(user=user)
    interview = InterviewFactory(application=application, scheduled_at=timezone.now() + DAY)

    assert interview.state_label() == "Coming up"
    assert interview.state_label(timezone.now() + 2 * DAY) == "Waiting to hear"
    interview.outcome = Interview.Outcome.PASSED
    assert interview.state_label() == "Went through"


def test_an_ended_applications_next_step_stays_as_history_and_leaves_the_calendar(signed_in, user):
    application = ApplicationFactory(
        user=user, next_step="Send the portfolio", next_step_date=user.local_today() + 2 * DAY
    )
    services.application_move(application=application, to_status=Status.GHOSTED)

    page = signed_in.get(application.get_absolute_url()).content.decode()

    assert "Next step, as planned before it ended" in page and "Send the portfolio" in page


# Accepting an offer ----------------------------------------------------------------------------


def test_accepting_an_offer_stops_the_follow_ups_of_the_search_and_withdraws_nothing(person):
    waiting = [ApplicationFactory(user=person, role_title=f"Waiting {n}") for n in range(3)]
    offer = ApplicationFactory(user=person, status=Status.OFFER)

    services.application_move(application=offer, to_status=Status.ACCEPTED)

    for application in waiting:
        application.refresh_from_db()
        assert application.status == Status.APPLIED
        assert not _rows(application).filter(state=Reminder.State.SCHEDULED).exists()
    # Editing one of them later plans no nudge either: the search it belonged to is over.
    services.application_update(application=waiting[0], notes="Still open, no rush.")
    assert not _rows(waiting[0]).filter(state=Reminder.State.SCHEDULED).exists()


def test_an_application_sent_after_accepting_an_offer_is_a_new_search_with_its_nudges(person):
    offer = ApplicationFactory(user=person, status=Status.OFFER)
    services.application_move(application=offer, to_status=Status.ACCEPTED, when=timezone.now() - 30 * DAY)

    later = ApplicationFactory(user=person)

    assert _rows(later, "application_follow_up").filter(state=Reminder.State.SCHEDULED).exists()


def test_an_accepted_offer_opens_its_own_page_with_what_is_left_to_close(signed_in, user):
    waiting = ApplicationFactory(user=user, company__name="Northwind", role_title="Analyst")
    rejected = ApplicationFactory(user=user, role_title="Platform Engineer", status=Status.INTERVIEWING)
    services.application_move(application=rejected, to_status=Status.REJECTED)  # a journey opens
    offer = ApplicationFactory(user=user, company__name="Brightwater", status=Status.OFFER)

    response = signed_in.post(reverse("jobhunt:application_move", args=[offer.pk]), {"to_status": "accepted"})

    page_url = reverse("home:offer_accepted", args=[offer.pk])
    assert response["Location"] == page_url
    page = signed_in.get(page_url).content.decode()
    assert "Congratulations" in page and "Brightwater" in page
    withdraw = reverse("jobhunt:application_withdraw", args=[waiting.pk])
    assert withdraw in page and "Analyst" in page
    assert "Platform Engineer" in page and reverse("recovery:journey_finish", args=[rejected.journeys.get().pk]) in page


def test_withdrawing_politely_shows_a_draft_then_moves_only_on_the_persons_click(signed_in, user):
    waiting = ApplicationFactory(user=user, company__name="Northwind", role_title="Analyst")
    offer_page = "/somewhere/else/"
    url = reverse("jobhunt:application_withdraw", args=[waiting.pk])

    page = signed_in.get(url, {"next": offer_page}).content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.APPLIED  # opening the page changes nothing
    assert "I&#x27;ve accepted another offer" in page or "I've accepted another offer" in page
    assert "mailto:" in page

    response = signed_in.post(url, {"next": reverse("home:dashboard")})

    waiting.refresh_from_db()
    assert waiting.status == Status.WITHDRAWN
    assert response["Location"] == reverse("home:dashboard")


def test_the_board_is_told_where_an_accepted_offer_goes(signed_in, user):
    offer = ApplicationFactory(user=user, status=Status.OFFER)

    answer = signed_in.post(
        reverse("jobhunt:application_move", args=[offer.pk]),
        {"to_status": "accepted"},
        headers={"accept": "application/json"},
    ).json()

    assert answer["ok"] and answer["next"] == reverse("home:offer_accepted", args=[offer.pk])


def test_the_offer_page_of_an_application_not_accepted_goes_back_to_it(signed_in, user):
    application = ApplicationFactory(user=user)
    response = signed_in.get(reverse("home:offer_accepted", args=[application.pk]))
    assert response["Location"] == application.get_absolute_url()


def test_a_side_role_accepted_while_still_looking_keeps_the_follow_ups_going(signed_in, user):
    waiting = ApplicationFactory(user=user)
    offer = ApplicationFactory(user=user, role_title="Part-time mentor", status=Status.OFFER)
    services.application_move(application=offer, to_status=Status.ACCEPTED)
    assert not _rows(waiting).filter(state=Reminder.State.SCHEDULED).exists()
    page = reverse("home:offer_accepted", args=[offer.pk])
    url = reverse("jobhunt:offer_ends_search", args=[offer.pk])

    signed_in.post(url, {"ends": "0", "next": page})

    assert _rows(waiting, "application_follow_up").filter(state=Reminder.State.SCHEDULED).exists()
    assert "My search is over: stop the follow-ups" in signed_in.get(page).content.decode()

    response = signed_in.post(url, {"ends": "1", "next": page}, follow=True)

    assert not _rows(waiting).filter(state=Reminder.State.SCHEDULED).exists()
    assert "Follow-ups stopped" in response.content.decode()
