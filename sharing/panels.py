"""What sharing adds to the jobhunt pages (see jobhunt.extensions). Two queries each."""

from django.utils import timezone

from jobhunt.extensions import Panel
from jobhunt.models import Interview
from sharing.models import CalendarFeed, ShareLink

UPCOMING_SHOWN = 5


def application_context(application) -> dict:
    upcoming = (
        Interview.objects.filter(application=application, scheduled_at__gte=timezone.now())
        .exclude(outcome=Interview.Outcome.CANCELLED)
        .order_by("scheduled_at", "pk")[:UPCOMING_SHOWN]
    )
    return {
        "feed_on": CalendarFeed.objects.filter(user_id=application.user_id).exists(),
        "upcoming": list(upcoming),
    }


def dashboard_context(user) -> dict:
    return {
        "feed_on": CalendarFeed.objects.filter(user=user).exists(),
        "open_links": ShareLink.objects.for_user(user).active().count(),
    }


APPLICATION = Panel(name="calendar", template="sharing/panels/application.html", context=application_context, order=60)
DASHBOARD = Panel(name="sharing", template="sharing/panels/dashboard.html", context=dashboard_context, order=90)
