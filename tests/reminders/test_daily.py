"""One email a day: what falls due for a person goes out together, claimed, sent and marked together."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from reminders import dispatch, tokens
from reminders.models import Delivery, Reminder
from tests.factories import ApplicationFactory, InterviewFactory, UserFactory

from .conftest import PERMANENT, TEMPORARY, due_now, expire_leases, zone_where_it_is

pytestmark = pytest.mark.django_db


def html_part(message):
    return next(content for content, kind in message.alternatives if kind == "text/html")


@pytest.fixture
def day(person):
    """Three things due for the person: an onsite tomorrow, a follow-up and a silence check."""
    interview = InterviewFactory(
        application__user=person,
        application__company__name="Brightwater",
        kind="onsite",
        scheduled_at=timezone.now() + timedelta(days=1),
    )
    return [
        due_now(user=person, about=ApplicationFactory(user=person, company__name="Acme"), minutes_ago=3),
        due_now(user=person, about=interview, kind="interview_prep", minutes_ago=2),
        due_now(user=person, about=ApplicationFactory(user=person, company__name="Globex"), kind="ghosting_check"),
    ]


def test_everything_due_for_a_person_goes_out_in_one_email(person, day, smtp_script):
    result = dispatch.run_pass()

    assert (result.sent, result.emails) == (3, 1)
    [message] = mail.outbox
    assert message.to == [person.email]
    delivery = Delivery.objects.get(user=person)
    assert delivery.state == Delivery.State.SENT and delivery.attempts == 1
    assert set(Reminder.objects.filter(pk__in=[r.pk for r in day]).values_list("state", "delivery", "sent_at")) == {
        (Reminder.State.SENT, delivery.pk, delivery.sent_at)
    }  # marked together, in one commit


def test_the_subject_names_the_most_important_and_counts_the_rest(day, smtp_script):
    dispatch.run_pass()

    assert mail.outbox[0].subject == "Tomorrow: onsite at Brightwater — and 2 more"


def test_sections_come_most_important_first_each_with_its_action_and_its_own_unsubscribe(person, day, smtp_script):
    dispatch.run_pass()
    message = mail.outbox[0]
    text, html = message.body, html_part(message)

    headlines = ["Tomorrow: onsite at Brightwater", "No word from Globex", "Follow up with Acme"]
    assert [text.index(headline) for headline in headlines] == sorted(text.index(h) for h in headlines)
    assert [html.index(headline) for headline in headlines] == sorted(html.index(h) for h in headlines)
    for reminder in day:
        link = f"/reminders/unsubscribe/{tokens.make(person, reminder.kind)}/"
        assert link in text and link in html
    for application in (day[0].about, day[2].about):
        assert f"/applications/{application.pk}/" in text
    assert text.startswith("Hi ") and "\n\n\n" not in text
    assert "Three things for today" in text


def test_the_one_click_header_of_a_daily_email_stops_every_reminder_email(person, day, smtp_script):
    from django.test import Client

    dispatch.run_pass()
    header = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = header.rstrip("/").rsplit("/", 1)[1]
    assert tokens.read(token) == (person.pk, tokens.ALL)
    assert token not in mail.outbox[0].body and token not in html_part(mail.outbox[0])  # not in what is forwarded

    response = Client(enforce_csrf_checks=True).post(header.removeprefix("http://127.0.0.1:8000"))

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.reminders_enabled is False


def test_a_single_reminder_keeps_its_own_subject_and_email(person, application, smtp_script):
    reminder = due_now(user=person, about=application)

    dispatch.run_pass()

    [message] = mail.outbox
    assert message.subject == "Follow up with Acme about Backend Engineer"
    assert "Open the application" in message.body
    reminder.refresh_from_db()
    assert message.extra_headers["Message-ID"] == f"<daily-{reminder.delivery_id}@127.0.0.1>"
    assert tokens.read(message.extra_headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[1]) == (
        person.pk,
        "application_follow_up",
    )


def test_what_falls_due_after_todays_email_went_out_waits_for_tomorrows_hour(person, application, smtp_script):
    due_now(user=person, about=application)
    dispatch.run_pass()
    later = due_now(user=person, about=ApplicationFactory(user=person), kind="ghosting_check")

    result = dispatch.run_pass()

    later.refresh_from_db()
    local = timezone.localtime(later.due_at, person.tzinfo)
    assert result.sent == 0 and len(mail.outbox) == 1
    assert later.state == Reminder.State.SCHEDULED and later.delivery_id is None
    assert (local.date(), local.hour, local.minute) == (person.local_today() + timedelta(days=1), 9, 0)


def test_each_person_gets_their_own_daily_email(smtp_script):
    people = [UserFactory(time_zone=zone_where_it_is(13)) for _ in range(3)]
    for someone in people:
        for number in range(2):
            due_now(user=someone, about=ApplicationFactory(user=someone), key=f"p{someone.pk}-{number}")

    result = dispatch.run_pass()

    assert (result.sent, result.emails) == (6, 3)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(someone.email for someone in people)
    assert len({message.extra_headers["Message-ID"] for message in mail.outbox}) == 3


def test_a_claim_takes_all_of_a_persons_due_rows_together(person, smtp_script):
    rows = [due_now(user=person, about=ApplicationFactory(user=person), key=f"all-{n}") for n in range(6)]

    first = dispatch.claim(limit=2)  # the two earliest, completed with the rest of the person's day
    second = dispatch.claim(limit=2)

    assert sorted(first.ids) == sorted(r.pk for r in rows)
    assert second.ids == []
    delivery = Delivery.objects.get(user=person)
    assert delivery.state == Delivery.State.SENDING
    assert set(Reminder.objects.filter(pk__in=first.ids).values_list("delivery", "lease_token")) == {
        (delivery.pk, first.token)
    }


def test_a_daily_email_in_flight_keeps_new_rows_out_until_it_is_done(person, application, smtp_script):
    due_now(user=person, about=application)
    held = dispatch.claim(limit=10)
    newcomer = due_now(user=person, about=ApplicationFactory(user=person), kind="ghosting_check")

    assert dispatch.claim(limit=10).ids == []  # nobody else writes this person's email meanwhile

    dispatch._Batch(held.token, held.ids, dispatch._Mail(), dispatch.PassResult()).run()
    dispatch.run_pass()
    newcomer.refresh_from_db()
    assert len(mail.outbox) == 1
    assert timezone.localtime(newcomer.due_at, person.tzinfo).date() == person.local_today() + timedelta(days=1)


def test_a_temporary_error_retries_the_whole_email_with_the_same_message_id(day, smtp_script, settings):
    settings.REMINDERS_RETRY_SECONDS = 60
    smtp_script.append(TEMPORARY)

    first = dispatch.run_pass()

    delivery = Delivery.objects.get()
    assert first.retried == 3 and mail.outbox == []
    assert delivery.state == Delivery.State.WAITING and delivery.retry_at > timezone.now()
    rows = Reminder.objects.filter(pk__in=[r.pk for r in day])
    assert set(rows.values_list("state", "due_at", "delivery")) == {
        (Reminder.State.SCHEDULED, delivery.retry_at, delivery.pk)
    }
    assert all("421" in row.last_error for row in rows)

    rows.update(due_at=timezone.now())
    Delivery.objects.update(retry_at=timezone.now())
    second = dispatch.run_pass()

    assert (second.sent, second.emails) == (3, 1)
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<daily-{delivery.pk}@127.0.0.1>"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.SENT, 2)


def test_a_reminder_falling_due_while_a_retry_waits_joins_that_retry(person, application, smtp_script, settings):
    settings.REMINDERS_RETRY_SECONDS = 60
    first = due_now(user=person, about=application)
    smtp_script.append(TEMPORARY)
    dispatch.run_pass()
    joining = due_now(user=person, about=ApplicationFactory(user=person), kind="ghosting_check")

    assert dispatch.run_pass().sent == 0

    joining.refresh_from_db()
    delivery = Delivery.objects.get()
    assert (joining.delivery_id, joining.due_at) == (delivery.pk, delivery.retry_at)
    Reminder.objects.filter(pk__in=[first.pk, joining.pk]).update(due_at=timezone.now())
    Delivery.objects.update(retry_at=timezone.now())
    assert dispatch.run_pass().emails == 1
    assert "and 1 more" in mail.outbox[0].subject


def test_after_five_temporary_errors_the_email_fails_with_the_error_on_each_row(day, smtp_script, settings):
    settings.REMINDERS_RETRY_SECONDS = 0
    smtp_script.extend([TEMPORARY] * 5)

    for _ in range(6):
        Delivery.objects.update(retry_at=None)
        dispatch.run_pass()

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (Delivery.State.FAILED, dispatch.MAX_ATTEMPTS)
    rows = Reminder.objects.filter(pk__in=[r.pk for r in day])
    assert set(rows.values_list("state", flat=True)) == {Reminder.State.FAILED}
    assert all("421" in row.last_error for row in rows)
    assert mail.outbox == []


def test_a_permanent_error_fails_every_row_of_the_email_at_once(day, smtp_script):
    smtp_script.append(PERMANENT)

    result = dispatch.run_pass()

    assert result.failed == 3
    assert Delivery.objects.get().state == Delivery.State.FAILED
    rows = Reminder.objects.filter(pk__in=[r.pk for r in day])
    assert set(rows.values_list("state", "attempts")) == {(Reminder.State.FAILED, 1)}
    assert all("550" in row.last_error for row in rows)


def test_a_crash_after_the_claim_resends_the_same_email_and_only_what_it_held(person, day, smtp_script):
    crashed = dispatch.claim(limit=10)
    newcomer = due_now(user=person, about=ApplicationFactory(user=person), key="after-crash")
    expire_leases()

    result = dispatch.run_pass()

    assert (result.sent, result.emails) == (3, 1)
    delivery = Delivery.objects.get()
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<daily-{delivery.pk}@127.0.0.1>"
    assert delivery.attempts == 2 and delivery.lease_token is None
    assert Reminder.objects.filter(pk__in=crashed.ids, state=Reminder.State.SENT, attempts=2).count() == 3
    newcomer.refresh_from_db()
    assert newcomer.state == Reminder.State.SCHEDULED  # it may have reached them already: not added to that email
    assert dispatch.run_pass().sent == 0 and len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_database_error_after_the_250_records_the_email_as_sent_and_never_resends_it(
    person, day, smtp_script, monkeypatch
):
    from django.db import OperationalError

    real_mark = dispatch._Batch._mark_sent
    calls = []

    def mark_fails_once(self, rows, delivery):
        calls.append(delivery)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_mark(self, rows, delivery)

    monkeypatch.setattr(dispatch._Batch, "_mark_sent", mark_fails_once)
    with pytest.raises(OperationalError):
        dispatch.run_pass()

    assert Delivery.objects.get().state == Delivery.State.SENT
    assert set(Reminder.objects.filter(pk__in=[r.pk for r in day]).values_list("state", flat=True)) == {"sent"}
    monkeypatch.setattr(dispatch._Batch, "_mark_sent", real_mark)
    dispatch.run_pass()
    assert len(mail.outbox) == 1


def test_only_the_rows_that_survive_the_persons_choices_go_into_the_email(person, day, smtp_script):
    person.muted_reminder_kinds = ["ghosting_check"]
    person.save()
    gone = day[0].about
    type(gone).objects.filter(pk=gone.pk).delete()

    result = dispatch.run_pass()

    assert (result.sent, result.cancelled) == (1, 2)
    [message] = mail.outbox
    assert message.subject.startswith("Tomorrow: onsite interview with Brightwater")  # alone: its own subject
    assert "Globex" not in message.body and "Acme" not in message.body


def test_a_daily_email_with_nothing_left_sends_nothing_and_keeps_the_day_open(person, application, smtp_script):
    reminder = due_now(user=person, about=application)
    person.muted_reminder_kinds = ["application_follow_up"]
    person.save()

    dispatch.run_pass()

    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.CANCELLED and mail.outbox == []
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (Delivery.State.WAITING, 0)
    due_now(user=person, about=application, kind="ghosting_check")
    assert dispatch.run_pass().emails == 1  # today's email had not gone out: this one may


def test_quiet_mode_postpones_a_planned_row_out_of_the_days_email(person, day, smtp_script):
    person.reminders_paused_until = person.local_today()
    person.save()

    result = dispatch.run_pass()

    assert (result.postponed, result.cancelled, result.sent) == (2, 1, 0)  # prep is skipped, the others wait
    waiting = Reminder.objects.filter(pk__in=[day[0].pk, day[2].pk])
    assert set(waiting.values_list("state", "delivery")) == {(Reminder.State.SCHEDULED, None)}


def test_a_daily_email_running_late_into_the_night_waits_for_the_morning(person, day, smtp_script):
    person.time_zone = zone_where_it_is(23)
    person.save()

    result = dispatch.run_pass()

    assert result.postponed == 3 and mail.outbox == []
    assert Delivery.objects.get().state == Delivery.State.WAITING
    for row in Reminder.objects.filter(pk__in=[r.pk for r in day]):
        local = timezone.localtime(row.due_at, person.tzinfo)
        assert (local.date(), local.hour) == (person.local_today() + timedelta(days=1), person.reminder_hour)


def test_someone_who_asked_for_each_reminder_on_its_own_gets_one_email_each(one_by_one, day, smtp_script):
    result = dispatch.run_pass()

    assert (result.sent, result.emails) == (3, 3)
    assert not Delivery.objects.exists()
    assert sorted(m.extra_headers["Message-ID"] for m in mail.outbox) == sorted(
        f"<reminder-{r.pk}@127.0.0.1>" for r in day
    )


def test_a_daily_email_costs_the_same_number_of_queries_whatever_it_holds(
    person, smtp_script, settings, django_assert_max_num_queries
):
    settings.REMINDERS_BATCH_SIZE = 100

    def make(count, prefix):
        for number in range(count):
            due_now(user=person, about=ApplicationFactory(user=person), key=f"{prefix}-{number}")

    make(3, "small")
    with django_assert_max_num_queries(24):
        assert dispatch.run_pass().emails == 1
    Delivery.objects.update(day=person.local_today() - timedelta(days=1))  # as if that was yesterday
    make(30, "large")
    with django_assert_max_num_queries(24):
        assert dispatch.run_pass().sent == 30
