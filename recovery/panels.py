"""What recovery adds to an application's page (see jobhunt.extensions): one query."""

from jobhunt.extensions import Panel
from jobhunt.models import LIVE, SETBACKS, Status
from recovery.models import Journey


def application_context(application) -> dict:
    return {
        "application": application,
        "journey": Journey.objects.filter(application=application).first(),
        "can_turn_down": application.status in LIVE - {Status.SAVED},
        "is_setback": application.status in SETBACKS,
    }


APPLICATION = Panel(name="recovery", template="recovery/panels/application.html", context=application_context)
