"""What sharing adds to an application's page (see jobhunt.extensions): two queries."""

from django.utils import timezone

from jobhunt.extensions import Panel
from jobhunt.models import Interview
from sharing.models import CalendarFeed

UPCOMING_SHOWN = 5


def application_context(application) -> dict:
    upcoming = Interview.objects.filter(
        application=application, scheduled_at__gte=timezone.now(), outcome=Interview.Outcome.PENDING
    ).order_by("scheduled_at", "pk")[:UPCOMING_SHOWN]
    return {
        "feed_on": CalendarFeed.objects.filter(user_id=application.user_id).exists(),
        "upcoming": list(upcoming),
    }


APPLICATION = Panel(name="calendar", template="sharing/panels/application.html", context=application_context, order=60)
