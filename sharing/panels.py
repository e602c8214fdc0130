"""What sharing adds to the jobhunt pages (see jobhunt.extensions): two queries on an
application's page, one on the dashboard."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
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
    """Whether the feed is on and how many coach links are open, in one statement."""
    open_links = (
        ShareLink.objects.active().filter(user=OuterRef("pk")).order_by().values("user").annotate(count=Count("pk"))
    )
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            feed_on=Exists(CalendarFeed.objects.filter(user=OuterRef("pk"))),
            open_links=Coalesce(Subquery(open_links.values("count")), 0),
        )
        .values("feed_on", "open_links")
        .get()
    )


APPLICATION = Panel(name="calendar", template="sharing/panels/application.html", context=application_context, order=60)
DASHBOARD = Panel(name="sharing", template="sharing/panels/dashboard.html", context=dashboard_context, order=90)
