import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from jobhunt import services as jobhunt
from jobhunt.models import Status
from recovery.models import Journey
from reminders import dispatch, registry
from reminders.models import Reminder
from tests.factories import ApplicationFactory, ContactFactory, InterviewFactory

from .conftest import PERMANENT, TEMPORARY, due_now, expire_leases, zone_where_it_is

pytestmark = pytest.mark.django_db


def states():
    """States of the reminders the test made itself (the factories schedule future ones too)."""
    return dict(Reminder.objects.filter(key__startswith="test:").values_list("pk", "state"))


def test_a_due_reminder_is_sent_once_and_marked_sent(person, application, smtp_script):
    reminder = due_now(user=person, about=application)

    first = dispatch.run_pass()
    second = dispatch.run_pass()

    reminder.refresh_from_db()
    assert (first.sent, second.sent) == (1, 0)
    assert reminder.state == Reminder.State.SENT
    assert reminder.sent_at is not None
    assert reminder.leased_until is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]


def test_reminders_not_yet_due_stay_scheduled(person, application, smtp_script):
    due_now(user=person, about=application, minutes_ago=-30)

    assert dispatch.run_pass().sent == 0
    assert set(states().values()) == {Reminder.State.SCHEDULED}
    assert mail.outbox == []


def test_two_claims_never_take_the_same_rows(one_by_one, application):
    for number in range(6):
        due_now(user=one_by_one, about=application, key=f"claim-{number}")

    first = dispatch.claim(limit=4).ids
    second = dispatch.claim(limit=4).ids
    third = dispatch.claim(limit=4).ids

    assert len(first) == 4
    assert len(second) == 2
    assert third == []
    assert not set(first) & set(second)


@pytest.mark.parametrize("daily", [True, False], ids=["daily", "one by one"])
def test_a_claim_whose_lease_expired_is_claimed_again_and_sent_once(person, application, smtp_script, daily):
    person.reminders_bundled = daily
    person.save()
    reminder = due_now(user=person, about=application)
    assert dispatch.claim(limit=10).ids == [reminder.pk]
    assert dispatch.run_pass().sent == 0  # still leased to the first dispatcher

    expire_leases()
    result = dispatch.run_pass()

    reminder.refresh_from_db()
    assert result.sent == 1
    assert reminder.state == Reminder.State.SENT
    assert reminder.attempts == 2  # the crashed try counts
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("daily", [True, False], ids=["daily", "one by one"])
def test_a_dispatcher_that_lost_its_lease_cannot_overwrite_the_new_owner(person, application, smtp_script, daily):
    person.reminders_bundled = daily
    person.save()
    reminder = due_now(user=person, about=application)
    stale_token = dispatch.claim(limit=10).token
    expire_leases()
    new_token = dispatch.claim(limit=10).token

    result = dispatch.PassResult()
    dispatch._Batch(stale_token, [reminder.pk], dispatch._Mail(), result).run()

    reminder.refresh_from_db()
    assert result.sent == 0  # the stale batch no longer sees the row as its own
    assert reminder.lease_token == new_token
    assert reminder.state == Reminder.State.SENDING
    assert mail.outbox == []


def test_the_message_id_is_the_same_on_every_attempt(one_by_one, application, smtp_script):
    reminder = due_now(user=one_by_one, about=application)
    smtp_script.append(TEMPORARY)
    dispatch.run_pass()
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now())
    dispatch.run_pass()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<reminder-{reminder.pk}@127.0.0.1>"


def test_a_temporary_smtp_error_moves_the_reminder_forward_with_backoff(person, application, smtp_script, settings):
    settings.REMINDERS_RETRY_SECONDS = 60
    reminder = due_now(user=person, about=application)
    smtp_script.append(TEMPORARY)

    before = timezone.now()
    result = dispatch.run_pass()

    reminder.refresh_from_db()
    assert result.retried == 1
    assert reminder.state == Reminder.State.SCHEDULED
    assert reminder.attempts == 1
    assert "421" in reminder.last_error
    assert before + timedelta(seconds=60) <= reminder.due_at <= timezone.now() + timedelta(seconds=60)


