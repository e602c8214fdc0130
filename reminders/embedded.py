"""The embedded set-up's beat: CELERY_BEAT_SCHEDULE run by a thread inside `manage.py runlocal`.

Without REDIS_URL there is no broker, so no `celery beat` either. This thread plays its part:
each entry of CELERY_BEAT_SCHEDULE runs at its interval, through the same task code a worker
runs (Task.apply, in this process). Every entry also runs once at start, so reminders that fell
due while the server was off go out straight away.
"""

import logging
import threading

from celery import current_app
from celery.schedules import maybe_schedule
from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)


class Scheduler(threading.Thread):
    def __init__(self, schedule: dict | None = None, *, tick: float = 1.0):
        super().__init__(name="rebound-beat", daemon=True)
        self.tick = tick
        self.stopped = threading.Event()
        self.entries = [
            {
                "name": name,
                "task": entry["task"],
                "args": entry.get("args", ()),
                "kwargs": entry.get("kwargs", {}),
                "schedule": maybe_schedule(entry["schedule"], app=current_app),
                "last_run": None,
            }
            for name, entry in (settings.CELERY_BEAT_SCHEDULE if schedule is None else schedule).items()
        ]

    def run_pending(self) -> list[str]:
        """Run the entries that are due; returns their names."""
        ran = []
        for entry in self.entries:
            if entry["last_run"] is not None and not entry["schedule"].is_due(entry["last_run"]).is_due:
                continue
            entry["last_run"] = entry["schedule"].now()
            ran.append(entry["name"])
            try:
                result = current_app.tasks[entry["task"]].apply(args=entry["args"], kwargs=entry["kwargs"])
                if result.failed():
                    log.error("Periodic task %s failed: %r", entry["name"], result.result)
            except Exception:  # one failing entry must not stop the others or the thread
                log.exception("Periodic task %s could not run", entry["name"])
            finally:
                connections.close_all()  # this thread's connections; the next run opens fresh ones
        return ran

    def run(self):
        current_app.loader.import_default_modules()  # the apps' tasks modules
        log.info("Running %d periodic task(s) in the background: %s", len(self.entries), self.names())
        while not self.stopped.is_set():
            self.run_pending()
            self.stopped.wait(self.tick)

    def names(self) -> str:
        return ", ".join(entry["name"] for entry in self.entries)

    def stop(self):
        self.stopped.set()
