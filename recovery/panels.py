"""What recovery adds to the jobhunt pages (see jobhunt.extensions). Fixed query counts each."""

from django.db.models import prefetch_related_objects

from jobhunt.extensions import Panel
from jobhunt.models import LIVE, SETBACKS, Status
from jobhunt.selectors import in_one_query
from recovery import selectors
from recovery.forms import MoodForm
from recovery.models import Journey

DASHBOARD_JOURNEYS_SHOWN = 5


def application_context(application) -> dict:
    return {
        "application": application,
        "journey": Journey.objects.filter(application=application).first(),
        "can_turn_down": application.status in LIVE - {Status.SAVED},
        "is_setback": application.status in SETBACKS,
    }


def journeys_context(user) -> dict:
    """The latest journeys in progress and the last finished one, read together, with their steps."""
    journeys = Journey.objects.for_user(user).select_related("application__company")
    in_progress = journeys.in_progress()
    rows = in_one_query(
        journeys,
        [
            in_progress.order_by("-started_at", "-pk")[:DASHBOARD_JOURNEYS_SHOWN],
            journeys.finished().order_by("-finished_at", "-pk")[:1],
        ],
    )
    prefetch_related_objects(rows, "steps")
    return {
        "journeys": sorted(
            (row for row in rows if not row.is_finished), key=lambda row: (row.started_at, row.pk), reverse=True
        ),
        "count": in_progress.count(),
        "last_finished": next((row for row in rows if row.is_finished), None),
    }


def mood_context(user) -> dict:
    trend, extra_support = selectors.mood_overview(user, user.local_today())
    return {"trend": trend, "extra_support": extra_support, "form": MoodForm(user=user)}


def week_context(user) -> dict:
    return {"week": selectors.week_overview(user, user.local_today())}


APPLICATION = Panel(name="recovery", template="recovery/panels/application.html", context=application_context)
DASHBOARD = [
    Panel(name="journeys", template="recovery/panels/journeys.html", context=journeys_context, order=20),
    Panel(name="mood", template="recovery/panels/mood.html", context=mood_context, order=30),
    Panel(name="week", template="recovery/panels/week.html", context=week_context, order=40),
]
