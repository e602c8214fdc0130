from django.core.management.base import BaseCommand

from jobhunt import demo


class Command(BaseCommand):
    help = "Create (or reset) the demo account with ten weeks of a realistic job search."

    def add_arguments(self, parser):
        parser.add_argument("--email", default=demo.DEMO_EMAIL, help=f"Login email (default {demo.DEMO_EMAIL}).")
        parser.add_argument(
            "--password", default=demo.DEMO_PASSWORD, help=f"Login password (default {demo.DEMO_PASSWORD})."
        )

    def handle(self, *args, email, password, **options):
        user = demo.seed(email=email, password=password)
        applications = user.applications.count()
        self.stdout.write(f"Seeded {applications} applications for {user.email}.")
        self.stdout.write(self.style.SUCCESS(f"Demo login: {user.email} / {password}"))