def test_the_backoff_doubles_with_each_attempt(settings):
    settings.REMINDERS_RETRY_SECONDS = 60
    assert [dispatch.retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_after_five_temporary_errors_the_reminder_fails_with_the_error_kept(person, application, smtp_script, settings):
    settings.REMINDERS_RETRY_SECONDS = 0
    reminder = due_now(user=person, about=application)
    refused = ConnectionRefusedError(111, "Connection refused")
    smtp_script.extend([TEMPORARY, TEMPORARY, TEMPORARY, TEMPORARY, refused])

    for _ in range(6):
        dispatch.run_pass()

    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.FAILED
    assert reminder.attempts == dispatch.MAX_ATTEMPTS
    assert "Connection refused" in reminder.last_error
    assert mail.outbox == []


def test_a_temporary_error_then_success_sends_exactly_once(person, application, smtp_script, settings):
    settings.REMINDERS_RETRY_SECONDS = 0
    reminder = due_now(user=person, about=application)
    smtp_script.append(TEMPORARY)

    dispatch.run_pass()
    dispatch.run_pass()

    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.SENT
    assert reminder.attempts == 2
    assert len(mail.outbox) == 1


def test_a_permanent_smtp_error_fails_at_once(person, application, smtp_script):
    reminder = due_now(user=person, about=application)
    smtp_script.append(PERMANENT)

    result = dispatch.run_pass()

    reminder.refresh_from_db()
    assert result.failed == 1
    assert reminder.state == Reminder.State.FAILED
    assert reminder.attempts == 1
    assert "550" in reminder.last_error


def test_one_failed_email_does_not_stop_the_others_in_the_batch(one_by_one, smtp_script):
    person = one_by_one
    first = due_now(user=person, about=ApplicationFactory(user=person), minutes_ago=3)
    second = due_now(user=person, about=ApplicationFactory(user=person), minutes_ago=2)
    smtp_script.append(smtplib.SMTPDataError(554, b"Rejected"))

    dispatch.run_pass()

    assert states() == {first.pk: Reminder.State.FAILED, second.pk: Reminder.State.SENT}
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("error", "temporary"),
    [
        (smtplib.SMTPDataError(421, b"later"), True),
        (smtplib.SMTPDataError(451, b"later"), True),
        (smtplib.SMTPDataError(550, b"no"), False),
        (smtplib.SMTPSenderRefused(553, b"no", "a@b"), False),
        (smtplib.SMTPRecipientsRefused({"a@b": (450, b"busy")}), True),
        (smtplib.SMTPRecipientsRefused({"a@b": (550, b"unknown")}), False),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (ConnectionRefusedError(111, "refused"), True),
        (TimeoutError("timed out"), True),
    ],
)
def test_smtp_errors_are_sorted_into_temporary_and_permanent(error, temporary):
    assert dispatch._is_temporary(error) is temporary


def test_a_reminder_whose_reason_went_away_is_cancelled(person, application, smtp_script):
    reminder = due_now(user=person, about=application)
    Reminder.objects.filter(pk=reminder.pk).update(state=Reminder.State.SCHEDULED)  # survive the move below
    application.status = Status.SCREENING  # the company answered, without the service cancelling it
    application.save()

    result = dispatch.run_pass()

    reminder.refresh_from_db()
    assert result.cancelled == 1
    assert reminder.state == Reminder.State.CANCELLED
    assert mail.outbox == []


def test_a_reminder_about_a_deleted_object_is_cancelled(person, application, smtp_script):
    reminder = due_now(user=person, about=application)
    type(application).objects.filter(pk=application.pk).delete()  # bypassing the service's own cancel

    dispatch.run_pass()

    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.CANCELLED
    assert "deleted" in reminder.last_error
    assert mail.outbox == []


def test_nothing_is_sent_when_the_person_switched_all_reminders_off(person, application, smtp_script):
    reminder = due_now(user=person, about=application)
    person.reminders_enabled = False
    person.save()

    dispatch.run_pass()

    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.CANCELLED
    assert mail.outbox == []


def test_a_muted_kind_is_not_sent_but_other_kinds_are(person, application, smtp_script):
    muted = due_now(user=person, about=application)
    other = due_now(user=person, about=application, kind="ghosting_check")
    person.muted_reminder_kinds = ["application_follow_up"]
    person.save()

    dispatch.run_pass()

    assert states() == {muted.pk: Reminder.State.CANCELLED, other.pk: Reminder.State.SENT}
    assert len(mail.outbox) == 1


