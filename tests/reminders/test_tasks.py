import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError

from reminders import dispatch, services, tasks
from reminders.embedded import Scheduler
from reminders.models import Reminder
from tests.factories import ApplicationFactory

from .conftest import due_now

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def with_broker():
    """Behave as with REDIS_URL set (tasks go to a broker) without one: .delay is patched per test."""
    conf = tasks.current_app.conf
    conf.task_always_eager = False
    yield
    conf.task_always_eager = True


def test_the_dispatch_task_sends_what_is_due(person, application, smtp_script):
    due_now(user=person, about=application)

    outcome = tasks.dispatch_due_reminders.apply().get()

    assert outcome.startswith("sent=1 emails=1 ")
    assert len(mail.outbox) == 1


def test_the_dispatch_task_is_idempotent_and_acknowledged_late():
    assert tasks.dispatch_due_reminders.acks_late is True


def test_with_a_backlog_the_task_calls_in_helpers_but_helpers_do_not(
    one_by_one, smtp_script, settings, monkeypatch, with_broker
):
    person = one_by_one
    settings.REMINDERS_BATCH_SIZE = 2
    settings.REMINDERS_DISPATCHERS = 3
    for number in range(5):
        due_now(user=person, about=ApplicationFactory(user=person), key=f"backlog-{number}")
    queued = []
    monkeypatch.setattr(tasks.dispatch_due_reminders, "delay", lambda **kwargs: queued.append(kwargs))

    tasks.dispatch_due_reminders.run()
    assert queued == [{"helper": True}, {"helper": True}]
    assert len(mail.outbox) == 5

    queued.clear()
    for number in range(5):
        due_now(user=person, about=ApplicationFactory(user=person), key=f"more-{number}")
    tasks.dispatch_due_reminders.run(helper=True)
    assert queued == []


def test_a_pass_that_runs_out_of_time_hands_over_to_a_new_task(
    one_by_one, smtp_script, settings, monkeypatch, with_broker
):
    person = one_by_one
    settings.REMINDERS_BATCH_SIZE = 1
    for number in range(3):
        due_now(user=person, about=ApplicationFactory(user=person), key=f"late-{number}")
    queued = []
    monkeypatch.setattr(tasks, "TIME_BUDGET", 1e-9)
    monkeypatch.setattr(tasks.dispatch_due_reminders, "delay", lambda **kwargs: queued.append(kwargs))

    tasks.dispatch_due_reminders.run(helper=False)

    assert len(mail.outbox) == 1
    assert {} in queued  # the continuation


def test_something_due_now_asks_a_worker_only_after_the_commit(
    person, application, monkeypatch, django_capture_on_commit_callbacks
):
    asked = []
    monkeypatch.setattr(tasks, "dispatch_soon", lambda: asked.append(True))
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule(user=person, kind="ghosting_check", about=application, due_at=person_now(), key="k1")
        assert asked == []
    assert asked == [True]


def person_now():
    from django.utils import timezone

    return timezone.now() - timezone.timedelta(minutes=5)


def test_many_reminders_falling_due_in_one_transaction_ask_a_worker_once(
    person, application, monkeypatch, django_capture_on_commit_callbacks
):
    asked = []
    monkeypatch.setattr(tasks, "dispatch_soon", lambda: asked.append(True))
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            services.schedule(
                user=person, kind="ghosting_check", about=application, due_at=person_now(), key=f"many-{number}"
            )
    assert asked == [True]


def test_a_later_reminder_does_not_ask_a_worker(person, application, monkeypatch, django_capture_on_commit_callbacks):
    from django.utils import timezone

    asked = []
    monkeypatch.setattr(tasks, "dispatch_soon", lambda: asked.append(True))
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule(
            user=person, kind="ghosting_check", about=application, due_at=timezone.now() + timezone.timedelta(days=3)
        )
    assert asked == []


