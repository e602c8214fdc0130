"""What sharing adds to the jobhunt pages (see jobhunt.extensions): two queries on an
application's page; on the dashboard, two figures read along with the other panels'."""

from django.db.models import Count, Exists, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from jobhunt.extensions import Panel, person_figures
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


def dashboard_figures(user) -> dict:
    """Whether the feed is on and how many coach links are open, as figures on the person's row."""
    open_links = ShareLink.objects.active().filter(user=user).order_by().values("user")
    return {
        "feed_on": Exists(CalendarFeed.objects.filter(user=user)),
        "open_links": Coalesce(Subquery(open_links.annotate(count=Count("pk")).values("count")), 0),
    }


def dashboard_context(user, figures: dict | None = None) -> dict:
    if figures is None:
        figures = person_figures(user, dashboard_figures)
    return {"feed_on": figures["feed_on"], "open_links": figures["open_links"]}


APPLICATION = Panel(name="calendar", template="sharing/panels/application.html", context=application_context, order=60)
DASHBOARD = Panel(
    name="sharing",
    template="sharing/panels/dashboard.html",
    context=dashboard_context,
    order=90,
    figures=dashboard_figures,
)