def test_quiet_mode_postpones_planned_reminders_to_the_morning_after_the_pause(person, application, smtp_script):
    reminder = due_now(user=person, about=application)
    person.reminders_paused_until = person.local_today() + timedelta(days=3)
    person.save()

    result = dispatch.run_pass()

    reminder.refresh_from_db()
    assert result.postponed == 1
    assert reminder.state == Reminder.State.SCHEDULED
    assert reminder.attempts == 0  # waiting is not a failed attempt
    local = timezone.localtime(reminder.due_at, person.tzinfo)
    assert local.date() == person.local_today() + timedelta(days=4)
    assert local.hour == person.reminder_hour
    assert mail.outbox == []


def test_quiet_mode_skips_time_bound_reminders(person, smtp_script):
    interview = InterviewFactory(application__user=person)
    reminder = due_now(user=person, about=interview, kind="thank_you_note")
    person.reminders_paused_until = person.local_today()
    person.save()

    dispatch.run_pass()

    reminder.refresh_from_db()
    assert registry.get("thank_you_note").while_paused == registry.SKIP
    assert reminder.state == Reminder.State.CANCELLED
    assert mail.outbox == []


def test_a_pause_that_ended_yesterday_no_longer_holds_anything_back(person, application, smtp_script):
    due_now(user=person, about=application)
    person.reminders_paused_until = person.local_today() - timedelta(days=1)
    person.save()

    assert dispatch.run_pass().sent == 1


@pytest.mark.parametrize("daily", [True, False], ids=["daily", "one by one"])
def test_a_reminder_running_late_into_the_night_waits_for_the_morning(application, smtp_script, daily):
    person = application.user
    person.time_zone = zone_where_it_is(3)
    person.reminders_bundled = daily
    person.save()
    reminder = due_now(user=person, about=application, minutes_ago=6 * 60)

    dispatch.run_pass()

    reminder.refresh_from_db()
    local = timezone.localtime(reminder.due_at, person.tzinfo)
    assert reminder.state == Reminder.State.SCHEDULED
    assert (local.date(), local.hour) == (person.local_today(), person.reminder_hour)
    assert mail.outbox == []


@pytest.mark.parametrize("hour", [21, 23, 3, 7])
def test_nothing_goes_out_at_night_even_a_reminder_due_a_minute_ago(application, smtp_script, hour):
    person = application.user
    person.time_zone = zone_where_it_is(hour)
    person.save()
    reminder = due_now(user=person, about=application, minutes_ago=1)

    assert dispatch.run_pass().postponed == 1

    reminder.refresh_from_db()
    local = timezone.localtime(reminder.due_at, person.tzinfo)
    assert reminder.state == Reminder.State.SCHEDULED
    assert local.hour == person.reminder_hour
    assert local > timezone.localtime(timezone.now(), person.tzinfo)
    assert mail.outbox == []


@pytest.mark.parametrize("daily", [True, False], ids=["daily", "one by one"])
def test_an_email_that_cannot_be_written_fails_without_stopping_the_pass(person, smtp_script, daily):
    person.reminders_bundled = daily
    person.save()
    broken = registry.register(
        registry.ReminderKind(name="test_broken", label="Broken", subject=lambda a: "x", template="emails/missing")
    )
    try:
        bad = due_now(user=person, about=ApplicationFactory(user=person), kind=broken.name, minutes_ago=2)
        good = due_now(user=person, about=ApplicationFactory(user=person), minutes_ago=1)

        dispatch.run_pass()
    finally:
        registry._KINDS.pop(broken.name)

    bad.refresh_from_db()
    assert bad.state == Reminder.State.FAILED
    assert "TemplateDoesNotExist" in bad.last_error
    assert states()[good.pk] == Reminder.State.SENT
    assert len(mail.outbox) == 1 and "Follow up" in mail.outbox[0].subject


def test_a_reminder_of_a_kind_no_app_declares_fails(person, application, smtp_script):
    reminder = due_now(user=person, about=application)
    Reminder.objects.filter(pk=reminder.pk).update(kind="gone_kind")

    dispatch.run_pass()

    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.FAILED
    assert "gone_kind" in reminder.last_error


def test_a_pass_works_through_several_batches_on_one_smtp_connection(one_by_one, smtp_script, settings):
    person = one_by_one
    settings.REMINDERS_BATCH_SIZE = 3
    for number in range(7):
        due_now(user=person, about=ApplicationFactory(user=person), key=f"many-{number}")

    result = dispatch.run_pass()

    assert (result.sent, result.batches) == (7, 3)
    assert len(mail.outbox) == 7
    assert smtp_script is not None and type(mail.get_connection()).opened == 1