def test_asking_a_worker_never_raises_when_the_broker_is_down(monkeypatch, caplog, with_broker):
    def broker_down(**kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(tasks.dispatch_due_reminders, "delay", broker_down)

    tasks.dispatch_soon()

    assert "Could not reach the task broker" in caplog.text


def test_publishing_gives_up_at_once_when_redis_refuses_connections():
    """A real Celery publish against a closed port, in a fresh process with these settings: it
    knocks at most twice and never sleeps between tries, so a request is not held up."""
    code = (
        "import socket, time, django; django.setup()\n"
        "knocks, naps = [], []\n"
        "connect, sleep = socket.socket.connect, time.sleep\n"
        "def counted_connect(sock, address):\n"
        "    knocks.append(address)\n"
        "    return connect(sock, address)\n"
        "def counted_sleep(seconds):\n"
        "    naps.append(seconds)\n"
        "    return sleep(seconds)\n"
        "socket.socket.connect, time.sleep = counted_connect, counted_sleep\n"
        "from celery import current_app\n"
        "from reminders import tasks\n"
        "assert not current_app.conf.task_always_eager\n"
        "tasks.dispatch_soon()\n"
        "print(sum(1 for address in knocks if address[1] == 1), sum(1 for nap in naps if nap > 0))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "REDIS_URL": "redis://127.0.0.1:1/0",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Could not reach the task broker" in result.stderr
    knocks, naps = map(int, result.stdout.split())
    assert 1 <= knocks <= 2
    assert naps == 0


def test_the_celery_settings_keep_long_waits_out_of_the_broker(settings):
    from config.celery import app

    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.task_publish_retry is False
    assert app.conf.broker_transport_options["socket_connect_timeout"] <= 2
    assert app.conf.broker_connection_timeout <= 2
    # The lease outlives a whole pass, so a live dispatcher never loses its rows to another.
    assert settings.REMINDERS_LEASE_SECONDS > tasks.TIME_BUDGET + 60


def test_send_due_reminders_runs_one_pass(person, application, smtp_script, capsys):
    due_now(user=person, about=application)

    call_command("send_due_reminders")

    assert "sent=1" in capsys.readouterr().out
    assert Reminder.objects.get(key__startswith="test:").state == Reminder.State.SENT


def test_send_due_reminders_fails_when_the_database_is_down(monkeypatch):
    def database_down(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(dispatch, "run_pass", database_down)
    with pytest.raises(CommandError, match="database is unavailable"):
        call_command("send_due_reminders")


def test_send_due_reminders_exits_non_zero_without_a_database(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "send_due_reminders"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "database is unavailable" in result.stderr


def test_bring_forward_makes_a_few_reminders_due_at_the_next_reminder_hour(person):
    from django.utils import timezone

    from reminders.local_time import next_reminder_hour

    for _ in range(3):
        ApplicationFactory(user=person)  # each schedules two follow-ups and a ghosting check

    moved = services.bring_forward(user=person, count=2)

    due = Reminder.objects.filter(user=person, due_at=next_reminder_hour(person, timezone.now()))
    assert moved == 2
    assert sorted(due.values_list("kind", flat=True)) == ["application_follow_up", "ghosting_check"]
    assert due.values("object_id").distinct().count() == 2  # never two about one application


def test_bring_forward_leaves_interview_notes_on_their_own_day(person):
    from django.utils import timezone

    from tests.factories import InterviewFactory

    interview = InterviewFactory(application__user=person, scheduled_at=timezone.now() + timezone.timedelta(days=4))
    notes = Reminder.objects.filter(object_id=interview.pk, kind__in=["interview_prep", "thank_you_note"])
    planned = dict(notes.values_list("kind", "due_at"))

    services.bring_forward(user=person, count=10)

    assert dict(notes.values_list("kind", "due_at")) == planned
    assert set(planned) == {"interview_prep", "thank_you_note"}


# Embedded beat ---------------------------------------------------------------------------------


def test_the_embedded_scheduler_runs_every_entry_at_start_then_at_its_interval(monkeypatch):
    ran = []
    monkeypatch.setattr(tasks.dispatch_due_reminders, "run", lambda *a, **k: ran.append(k) or "ok")
    scheduler = Scheduler({"dispatch": {"task": "reminders.tasks.dispatch_due_reminders", "schedule": 3600.0}})

    assert scheduler.run_pending() == ["dispatch"]
    assert scheduler.run_pending() == []  # not again before its hour
    scheduler.entries[0]["last_run"] -= scheduler.entries[0]["schedule"].run_every
    assert scheduler.run_pending() == ["dispatch"]
    assert len(ran) == 2


def test_the_embedded_scheduler_reads_the_whole_beat_schedule(settings):
    settings.CELERY_BEAT_SCHEDULE = {
        **settings.CELERY_BEAT_SCHEDULE,
        "another": {"task": "reminders.tasks.dispatch_due_reminders", "schedule": 300.0, "kwargs": {"helper": True}},
    }
    scheduler = Scheduler()
    assert [entry["name"] for entry in scheduler.entries] == list(settings.CELERY_BEAT_SCHEDULE)
    assert scheduler.entries[0]["name"] == "dispatch-due-reminders"
    assert scheduler.entries[-1]["kwargs"] == {"helper": True}


def test_a_failing_entry_does_not_stop_the_others(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    ran = []
    monkeypatch.setattr(tasks.dispatch_due_reminders, "run", boom)
    scheduler = Scheduler(
        {
            "broken": {"task": "reminders.tasks.dispatch_due_reminders", "schedule": 60.0},
            "fine": {"task": "celery.backend_cleanup", "schedule": 60.0},
        }
    )
    from celery import current_app

    monkeypatch.setattr(current_app.tasks["celery.backend_cleanup"], "run", lambda: ran.append(1))
    assert scheduler.run_pending() == ["broken", "fine"]
    assert ran == [1]


def test_the_embedded_scheduler_sends_due_reminders_through_the_real_task(person, application, smtp_script):
    due_now(user=person, about=application)

    Scheduler().run_pending()

    assert len(mail.outbox) == 1
