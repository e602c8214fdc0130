"""Reads that span relations: the journey pages, the perspective card, the mood trend, the week.

Each function runs a fixed number of queries whatever the amount of data.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.pages import address_of
from jobhunt import selectors as jobhunt_selectors
from jobhunt.models import Application, Contact, Interview
from recovery.endings import Ending
from recovery.models import (
    LOW_MOOD,
    LOW_MOOD_RUN,
    HabitCheckIn,
    ImprovementAction,
    Journey,
    JourneyStep,
    MoodCheckIn,
    StayConnected,
    WeeklyPlan,
    Win,
    plan_week_start,
)
from recovery.steps import ORDER, Step, StepState

MOOD_TREND_DAYS = 28
STREAK_LOOKBACK_DAYS = 366
# The habits of a day, as the dashboard's check-in row names them.
HABIT_LABELS = {"active": "Stayed active", "ate_well": "Ate well", "slept_well": "Slept well", "rest_day": "Rest day"}


def journey_for_pages(user, pk: int) -> Journey | None:
    """One of the person's journeys with what every one of its pages shows (the steps);
    load_parts() adds the rest. The person is the one asking: set, not joined (the drafts sign
    with the application's person)."""
    journey = (
        Journey.objects.for_user(user)
        .select_related("application__company", "ask_contact")
        .prefetch_related("steps")
        .filter(pk=pk)
        .first()
    )
    if journey is not None:
        journey.user = journey.application.user = user
    return journey


# What each step page lists besides the steps themselves (the summary lists them all).
_STAY_CONNECTED = Prefetch("stay_connected", queryset=StayConnected.objects.select_related("contact"))
STEP_PARTS = {
    Step.FEEDBACK: ("actions",),
    Step.CLEAR_HEAD: ("lessons", "what_ifs", _STAY_CONNECTED),
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


def people_met(application) -> list[Contact]:
    """The people met in this process (application_people), by name, each with `last_met`: when
    they were last at one of its interviews (None if never). One query."""
    last_met = Interview.objects.filter(application_id=application.pk, contacts=OuterRef("pk")).order_by(
        "-scheduled_at"
    )
    return list(application_people(application).annotate(last_met=Subquery(last_met.values("scheduled_at")[:1])))


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


def _local_day(moment, tzinfo) -> date:
    return timezone.localtime(moment, tzinfo).date()


def mood_overview(user, today: date, days: int = MOOD_TREND_DAYS) -> tuple[dict, bool]:
    """The mood trend (see mood_trend) and whether extra support shows, from one query: the
    check-ins of the last `days` days plus the latest few, whenever they were."""
    since = datetime.combine(today - timedelta(days=days - 1), time.min, tzinfo=user.tzinfo)
    mine = MoodCheckIn.objects.for_user(user)
    latest = mine.order_by("-created_at", "-pk").values("pk")[:LOW_MOOD_RUN]
    rows = list(
        mine.filter(Q(created_at__gte=since) | Q(pk__in=latest))
        .order_by("-created_at", "-pk")
        .values_list("created_at", "mood")
    )
    recent = [mood for _created_at, mood in rows[:LOW_MOOD_RUN]]
    extra_support = len(recent) == LOW_MOOD_RUN and all(mood <= LOW_MOOD for mood in recent)
    in_window = [(created_at, mood) for created_at, mood in reversed(rows) if created_at >= since]
    return _trend(user, today, days, in_window), extra_support


def mood_trend(user, today: date, days: int = MOOD_TREND_DAYS) -> dict:
    """The daily average mood over the last `days` days, as numbers ready for an SVG and a table.

    Only numbers go into the chart: x and y are computed here, the template writes them out.
    """
    since = datetime.combine(today - timedelta(days=days - 1), time.min, tzinfo=user.tzinfo)
    rows = (
        MoodCheckIn.objects.for_user(user)
        .filter(created_at__gte=since)
        .order_by("created_at")
        .values_list("created_at", "mood")
    )
    return _trend(user, today, days, rows)


def _trend(user, today: date, days: int, rows) -> dict:
    """The chart's numbers from (created_at, mood) rows of the window, oldest first."""
    start = today - timedelta(days=days - 1)
    by_day: dict[date, list[int]] = {}
    for created_at, mood in rows:
        by_day.setdefault(_local_day(created_at, user.tzinfo), []).append(mood)
    width, height, pad_left, pad = 300, 110, 22, 8
    step_x = (width - pad_left - pad) / (days - 1)

    def y_for(mood: float) -> float:
        return round(pad + (5 - mood) * (height - 2 * pad) / 4, 1)

    rows, points = [], []
    for index in range(days):
        day = start + timedelta(days=index)
        if day in by_day:
            average = sum(by_day[day]) / len(by_day[day])
            x = round(pad_left + index * step_x, 1)
            points.append({"x": x, "y": y_for(average)})
            rows.append(
                {
                    "day": day,
                    "label": f"{day:%a} {day.day} {day:%b}",
                    "mood": round(average, 1),
                    "count": len(by_day[day]),
                }
            )
    all_moods = [mood for moods in by_day.values() for mood in moods]
    return {
        "width": width,
        "height": height,
        "days": days,
        "start": start,
        "gridlines": [{"mood": mood, "y": y_for(mood)} for mood in range(5, 0, -1)],
        "label_x": pad_left - 6,
        "line_start": pad_left,
        "line_end": width - pad,
        "points": points,
        "polyline": " ".join(f"{point['x']},{point['y']}" for point in points),
        # The days' dots, one path of round caps (one element instead of one per day).
        "dots": "".join(f"M{point['x']} {point['y']}h0" for point in points),
        "rows": rows,
        "check_ins": len(all_moods),
        "average": round(sum(all_moods) / len(all_moods), 1) if all_moods else None,
        "latest": rows[-1]["mood"] if rows else None,
    }


def needs_extra_support(user) -> bool:
    """The last three check-ins were all low."""
    recent = list(MoodCheckIn.objects.for_user(user).values_list("mood", flat=True)[:LOW_MOOD_RUN])
    return len(recent) == LOW_MOOD_RUN and all(mood <= LOW_MOOD for mood in recent)


def habit_streak(user, today: date) -> int:
    """Days in a row, up to today, that kept at least one habit or were marked as a rest day.

    A rest day keeps the streak going (rest is part of the routine). Today counts once it is
    checked in, and does not break the streak before that: the day is not over yet.
    """
    return _streak(_habit_days(user, today, today)[1], today)


def _streak(kept: set[date], today: date) -> int:
    day = today if today in kept else today - timedelta(days=1)
    streak = 0
    while day in kept:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _target(label: str, done: int, target: int, log: str = "") -> dict:
    """One target's progress; `log` names what the person logs by hand ("" when it counts itself)."""
    percent = 100 if target == 0 else min(100, round(100 * done / target))
    return {"label": label, "done": done, "target": target, "percent": percent, "met": done >= target, "log": log}


def plan_targets(plan: WeeklyPlan, applications_done: int) -> list[dict]:
    """The plan's three targets with their progress (applications count themselves)."""
    return [
        _target("Applications", applications_done, plan.applications_target),
        _target("Networking conversations", plan.conversations_done, plan.conversations_target, "conversations"),
        _target("Volunteering or skills practice", plan.practice_done, plan.practice_target, "practice"),
    ]


def applied_this_week(user, today: date) -> Count:
    """The aggregate over the person's applications that this_week() counts."""
    start = plan_week_start(user, today)
    return jobhunt_selectors.how_many(Q(date_applied__range=(start, start + timedelta(days=6))))


def this_week(user, today: date, *, applied: int | None = None) -> dict:
    """This plan week in a line: the applications sent in it, and the plan's targets with their
    progress (None without a plan). Two queries, or one when the caller counted `applied` along
    with other figures (applied_this_week)."""
    start = plan_week_start(user, today)
    if applied is None:
        applied = Application.objects.for_user(user).aggregate(applied=applied_this_week(user, today))["applied"]
    plan = WeeklyPlan.objects.for_user(user).filter(week_start=start).first()
    return {
        "start": start,
        "end": start + timedelta(days=6),
        "applications_done": applied,
        "plan": plan,
        "targets": plan_targets(plan, applied) if plan else [],
    }


DASHBOARD_JOURNEYS = 3


@dataclass(frozen=True)
class JourneyInProgress:
    """A journey still in progress, as the dashboard lists it (a plain row)."""

    pk: int
    begun: bool
    role_title: str
    company: str
    steps_done: int
    resume_step: Step

    def get_absolute_url(self) -> str:
        return address_of("recovery:journey_resume", self.pk)


def journeys_in_progress(user, limit: int = DASHBOARD_JOURNEYS) -> tuple[list[JourneyInProgress], bool]:
    """The latest journeys still in progress with how far each has got, and whether there are
    more: one query, over the steps of the latest few (a journey's four steps come with it)."""
    latest = Journey.objects.for_user(user).in_progress().order_by("-started_at", "-pk").values("pk")[: limit + 1]
    rows = (
        JourneyStep.objects.filter(journey__in=latest)
        .order_by("-journey__started_at", "-journey_id")
        .values_list(
            "journey_id",
            "journey__begun",
            "journey__application__role_title",
            "journey__application__company__name",
            "step",
            "state",
        )
    )
    journeys = []
    for (pk, begun, role_title, company), group in groupby(rows, key=lambda row: row[:4]):
        states = {step: state for *_, step, state in group}
        pending = [step for step in ORDER if states.get(step) == StepState.PENDING]
        journeys.append(
            JourneyInProgress(
                pk,
                begun,
                role_title,
                company,
                steps_done=sum(state != StepState.PENDING for state in states.values()),
                resume_step=pending[0] if pending else Step.GAME_PLAN,
            )
        )
    return journeys[:limit], len(journeys) > limit


def check_in_today(user, today: date) -> dict:
    """Today's mood check-in (the latest of the day), and whether the last few were all low
    (extra support shows). One query: the latest few check-ins."""
    recent = list(MoodCheckIn.objects.for_user(user).order_by("-created_at", "-pk")[:LOW_MOOD_RUN])
    latest = recent[0] if recent and _local_day(recent[0].created_at, user.tzinfo) == today else None
    moods = [row.mood for row in recent]
    return {
        "mood": latest,
        "extra_support": len(moods) == LOW_MOOD_RUN and all(mood <= LOW_MOOD for mood in moods),
    }


def _habit_days(user, today: date, until: date) -> tuple[dict[date, tuple], set[date]]:
    """The habits of each day with a check-in, up to `until`, and the days up to today that keep
    the streak: one read of the streak's year, as plain values (a year of days as rows of five)."""
    rows = (
        HabitCheckIn.objects.for_user(user)
        .filter(day__gt=today - timedelta(days=STREAK_LOOKBACK_DAYS), day__lte=until)
        .values_list("day", *HABIT_LABELS)
    )
    done_on = {day: tuple(done) for day, *done in rows}
    return done_on, {day for day, done in done_on.items() if any(done) and day <= today}


def _habits_of(done: tuple | None) -> list[dict]:
    return [
        {"habit": habit, "label": label, "done": bool(done and done[index])}
        for index, (habit, label) in enumerate(HABIT_LABELS.items())
    ]


def habits_today(user, today: date) -> dict:
    """Today's habits, ticked or not, and the streak: one query."""
    done_on, kept = _habit_days(user, today, today)
    return {"items": _habits_of(done_on.get(today)), "streak": _streak(kept, today)}


def week_overview(user, today: date) -> dict:
    """This plan week: the plan, its progress, the people to reach, the habits day by day, the streak."""
    start = plan_week_start(user, today)
    end = start + timedelta(days=6)
    applied_this_week = (
        Application.objects.for_user(user)
        .filter(date_applied__range=(start, end))
        .order_by()
        .values("user")
        .annotate(count=jobhunt_selectors.how_many())  # from the (user, date_applied) index alone
        .values("count")
    )
    plan = (
        WeeklyPlan.objects.for_user(user)
        .filter(week_start=start)
        .annotate(applications_done=Coalesce(Subquery(applied_this_week), 0))
        .prefetch_related(Prefetch("contacts", queryset=Contact.objects.select_related("company")))
        .first()
    )
    if plan is not None:
        applications_done = plan.applications_done  # counted along with the plan: one query less
    else:
        applications_done = Application.objects.for_user(user).filter(date_applied__range=(start, end)).count()
    done_on, kept = _habit_days(user, today, end)
    targets, contacts = [], []
    if plan is not None:
        targets = plan_targets(plan, applications_done)
        contacts = [
            {"contact": contact, "reached": bool(contact.last_contacted and contact.last_contacted >= start)}
            for contact in plan.contacts.all()
        ]
    return {
        "today": today,
        "start": start,
        "end": end,
        "plan": plan,
        "targets": targets,
        "applications_done": applications_done,
        "contacts": contacts,
        "days": [_habit_day(start + timedelta(days=offset), done_on) for offset in range(7)],
        "habit_labels": list(HABIT_LABELS.items()),
        "streak": _streak(kept, today),
    }


def _habit_day(day: date, done_on: dict) -> dict:
    return {"day": day, "iso": day.isoformat(), "habits": _habits_of(done_on.get(day))}


def wants_weekly_digest(user, today: date) -> bool:
    """While a journey is in progress, or a plan was made this week or last."""
    recent_week = plan_week_start(user, today) - timedelta(days=7)
    return (
        Journey.objects.for_user(user).in_progress().exists()
        or WeeklyPlan.objects.for_user(user).filter(week_start__gte=recent_week).exists()
    )


def open_actions(user):
    """Improvement actions not done yet, from every journey, oldest first."""
    return (
        ImprovementAction.objects.for_user(user)
        .filter(done_on__isnull=True)
        .select_related("journey__application__company")
    )


def recent_wins(user, limit: int = 10):
    return Win.objects.for_user(user)[:limit]