def test_a_batch_costs_the_same_number_of_queries_whatever_its_size(
    one_by_one, smtp_script, settings, django_assert_max_num_queries
):
    person = one_by_one
    settings.REMINDERS_BATCH_SIZE = 100

    def make(count, prefix):
        for number in range(count):
            application = ApplicationFactory(user=person)
            application.contacts.add(ContactFactory(user=person))
            due_now(user=person, about=application, key=f"{prefix}-{number}")

    make(3, "small")
    # claim (up to 6), rows, subjects with company/contacts/user, and one UPDATE per reminder.
    with django_assert_max_num_queries(14 + 3):
        assert dispatch.run_pass().sent == 3
    make(30, "large")
    with django_assert_max_num_queries(14 + 30):
        assert dispatch.run_pass().sent == 30


def test_a_batch_that_runs_past_its_safe_lease_hands_the_rest_back(person, smtp_script, settings):
    settings.REMINDERS_LEASE_SECONDS = 60
    first = due_now(user=person, about=ApplicationFactory(user=person), minutes_ago=2)
    second = due_now(user=person, about=ApplicationFactory(user=person), minutes_ago=1)
    taken = dispatch.claim(limit=10)
    token, ids = taken.token, taken.ids
    # The first send "took" almost the whole lease.
    Reminder.objects.filter(pk__in=ids).update(leased_until=timezone.now() + timedelta(seconds=5))

    result = dispatch.PassResult()
    dispatch._Batch(token, ids, dispatch._Mail(), result).run()

    assert result.released == 2
    assert states() == {first.pk: Reminder.State.SCHEDULED, second.pk: Reminder.State.SCHEDULED}
    assert Reminder.objects.filter(pk__in=ids, attempts=0).count() == 2


@pytest.mark.django_db(transaction=True)  # recovery closes and reopens the connection
def test_a_database_error_mid_batch_records_what_was_sent_and_hands_back_the_rest(one_by_one, smtp_script, monkeypatch):
    person = one_by_one
    first = due_now(user=person, about=ApplicationFactory(user=person), minutes_ago=2)
    second = due_now(user=person, about=ApplicationFactory(user=person), minutes_ago=1)
    real_mark = dispatch._Batch._mark_sent
    calls = []

    def mark_fails_once(self, rows, delivery):
        calls.append(rows)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_mark(self, rows, delivery)

    monkeypatch.setattr(dispatch._Batch, "_mark_sent", mark_fails_once)
    with pytest.raises(OperationalError):
        dispatch.run_pass()

    # The first email went out but its UPDATE failed: recorded as sent on recovery, not resent.
    assert states() == {first.pk: Reminder.State.SENT, second.pk: Reminder.State.SCHEDULED}
    monkeypatch.setattr(dispatch._Batch, "_mark_sent", real_mark)
    dispatch.run_pass()
    assert states() == {first.pk: Reminder.State.SENT, second.pk: Reminder.State.SENT}
    assert len(mail.outbox) == 2


def test_moving_an_application_cancels_its_follow_ups(person, application):
    assert Reminder.objects.filter(kind="application_follow_up", state=Reminder.State.SCHEDULED).exists()

    jobhunt.application_move(application=application, to_status=Status.SCREENING)

    assert not Reminder.objects.filter(kind="application_follow_up", state=Reminder.State.SCHEDULED).exists()


def test_during_a_break_from_rejections_walkthrough_emails_wait_for_the_morning_after(person, smtp_script):
    application = ApplicationFactory(user=person, status=Status.INTERVIEWING)
    jobhunt.application_move(application=application, to_status=Status.REJECTED)
    journey = Journey.objects.get(application=application)
    nudge = due_now(user=person, about=journey, kind="journey_nudge")
    other = due_now(user=person, about=ApplicationFactory(user=person))  # not about a rejection
    person.protected_until = person.local_today() + timedelta(days=2)
    person.save()

    dispatch.run_pass()

    nudge.refresh_from_db()
    other.refresh_from_db()
    assert registry.get("feedback_follow_up").about_rejections and registry.get("journey_nudge").about_rejections
    assert nudge.state == Reminder.State.SCHEDULED
    local = timezone.localtime(nudge.due_at, person.tzinfo)
    assert (local.date(), local.hour) == (person.local_today() + timedelta(days=3), person.reminder_hour)
    assert other.state == Reminder.State.SENT
    assert len(mail.outbox) == 1 and "walkthrough" not in mail.outbox[0].subject.lower()
