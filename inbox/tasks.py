"""Thin Celery tasks. The watcher's state lives in Mailbox rows (position, lease, next look)."""

from celery import shared_task

from inbox import watch

# The run stops claiming mailboxes (and reading further batches) after this many seconds, well
# inside the task's time limits (CELERY_TASK_SOFT_TIME_LIMIT, 120 s) even with one slow server
# left to answer (inbox.watch.TIMEOUT a step), and well inside the lease.
TIME_BUDGET = 45
# Mailboxes one run looks at, at most: beat starts another run every minute.
PER_RUN = 100


# Idempotent (each mailbox is claimed with a lease, each message kept once), so a redelivery
# after a lost worker is harmless.
@shared_task(acks_late=True, ignore_result=True)
def watch_mailboxes() -> str:
    """Beat runs this every minute: a look at each mailbox whose next check is due."""
    return f"watched={watch.watch_due(limit=PER_RUN, time_budget=TIME_BUDGET)}"
