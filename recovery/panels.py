"""What recovery adds to the jobhunt pages (see jobhunt.extensions). Fixed query counts each."""

from django.db.models import Count, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce

from jobhunt.extensions import Panel, person_figures
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


def journeys_figures(user) -> dict:
    in_progress = Journey.objects.for_user(user).in_progress().order_by().values("user")
    return {"journeys_in_progress": Coalesce(Subquery(in_progress.annotate(count=Count("pk")).values("count")), 0)}


def journeys_context(user, figures: dict | None = None) -> dict:
    """The latest journeys in progress and the last finished one, read together, with their steps."""
    if figures is None:
        figures = person_figures(user, journeys_figures)
    journeys = Journey.objects.for_user(user).select_related("application__company")
    rows = in_one_query(
        journeys,
        [
            journeys.in_progress().order_by("-started_at", "-pk")[:DASHBOARD_JOURNEYS_SHOWN],
            journeys.finished().order_by("-finished_at", "-pk")[:1],
        ],
    )
    prefetch_related_objects(rows, "steps")
    return {
        "journeys": sorted(
            (row for row in rows if not row.is_finished), key=lambda row: (row.started_at, row.pk), reverse=True
        ),
        "count": figures["journeys_in_progress"],
        "last_finished": next((row for row in rows if row.is_finished), None),
    }


def mood_context(user) -> dict:
    trend, extra_support = selectors.mood_overview(user, user.local_today())
    return {"trend": trend, "extra_support": extra_support, "form": MoodForm(user=user)}


def week_figures(user) -> dict:
    return selectors.this_week_figures(user, user.local_today())


def week_context(user, figures: dict | None = None) -> dict:
    """The plan's targets from the figures, and the habit streak: one query of its own."""
    if figures is None:
        figures = person_figures(user, week_figures)
    plan = selectors.this_week_plan(figures)
    return {
        "week": {
            "plan": plan,
            "targets": selectors.plan_targets(plan, figures["week_applications"]) if plan else [],
            "streak": selectors.habit_streak(user, user.local_today()),
        }
    }


APPLICATION = Panel(name="recovery", template="recovery/panels/application.html", context=application_context)
DASHBOARD = [
    Panel(
        name="journeys",
        template="recovery/panels/journeys.html",
        context=journeys_context,
        order=20,
        figures=journeys_figures,
    ),
    Panel(name="mood", template="recovery/panels/mood.html", context=mood_context, order=30),
    Panel(name="week", template="recovery/panels/week.html", context=week_context, order=40, figures=week_figures),
]
