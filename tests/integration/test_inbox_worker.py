"""The mailbox watcher run by real Celery workers, on PostgreSQL and Redis, against a real dovecot:
the periodic task sent by name, as beat sends it, turns new job mail into suggestions, once each,
with two workers at it together."""

import re

import pytest
from celery import current_app
from django.conf import settings

from inbox.models import Suggestion
from tests.inbox import conftest as inbox
from tests.inbox.conftest import fresh, new_account

from .conftest import wait_for

# The mailbox tests' fixtures: their dovecot server, and a connected mailbox on it.
dovecot, connect = inbox.dovecot, inbox.connect

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TASK = "inbox.tasks.watch_mailboxes"  # what CELERY_BEAT_SCHEDULE["watch-mailboxes"] sends


def watcher_settings(server) -> dict:
    """What a worker needs to log in: the run's key for the passwords, and the test server's CA."""
    return {"MAILBOX_KEYS": ",".join(settings.MAILBOX_KEYS), "MAILBOX_CA_FILE": str(server.cafile)}


def logins(server, user: str) -> int:
    return sum(
        1 for line in server.log().splitlines() if "imap-login: Info: Login:" in line and f"user=<{user}>" in line
    )


def looked_at(worker) -> list[int]:
    """The mailboxes a worker looked at, from its log ("Mailbox 12: read=…")."""
    return [int(pk) for pk in re.findall(r"Mailbox (\d+): read=", worker.log.read_text())]


def test_new_mail_becomes_a_suggestion_when_the_periodic_task_runs_on_a_worker(start_worker, smtp, dovecot, connect):
    account = new_account(dovecot)
    mailbox = connect(account)
    account.deliver(fresh("rejection.eml"))
    account.deliver(fresh("newsletter.eml"))
    worker = start_worker(smtp, **watcher_settings(dovecot))

    current_app.send_task(TASK, queue=worker.queue)
    wait_for(lambda: looked_at(worker), timeout=60, what="the worker to look at the mailbox")

    assert list(Suggestion.objects.filter(mailbox=mailbox).values_list("meaning", "sender", "subject")) == [
        ("rejected", "careers@northwind-logistics.example", "Your application for Data Analyst")
    ]
    mailbox.refresh_from_db()
    assert (mailbox.last_uid, mailbox.failures, mailbox.lease_token) == (2, 0, "")
    assert looked_at(worker) == [mailbox.pk]


def test_two_workers_at_once_read_each_mailbox_once_and_suggest_each_message_once(start_worker, smtp, dovecot, connect):
    accounts = [new_account(dovecot) for _ in range(20)]
    mailboxes = [connect(account) for account in accounts]  # each logs in once, to take its position
    for account in accounts:
        account.deliver(fresh("rejection.eml"))
        account.deliver(fresh("interview.eml"))
        account.deliver(fresh("personal.eml"))
    first = start_worker(smtp, **watcher_settings(dovecot))
    second = start_worker(smtp, **watcher_settings(dovecot))

    current_app.send_task(TASK, queue=first.queue)
    current_app.send_task(TASK, queue=second.queue)
    wait_for(
        lambda: len(looked_at(first)) + len(looked_at(second)) >= len(mailboxes),
        timeout=90,
        what="the two workers to look at every mailbox",
    )

    by_first, by_second = looked_at(first), looked_at(second)
    assert sorted(by_first + by_second) == sorted(mailbox.pk for mailbox in mailboxes)  # each once, by one
    assert by_first and by_second  # and both were at work
    for mailbox in mailboxes:
        assert sorted(Suggestion.objects.filter(mailbox=mailbox).values_list("meaning", flat=True)) == [
            "interviewing",
            "rejected",
        ]
    assert [logins(dovecot, account.user) for account in accounts] == [2] * len(accounts)  # connecting, one read
