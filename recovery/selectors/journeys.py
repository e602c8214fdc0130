"""The journey pages' reads: a journey with what its step lists, the people met, the perspective."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, prefetch_related_objects

from core import sql
from jobhunt import selectors as jobhunt_selectors
from jobhunt.models import Application, Contact, Interview
from recovery.endings import Ending
from recovery.models import ImprovementAction, Journey, StayConnected
from recovery.steps import Step


def journey_for_pages(user, pk: int) -> Journey | None:
    """One of the person's journeys with what every one of its pages shows (the steps);
    load_parts() adds the rest. The person is the one asking: set, not joined (the drafts sign
    with the application's person)."""
    try:
        journey = (
            Journey.objects.for_user(user).select_related("application__company").prefetch_related("steps").get(pk=pk)
        )
    except Journey.DoesNotExist:
        return None
    journey.user = journey.application.user = user
    return journey


# What each step page lists besides the steps themselves (the summary lists them all).
_STAY_CONNECTED = Prefetch("stay_connected", queryset=StayConnected.objects.select_related("contact"))
STEP_PARTS = {
    Step.FEEDBACK: ("actions",),
    Step.CLEAR_HEAD: ("lessons", "what_ifs", _STAY_CONNECTED, "writing_sessions"),
    Step.STAY_POSITIVE: (),
    Step.GAME_PLAN: ("actions",),
}


def load_parts(journey: Journey, step: Step | None = None) -> None:
    """Read the rows of `journey` that the page of `step` lists (all of them for the summary)."""
    parts = STEP_PARTS[step] if step else ("lessons", "what_ifs", "actions", _STAY_CONNECTED)
    prefetch_related_objects([journey], *parts)


def journeys_for_list(user):
    return Journey.objects.for_user(user).select_related("application__company").prefetch_related("steps")


def application_people(application):
    """The people met in this process: the application's contacts and everyone from its interviews.

    Two short lists of ids (`id IN (…) OR id IN (…)`) rather than joins through both link tables,
    which would read every contact's links and need a DISTINCT."""
    linked = Application.contacts.through.objects.filter(application_id=application.pk).values("contact_id")
    met = Interview.contacts.through.objects.filter(interview__application_id=application.pk).values("contact_id")
    return Contact.objects.filter(user_id=application.user_id).filter(Q(pk__in=linked) | Q(pk__in=met)).order_by("name")


# The people met in this process (application_people's), each with the last of its interviews
# they were at (core.sql: every feedback step lists them).
_PEOPLE_MET = """
    SELECT contact.*,
           (SELECT MAX(interview.scheduled_at)
              FROM jobhunt_interview interview
              JOIN jobhunt_interview_contacts met ON met.interview_id = interview.id
             WHERE interview.application_id = %(application)s AND met.contact_id = contact.id) AS last_met
      FROM jobhunt_contact contact
     WHERE contact.user_id = %(user)s
       AND (contact.id IN (SELECT contact_id FROM jobhunt_application_contacts WHERE application_id = %(application)s)
            OR contact.id IN (SELECT met.contact_id
                                FROM jobhunt_interview_contacts met
                                JOIN jobhunt_interview interview ON interview.id = met.interview_id
                               WHERE interview.application_id = %(application)s))
     ORDER BY contact.name, contact.id
"""


def people_met(application) -> list[Contact]:
    """The people met in this process (application_people), by name, each with `last_met`: when
    they were last at one of its interviews (None if never). One query."""
    people = list(Contact.objects.raw(_PEOPLE_MET, {"application": application.pk, "user": application.user_id}))
    for person in people:
        person.last_met = sql.moment(person.last_met)
    return people


def person_to_ask(people: list[Contact]) -> Contact | None:
    """Who a feedback request is best addressed to (of people_met): whoever was at the latest
    interview, else the contact added first."""
    met = [person for person in people if person.last_met is not None]
    if met:
        latest = max(person.last_met for person in met)
        return min((person for person in met if person.last_met == latest), key=lambda person: person.pk)
    return min(people, key=lambda person: person.pk, default=None)


def perspective(journey: Journey) -> dict:
    """How far this one got next to the rest of the search, in the search's own figures
    (jobhunt.selectors.Figures): one query."""
    figures = jobhunt_selectors.figures(journey.user)
    got_to_interviews = journey.ending in (Ending.AFTER_INTERVIEWS, Ending.NEAR_MISS)
    return {
        "figures": figures,
        # How far this one got, as the ending tells it (recovery.endings): the early endings say so.
        "ended_early": journey.ending in (Ending.AUTOMATED, Ending.GHOSTED),
        "got_to_interviews": got_to_interviews,
        "others_interviewed": max(figures.interviewed - 1, 0) if got_to_interviews else figures.interviewed,
    }


def open_actions(user):
    """Improvement actions not done yet, from every journey, oldest first."""
    return (
        ImprovementAction.objects.for_user(user)
        .filter(done_on__isnull=True)
        .select_related("journey__application__company")
    )


@dataclass(frozen=True)
class LoggedWin:
    text: str
    happened_on: date


_WINS = """
    SELECT text, happened_on FROM recovery_win
     WHERE user_id = %(user)s
     ORDER BY happened_on DESC, id DESC
     LIMIT %(size)s
"""


def recent_wins(user, limit: int = 10) -> list[LoggedWin]:
    """The latest wins, newest first (plain rows: the stay-positive step lists them)."""
    return [LoggedWin(text, sql.day(day)) for text, day in sql.rows(_WINS, user=user.pk, size=limit)]
