"""Thin Celery tasks. Long waits live in Reminder rows, never in the broker: no eta or countdown."""

import logging

from celery import current_app, shared_task
from django.conf import settings

from reminders import dispatch

log = logging.getLogger(__name__)

# A pass stops claiming new batches after this many seconds and hands over to a fresh task,
# well inside the task time limits and the lease.
TIME_BUDGET = 45


# Idempotent (rows are claimed with leases), so a redelivery after a lost worker is harmless.
@shared_task(acks_late=True, ignore_result=True)
def dispatch_due_reminders(helper: bool = False) -> str:
    """Beat runs this every minute. With a backlog it calls in REMINDERS_DISPATCHERS - 1 helpers."""

    def call_helpers():
        for _ in range(settings.REMINDERS_DISPATCHERS - 1):
            _publish(helper=True)

    eager = current_app.conf.task_always_eager  # in-process runs have no other workers to call
    result = dispatch.run_pass(time_budget=TIME_BUDGET, on_backlog=None if helper or eager else call_helpers)
    if result.more_due and not helper and not eager:
        _publish()  # carry on now rather than at the next beat
    return str(result)


def dispatch_soon() -> None:
    """Ask a worker for a pass now (something fell due while a person was using the site).

    Called from transaction.on_commit only. A web request never fails or waits for the broker:
    if Redis is away, the row simply waits for the next beat run.
    """
    if current_app.conf.task_always_eager:
        return  # no broker: the embedded scheduler's next minute sends it, not this request
    _publish()


def _publish(**kwargs) -> None:
    try:
        dispatch_due_reminders.delay(**kwargs)
    except Exception as error:  # any broker failure; the reminder rows are safe in the database
        log.warning("Could not reach the task broker (%s); the next scheduled pass sends the reminders.", error)
