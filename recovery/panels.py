"""What recovery adds to the jobhunt pages (see jobhunt.extensions). Fixed query counts each."""

from jobhunt.extensions import Panel
from jobhunt.models import LIVE, SETBACKS, Status
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
    journeys = selectors.journeys_for_list(user)
    in_progress = journeys.in_progress()
    return {
        "journeys": list(in_progress[:DASHBOARD_JOURNEYS_SHOWN]),
        "count": in_progress.count(),
        "last_finished": journeys.finished().order_by("-finished_at").first(),
    }


def mood_context(user) -> dict:
    return {
        "trend": selectors.mood_trend(user, user.local_today()),
        "extra_support": selectors.needs_extra_support(user),
        "form": MoodForm(user=user),
    }


def week_context(user) -> dict:
    return {"week": selectors.week_overview(user, user.local_today())}


APPLICATION = Panel(name="recovery", template="recovery/panels/application.html", context=application_context)
DASHBOARD = [
    Panel(name="journeys", template="recovery/panels/journeys.html", context=journeys_context, order=20),
    Panel(name="mood", template="recovery/panels/mood.html", context=mood_context, order=30),
    Panel(name="week", template="recovery/panels/week.html", context=week_context, order=40),
]
