"""Reminders exactly once, against real PostgreSQL, Redis, Celery workers and an SMTP server,
with the daily email on (the default): each person gets one email with everything due for them."""

import logging
import socket
import subprocess
import sys
import time
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobhunt import services as jobhunt
from jobhunt.models import Application, Company, Status
from reminders import tokens
from reminders.models import Delivery, Reminder
from tests.factories import UserFactory
from tests.reminders.conftest import zone_where_it_is

from .conftest import ROOT, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def person():
    """Someone for whom it is early afternoon: no night rule holds anything back."""
    return UserFactory(time_zone=zone_where_it_is(13))


def people(count):
    return [person() for _ in range(count)]


def daily_id(user) -> str:
    return f"<daily-{Delivery.objects.get(user=user).pk}@127.0.0.1>"


def due_reminders(user, count, *, kind="application_follow_up", prefix="it"):
    """`count` applications awaiting a reply, each with one reminder due a minute ago."""
    company = Company.objects.create(user=user, name=f"Acme {prefix}")
    today = timezone.localdate()
    applications = Application.objects.bulk_create(
        Application(user=user, company=company, role_title=f"Engineer {n}", status=Status.APPLIED, date_applied=today)
        for n in range(count)
    )
    content_type = ContentType.objects.get_for_model(Application)
    due = timezone.now() - timedelta(minutes=1)
    return Reminder.objects.bulk_create(
        Reminder(
            user=user, kind=kind, content_type=content_type, object_id=a.pk, key=f"{prefix}:{kind}:{a.pk}", due_at=due
        )
        for a in applications
    )


def states(*reminders):
    rows = Reminder.objects.filter(pk__in=[r.pk for r in reminders]) if reminders else Reminder.objects.all()
    return {state: rows.filter(state=state).count() for state in Reminder.State.values if rows.filter(state=state)}


def all_done():
    return not Reminder.objects.filter(
        state__in=[Reminder.State.SCHEDULED, Reminder.State.SENDING], due_at__lte=timezone.now()
    ).exists()


def test_two_dispatchers_over_a_thousand_due_reminders_send_one_email_to_each_person(start_worker, smtp):
    seekers = people(250)
    for number, user in enumerate(seekers):
        due_reminders(user, 4, prefix=f"p{number}")
    smtp.delay = 0.004  # slow enough that the two dispatchers are certainly at work at the same time
    worker = start_worker(smtp, concurrency=2, REMINDERS_BATCH_SIZE=20, REMINDERS_DISPATCHERS=2)

    worker.dispatch()
    worker.dispatch()
    wait_for(lambda: all_done() and smtp.count() >= 250, timeout=150, what="250 daily emails to go out")
    time.sleep(1)  # anything extra would arrive now

    ids = smtp.ids()
    assert len(ids) == 250
    assert sorted(ids) == sorted(daily_id(user) for user in seekers)  # one each, none twice
    assert sorted(m["email"]["To"] for m in smtp.messages) == sorted(user.email for user in seekers)
    subjects = [str(make_header(decode_header(m["email"]["Subject"]))) for m in smtp.messages]
    assert all(subject.endswith("— and 3 more") for subject in subjects)
    assert states() == {Reminder.State.SENT: 1000}
    # Two SMTP sessions that were delivering at overlapping times: two dispatchers at once.
    spans = {}
    for message in smtp.messages:
        first, last = spans.get(message["peer"], (message["at"], message["at"]))
        spans[message["peer"]] = (min(first, message["at"]), max(last, message["at"]))
    overlapping = [(a, b) for a in spans.values() for b in spans.values() if a is not b and a[0] < b[1] and b[0] < a[1]]
    assert overlapping


def test_a_worker_killed_after_claiming_still_sends_the_email_exactly_once(start_worker, smtp, postgres_url):
    user = person()
    rows = due_reminders(user, 3)
    reminder = rows[0]
    smtp.holding = True  # the email is in flight when the worker dies
    worker = start_worker(smtp, REMINDERS_LEASE_SECONDS=4)

    worker.dispatch()
    assert smtp.data_seen.wait(60)
    assert states(*rows) == {Reminder.State.SENDING: 3}
    worker.kill()
    smtp.holding = False

    def send_due():
        subprocess.run(
            [sys.executable, "manage.py", "send_due_reminders"],
            cwd=ROOT,
            env={
                "PATH": "/usr/bin:/bin",
                "DATABASE_URL": postgres_url,
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp.port),
                "DB_CONN_MAX_AGE": "0",
            },  # fmt: skip
            check=True,
            capture_output=True,
            timeout=60,
        )
        reminder.refresh_from_db()
        return reminder.state == Reminder.State.SENT

    wait_for(send_due, timeout=60, what="the lease to expire and the email to go out")

    assert smtp.ids() == [daily_id(user)]
    assert states(*rows) == {Reminder.State.SENT: 3}
    assert Delivery.objects.get(user=user).attempts == 2


