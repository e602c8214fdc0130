"""Every walkthrough email against every way its reason can end: even a row left planned and due
sends nothing once what it hangs on is over (the send-time check asks), and goes out while it isn't."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from jobhunt import services as jobhunt
from jobhunt.models import Status
from recovery import services
from recovery.models import Journey, StayConnected
from reminders import dispatch
from reminders.models import Reminder
from tests.factories import ApplicationFactory, ContactFactory, UserFactory
from tests.reminders.conftest import zone_where_it_is

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def person(db):
    """Someone for whom it is early afternoon now, so no night rule holds an email back."""
    return UserFactory(time_zone=zone_where_it_is(13))


@pytest.fixture
def journey(person):
    contact = ContactFactory(user=person, name="Maya Lindqvist", company__name="Fernhill Robotics")
    application = ApplicationFactory(
        user=person, company=contact.company, role_title="Backend Engineer", contacts=[contact]
    )
    jobhunt.application_move(application=application, to_status=Status.REJECTED)
    journey = Journey.objects.get(application=application)
    services.feedback_request_sent(
        journey=journey, message="Could you share some feedback?", sent_on=person.local_today()
    )
    services.stay_connected_add(journey=journey, contact=contact)
    Journey.objects.filter(pk=journey.pk).update(touched_at=timezone.now() - 4 * DAY)  # waiting a while
    return Journey.objects.get(pk=journey.pk)


def _due_now(person, kind, about):
    """The kind's row about `about`, made due now (or a new one, as a path that left it behind would)."""
    reminder, _ = Reminder.objects.update_or_create(
        key=f"lifecycle:{kind}:{about.pk}",
        defaults={
            "user": person,
            "kind": kind,
            "content_type": ContentType.objects.get_for_model(about),
            "object_id": about.pk,
            "due_at": timezone.now() - datetime.timedelta(minutes=5),
            "state": Reminder.State.SCHEDULED,
        },
    )
    return reminder


def _subject(kind, journey):
    if kind == "reconnect":
        return StayConnected.objects.get(journey=journey)
    if kind == "weekly_plan_digest":
        return journey.user
    return journey


def _back_in_play(journey):
    jobhunt.application_move(application=journey.application, to_status=Status.INTERVIEWING)


def _accepted_after_all(journey):
    jobhunt.application_move(application=journey.application, to_status=Status.OFFER)
    jobhunt.application_move(application=journey.application, to_status=Status.ACCEPTED)


def _finished(journey):
    services.journey_finish(journey=journey, summary="Ask about the team early.")


def _person_removed(journey):
    services.stay_connected_remove(row=StayConnected.objects.get(journey=journey))


def _contact_deleted(journey):
    jobhunt.contact_delete(contact=StayConnected.objects.get(journey=journey).contact)


def _application_deleted(journey):
    jobhunt.application_delete(application=journey.application)


def _account_switched_off(journey):
    type(journey.user).objects.filter(pk=journey.user_id).update(is_active=False)


def _nothing_going_on(journey):
    _finished(journey)
    journey.user.weekly_plans.all().delete()


ENDINGS = {
    "feedback_follow_up": [_back_in_play, _accepted_after_all, _application_deleted, _account_switched_off],
    "journey_nudge": [_finished, _back_in_play, _accepted_after_all, _application_deleted, _account_switched_off],
    "reconnect": [_person_removed, _contact_deleted, _application_deleted, _account_switched_off],
    "weekly_plan_digest": [_nothing_going_on, _account_switched_off],
}


@pytest.mark.parametrize(
    ("kind", "ending"), [(kind, ending) for kind, endings in ENDINGS.items() for ending in endings]
)
def test_a_walkthrough_email_is_not_sent_once_what_it_hangs_on_has_ended(person, journey, kind, ending, mailoutbox):
    subject = _subject(kind, journey)
    reminder = _due_now(person, kind, subject)

    ending(Journey.objects.get(pk=journey.pk))
    dispatch.run_pass()

    assert mailoutbox == []
    assert not Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.SENT).exists()


@pytest.mark.parametrize("kind", sorted(ENDINGS))
def test_the_same_walkthrough_email_goes_out_while_it_still_matters(person, journey, kind, mailoutbox):
    reminder = _due_now(person, kind, _subject(kind, journey))

    dispatch.run_pass()

    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.SENT
    assert len(mailoutbox) == 1


def test_a_feedback_follow_up_still_goes_out_after_the_journey_is_finished(person, journey, mailoutbox):
    reminder = _due_now(person, "feedback_follow_up", journey)
    _finished(journey)

    dispatch.run_pass()

    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.SENT
    assert "Fernhill Robotics" in mailoutbox[0].subject
