"""What the dashboard shows of the walkthrough side: the journeys in progress, today's check-in
and habits, this plan week in a line. Plain rows from hand-written statements (core.sql): the
dashboard is the page opened most, and these are the statements it runs on every view."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby

from django.urls import reverse

from core import sql
from core.pages import address_of
from recovery.models import LOW_MOOD, LOW_MOOD_RUN, WRITING_SUGGESTED_DAYS, plan_week_start
from recovery.selectors.week import PLAN_SQL, habit_days, habits_of, plan_of, plan_targets, streak
from recovery.steps import ORDER, Step, StepState

DASHBOARD_JOURNEYS = 3


def plan_week(user, today: date) -> tuple[date, date]:
    """The first and last day of the person's plan week that `today` is in."""
    start = plan_week_start(user, today)
    return start, start + timedelta(days=6)


@dataclass(frozen=True)
class JourneyInProgress:
    """A journey still in progress, as the dashboard lists it (a plain row)."""

    pk: int
    begun: bool
    role_title: str
    company: str
    steps_done: int
    resume_step: Step
    # Begun, and a writing session is still offered today (recovery.models.writing_invited's rule).
    writing_invited: bool = False

    def get_absolute_url(self) -> str:
        return address_of("recovery:journey_resume", self.pk)

    def writing_url(self) -> str:
        return reverse("recovery:journey_step", args=[self.pk, Step.CLEAR_HEAD]) + "?open=writing#writing"


# The steps of the latest few journeys in progress, each journey's four together, with the days
# that have a writing session and whether today is one of them (the session table's unique index).
_JOURNEYS = """
    SELECT journey.id, journey.begun, application.role_title, company.name,
           journey.writing_days, journey.wrote_today, step.step, step.state
      FROM (SELECT id, begun, application_id, started_at,
                   (SELECT COUNT(*) FROM recovery_writingsession writing
                     WHERE writing.journey_id = recovery_journey.id) AS writing_days,
                   (SELECT COUNT(*) FROM recovery_writingsession writing
                     WHERE writing.journey_id = recovery_journey.id AND writing.written_on = %(today)s) AS wrote_today
              FROM recovery_journey
             WHERE user_id = %(user)s AND finished_at IS NULL
             ORDER BY started_at DESC, id DESC
             LIMIT %(size)s) AS journey
      JOIN jobhunt_application application ON application.id = journey.application_id
      JOIN jobhunt_company company ON company.id = application.company_id
      JOIN recovery_journeystep step ON step.journey_id = journey.id
     ORDER BY journey.started_at DESC, journey.id DESC
"""


def journeys_in_progress(
    user, limit: int = DASHBOARD_JOURNEYS, *, today: date | None = None
) -> tuple[list[JourneyInProgress], bool]:
    """The latest journeys still in progress with how far each has got, and whether there are
    more: one query, over the steps of the latest few (a journey's four steps come with it).
    With `today`, each says whether a writing session is offered today."""
    journeys = []
    rows = sql.rows(_JOURNEYS, user=user.pk, size=limit + 1, today=today or date.min)
    for (pk, begun, role_title, company, writing_days, wrote_today), group in groupby(rows, key=lambda row: row[:6]):
        states = {step: state for *_, step, state in group}
        pending = [step for step in ORDER if states.get(step) == StepState.PENDING]
        journeys.append(
            JourneyInProgress(
                pk,
                bool(begun),
                role_title,
                company,
                steps_done=sum(state != StepState.PENDING for state in states.values()),
                resume_step=pending[0] if pending else Step.GAME_PLAN,
                writing_invited=bool(today and begun and not wrote_today and writing_days < WRITING_SUGGESTED_DAYS)
                and not any(journey.writing_invited for journey in journeys),  # one invitation at a time
            )
        )
    return journeys[:limit], len(journeys) > limit


@dataclass(frozen=True)
class CheckedIn:
    """A mood check-in, as the dashboard mentions it."""

    mood: int
    created_at: datetime


_LATEST_MOODS = """
    SELECT mood, created_at FROM recovery_moodcheckin
     WHERE user_id = %(user)s
     ORDER BY created_at DESC, id DESC
     LIMIT %(size)s
"""


def check_in_today(user, today: date) -> dict:
    """Today's mood check-in (the latest of the day), and whether the last few were all low
    (extra support shows). One query: the latest few check-ins."""
    recent = [CheckedIn(mood, sql.moment(at)) for mood, at in sql.rows(_LATEST_MOODS, user=user.pk, size=LOW_MOOD_RUN)]
    latest = recent[0] if recent and recent[0].created_at.astimezone(user.tzinfo).date() == today else None
    return {
        "mood": latest,
        "extra_support": len(recent) == LOW_MOOD_RUN and all(row.mood <= LOW_MOOD for row in recent),
    }


def habits_today(user, today: date) -> dict:
    """Today's habits, ticked or not, and the streak: one query, the streak's year of days."""
    done_on, kept = habit_days(user, today, today)
    return {"items": habits_of(done_on.get(today)), "streak": streak(kept, today)}


def this_week(user, today: date) -> dict:
    """This plan week in a line: the applications sent in it, and the plan's targets with their
    progress (None without a plan). One query."""
    start, end = plan_week(user, today)
    applied, *found = sql.one(PLAN_SQL, user=user.pk, start=start, end=end)
    plan = plan_of(found)
    return {
        "start": start,
        "end": end,
        "applications_done": applied,
        "plan": plan,
        "targets": plan_targets(plan, applied) if plan else [],
    }