def test_a_421_is_retried_and_the_email_sent_once(start_worker, smtp):
    user = person()
    rows = due_reminders(user, 2)
    reminder = rows[0]
    smtp.replies = ["421 4.3.2 Busy, try again later"]
    worker = start_worker(smtp, REMINDERS_RETRY_SECONDS=1)

    worker.dispatch()
    wait_for(lambda: Delivery.objects.filter(user=user, attempts=1, state="waiting").exists(), what="a retry")
    reminder.refresh_from_db()
    assert "421" in reminder.last_error
    assert reminder.due_at > timezone.now() - timedelta(seconds=1)  # moved forward, not sent again at once
    assert states(*rows) == {Reminder.State.SCHEDULED: 2}

    time.sleep(1.2)  # the backoff (1 s in this test) passes; beat's next run:
    worker.dispatch()
    wait_for(lambda: Delivery.objects.filter(user=user, state="sent").exists(), what="the retried send")

    assert smtp.ids() == [daily_id(user)]
    assert states(*rows) == {Reminder.State.SENT: 2}
    assert Delivery.objects.get(user=user).attempts == 2


def test_a_550_fails_at_once_with_the_error_kept(start_worker, smtp):
    user = person()
    rows = due_reminders(user, 2)
    smtp.replies = ["550 5.1.1 No such mailbox"]
    worker = start_worker(smtp)

    worker.dispatch()
    wait_for(lambda: states(*rows) == {Reminder.State.FAILED: 2}, what="the failure")

    for reminder in Reminder.objects.filter(pk__in=[r.pk for r in rows]):
        assert "550" in reminder.last_error and "No such mailbox" in reminder.last_error
        assert reminder.attempts == 1
    assert Delivery.objects.get(user=user).state == Delivery.State.FAILED
    assert smtp.count() == 0


@pytest.fixture
def broker_knocks(monkeypatch):
    """Counts, in this process, connection attempts per port and every positive sleep: a request
    that knocks on a dead broker at most twice and never sleeps has nothing to wait for."""
    knocks, naps = [], []
    connect, sleep = socket.socket.connect, time.sleep

    def counted_connect(sock, address):
        knocks.append(address)
        return connect(sock, address)

    def counted_sleep(seconds):
        naps.append(seconds)
        return sleep(seconds)

    monkeypatch.setattr(socket.socket, "connect", counted_connect)
    monkeypatch.setattr(time, "sleep", counted_sleep)
    return knocks, naps


