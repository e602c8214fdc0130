from django.conf import settings
from django.core.management.commands.runserver import Command as RunserverCommand

from reminders.embedded import Scheduler


class Command(RunserverCommand):
    help = (
        "runserver, plus CELERY_BEAT_SCHEDULE (reminder dispatch every minute…) in a background thread "
        "when there is no REDIS_URL. With REDIS_URL, run `celery -A config worker` and `celery -A config beat`."
    )

    def inner_run(self, *args, **options):
        # inner_run runs in the process that serves requests (the autoreloader's child), so each
        # code reload starts a fresh scheduler with the new code.
        if settings.REDIS_URL:
            self.stdout.write("REDIS_URL is set: periodic tasks are left to `celery -A config beat`.")
        else:
            scheduler = Scheduler()
            scheduler.start()
            self.stdout.write(f"Periodic tasks run in the background: {scheduler.names()}.")
        return super().inner_run(*args, **options)
