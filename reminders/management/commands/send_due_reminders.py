from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from reminders import dispatch


class Command(BaseCommand):
    help = "Send every due reminder now, in this process (one dispatcher pass; for cron and tests)."

    def handle(self, *args, **options):
        try:
            result = dispatch.run_pass()
        except DatabaseError as error:
            raise CommandError(f"Could not dispatch reminders: the database is unavailable ({error}).") from error
        self.stdout.write(f"Reminders: {result}")