def test_with_redis_stopped_the_site_still_works_fast_and_reminders_go_out_when_it_is_back(
    own_redis, publisher, start_worker, smtp, caplog, broker_knocks
):
    user = person()  # 13:00 for them: a follow-up for today (at 09:00) is due at once
    client = Client()
    client.force_login(user)
    own_redis.start()
    publisher(own_redis.url)
    own_redis.stop()
    week_ago = timezone.now() - timedelta(days=8)
    silent = jobhunt.application_create(
        user=user, company=Company.objects.create(user=user, name="Globex"), role_title="Data Engineer", when=week_ago
    )

    knocks, naps = broker_knocks
    knocks.clear(), naps.clear()  # count from the first request on
    knocks_per_request = []
    created = client.post(
        reverse("jobhunt:application_create"),
        {
            "company_name": "Acme",
            "role_title": "Backend Engineer",
            "status": "applied",
            "date_applied": user.local_today().isoformat(),
            "source": "job_board",
            "interest": "3",
        },  # fmt: skip
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    knocks_per_request.append(sum(1 for address in knocks if address[1] == own_redis.port))
    knocks.clear()
    assert Application.objects.filter(user=user, role_title="Backend Engineer").exists()

    # Editing the silent one re-plans its follow-up, due now: the request asks a worker to send it.
    caplog.clear()
    caplog.set_level(logging.WARNING, logger="reminders.tasks")
    edited = client.post(
        reverse("jobhunt:application_edit", args=[silent.pk]),
        {
            "company_name": silent.company.name,
            "role_title": "Senior Data Engineer",
            "date_applied": silent.date_applied.isoformat(),
            "source": "job_board",
            "interest": "4",
        },  # fmt: skip
    )
    assert edited.status_code == 302, edited.content.decode()[:2000]
    knocks_per_request.append(sum(1 for address in knocks if address[1] == own_redis.port))
    naps_in_requests = [nap for nap in naps if nap > 0]
    assert "Could not reach the task broker" in caplog.text  # it tried, failed fast, and carried on

    # The broker's absence costs no waiting: a refused knock or two, no sleeping between tries.
    assert max(knocks_per_request) <= 4 and sum(knocks_per_request) >= 1
    assert naps_in_requests == []
    waiting = Reminder.objects.filter(user=user, state="scheduled", due_at__lte=timezone.now())
    assert waiting.filter(kind="application_follow_up", object_id=silent.pk).exists()

    own_redis.start()
    worker = start_worker(smtp, broker_url=own_redis.url)
    worker.dispatch()
    wait_for(lambda: all_done() and smtp.count() >= 1, what="the waiting reminders to go out")
    assert smtp.count() == Reminder.objects.filter(user=user, state="sent").count() >= 1
    assert "Senior Data Engineer" in str(make_header(decode_header(smtp.messages[0]["email"]["Subject"])))


def test_a_database_connection_cut_mid_pass_loses_and_duplicates_nothing(start_worker, smtp):
    seekers = people(100)
    for number, user in enumerate(seekers):
        due_reminders(user, 3, prefix=f"p{number}")
    smtp.delay = 0.03
    worker = start_worker(smtp, concurrency=2, REMINDERS_BATCH_SIZE=20)

    worker.dispatch()
    wait_for(lambda: smtp.count() >= 15, what="the pass to be under way")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        (terminated,) = cursor.fetchone()
    assert terminated >= 1
    assert smtp.count() < 100  # cut mid-pass

    def next_pass_finishes():
        if not Reminder.objects.filter(state="sending").exists():
            worker.dispatch()  # beat's next run
        return all_done()

    wait_for(next_pass_finishes, timeout=120, what="the next pass to recover")
    time.sleep(1)
    ids = smtp.ids()
    assert len(ids) == 100
    assert sorted(ids) == sorted(daily_id(user) for user in seekers)
    assert states() == {Reminder.State.SENT: 300}


def one_click(link):
    path = link.split("://", 1)[1].split("/", 1)[1]
    return Client(enforce_csrf_checks=True).post(
        f"/{path}", "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )


def a_day_later(user):
    """As if the days' emails went out a day earlier: the workers' clock can't be moved, the rows' days can."""
    for delivery in Delivery.objects.filter(user=user).order_by("day"):  # oldest first: one a day at all times
        delivery.day -= timedelta(days=1)
        delivery.save(update_fields=["day"])


def test_after_unsubscribing_no_further_email_of_that_kind_arrives(start_worker, smtp):
    user = person()
    due_reminders(user, 1, prefix="first")
    due_reminders(user, 1, kind="ghosting_check", prefix="first-ghost")
    worker = start_worker(smtp)
    worker.dispatch()
    wait_for(lambda: smtp.count() == 1, what="the first daily email")
    first = smtp.messages[0]["email"]
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = next(
        part.get_payload(decode=True).decode() for part in first.walk() if part.get_content_type() == "text/plain"
    )
    # The link under the follow-up's section stops that kind only.
    section_link = f"/reminders/unsubscribe/{tokens.make(user, 'application_follow_up')}/"
    assert section_link in body
    assert one_click(f"http://x{section_link}").status_code == 200

    a_day_later(user)
    (same_kind,) = due_reminders(user, 1, prefix="second")
    (other_kind,) = due_reminders(user, 1, kind="ghosting_check", prefix="third")
    worker.dispatch()
    wait_for(all_done, what="the second pass")
    time.sleep(0.5)

    assert smtp.count() == 2
    second = smtp.messages[1]["email"]
    assert second["X-Rebound-Reminder"] == "ghosting_check"  # alone, in its own words
    assert states(other_kind) == {Reminder.State.SENT: 1}
    same_kind.refresh_from_db()
    assert same_kind.state == Reminder.State.CANCELLED

    # The daily email's one-click header stops every reminder email.
    assert one_click(first["List-Unsubscribe"].strip("<>")).status_code == 200
    a_day_later(user)
    later = due_reminders(user, 1, kind="ghosting_check", prefix="fourth")
    worker.dispatch()
    wait_for(all_done, what="the third pass")
    time.sleep(0.5)
    assert smtp.count() == 2
    assert states(*later) == {Reminder.State.CANCELLED: 1}
