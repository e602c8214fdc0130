"""A job saved for later with a closing date gets one reminder two days before it closes, and only
while it is still just saved: applying, ending, deleting or changing the date takes it with it."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from jobhunt import services
from jobhunt.models import ENDED, Application, Status
from reminders import dispatch
from reminders.models import Reminder
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

# Wednesday 9 December 2026, 10:00 in Lisbon (UTC+0 in winter): past the person's 8 o'clock.
NOW = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)
TODAY = date(2026, 12, 9)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def person():
    return UserFactory(time_zone="Europe/Lisbon", reminder_hour=8)


def saved(person, closes_on, company="Bluebell"):
    return ApplicationFactory(
        user=person, status=Status.SAVED, closes_on=closes_on, company__name=company, role_title="Data Analyst"
    )


def planned(application) -> list[Reminder]:
    return list(
        Reminder.objects.filter(kind="closing_soon", object_id=application.pk, state=Reminder.State.SCHEDULED).order_by(
            "due_at"
        )
    )


def test_a_saved_job_is_reminded_of_two_days_before_it_closes_at_the_persons_hour(person):
    application = saved(person, TODAY + timedelta(days=5))

    (reminder,) = planned(application)
    assert reminder.due_at == datetime(2026, 12, 12, 8, 0, tzinfo=UTC)  # Saturday, 08:00 in Lisbon


@pytest.mark.parametrize("closes_in", [1, 2])
def test_a_job_closing_within_two_days_is_reminded_of_at_the_next_reminder_hour_never_at_once(person, closes_in):
    application = saved(person, TODAY + timedelta(days=closes_in))

    (reminder,) = planned(application)
    assert reminder.due_at == datetime(2026, 12, 10, 8, 0, tzinfo=UTC)  # 10:00 now: 08:00 has gone by


def test_a_job_closing_in_two_days_saved_before_the_reminder_hour_is_reminded_of_that_morning(person, clock):
    clock.move_to(datetime(2026, 12, 9, 6, 0, tzinfo=UTC))

    (reminder,) = planned(saved(person, TODAY + timedelta(days=2)))

    assert reminder.due_at == datetime(2026, 12, 9, 8, 0, tzinfo=UTC)


def test_a_job_closed_or_closing_before_the_next_reminder_hour_or_without_a_date_gets_none(person):
    assert planned(saved(person, TODAY - timedelta(days=1))) == []
    assert planned(saved(person, TODAY, company="Quarry")) == []
    assert planned(saved(person, None, company="Fernhill")) == []


def test_a_job_already_applied_for_gets_none(person):
    application = ApplicationFactory(user=person, status=Status.APPLIED, closes_on=TODAY + timedelta(days=5))

    assert planned(application) == []


def test_applying_takes_the_reminder_with_it(person):
    application = saved(person, TODAY + timedelta(days=5))

    services.application_move(application=application, to_status=Status.APPLIED)

    assert planned(application) == []


@pytest.mark.parametrize("ending", sorted(ENDED))
def test_every_ending_takes_the_reminder_with_it(person, ending):
    application = saved(person, TODAY + timedelta(days=5))

    services.application_move(application=application, to_status=ending)

    assert planned(application) == []


def test_deleting_the_job_or_its_company_or_the_account_takes_it_too(person):
    first, second, third = (saved(person, TODAY + timedelta(days=5), company=name) for name in "ABC")

    services.application_delete(application=first)
    services.company_delete(company=second.company)
    assert planned(first) == planned(second) == []

    person.delete()
    assert not Reminder.objects.filter(object_id=third.pk, kind="closing_soon").exists()


def test_a_new_closing_date_moves_it_and_clearing_it_cancels_it(person):
    application = saved(person, TODAY + timedelta(days=5))

    services.application_update(application=application, closes_on=TODAY + timedelta(days=10))
    (reminder,) = planned(application)
    assert reminder.due_at.date() == TODAY + timedelta(days=8)

    services.application_update(application=application, closes_on=None)
    assert planned(application) == []


def test_moving_back_to_saved_plans_it_again(person):
    application = saved(person, TODAY + timedelta(days=5))
    services.application_move(application=application, to_status=Status.APPLIED)

    services.application_move(application=application, to_status=Status.SAVED)

    assert len(planned(application)) == 1


def test_the_email_goes_out_on_the_day_and_says_when_it_closes(person, clock, mailoutbox):
    application = saved(person, date(2026, 12, 14))  # a Monday

    clock.move_to(datetime(2026, 12, 12, 8, 1, tzinfo=UTC))
    dispatch.run_pass()

    (message,) = mailoutbox
    assert message.subject == "Data Analyst at Bluebell closes on Monday 14 December"
    assert "You saved Data Analyst at Bluebell to look at later" in message.body
    assert reverse("jobhunt:application_detail", args=[application.pk]) in message.body


def test_the_email_does_not_go_out_once_the_job_has_closed(person, clock, mailoutbox):
    application = saved(person, date(2026, 12, 14))
    Reminder.objects.filter(kind="closing_soon").update(due_at=datetime(2026, 12, 15, 8, 0, tzinfo=UTC))

    clock.move_to(datetime(2026, 12, 15, 9, 0, tzinfo=UTC))
    dispatch.run_pass()

    assert mailoutbox == []
    assert Reminder.objects.get(kind="closing_soon", object_id=application.pk).state == Reminder.State.CANCELLED


def test_the_form_plans_it_for_a_job_saved_with_a_closing_date(client, person):
    client.force_login(person)

    client.post(
        reverse("jobhunt:application_create"),
        {
            "company_name": "Bluebell",
            "role_title": "Data Analyst",
            "status": Status.SAVED,
            "source": "job_board",
            "interest": 3,
            "closes_on": "2026-12-20",
        },
    )

    (reminder,) = planned(Application.objects.get(user=person))
    assert reminder.due_at == datetime(2026, 12, 18, 8, 0, tzinfo=UTC)
