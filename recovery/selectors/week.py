"""The plan week: its targets and progress, its if-then plans and which happened, the people to
reach, the habits day by day, the streak."""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db.models import Exists, OuterRef

from core import sql
from core.pages import address_of
from jobhunt.models import Application, Outreach
from recovery.models import IfThenPlan, Journey, PlanTarget, WeeklyPlan, plan_week_start

STREAK_LOOKBACK_DAYS = 366
# The habits of a day, as the dashboard's check-in row names them.
HABIT_LABELS = {"active": "Stayed active", "ate_well": "Ate well", "slept_well": "Slept well", "rest_day": "Rest day"}


def habit_streak(user, today: date) -> int:
    """Days in a row, up to today, that kept at least one habit or were marked as a rest day.

    A rest day keeps the streak going (rest is part of the routine). Today counts once it is
    checked in, and does not break the streak before that: the day is not over yet.
    """
    return streak(habit_days(user, today, today)[1], today)


def streak(kept: set[date], today: date) -> int:
    """The days in a row in `kept` up to today (or up to yesterday, while today is not kept yet)."""
    day = today if today in kept else today - timedelta(days=1)
    days = 0
    while day in kept:
        days += 1
        day -= timedelta(days=1)
    return days


def _target(label: str, done: int, target: int, log: str = "") -> dict:
    """One target's progress; `log` names what the person logs by hand ("" when it counts itself)."""
    percent = 100 if target == 0 else min(100, round(100 * done / target))
    return {"label": label, "done": done, "target": target, "percent": percent, "met": done >= target, "log": log}


def plan_targets(plan, applications_done: int) -> list[dict]:
    """The plan's three targets with their progress (applications count themselves). `plan`: a
    WeeklyPlan, or a row with the same targets and counts."""
    return [
        _target("Applications", applications_done, plan.applications_target),
        _target("Networking conversations", plan.conversations_done, plan.conversations_target, "conversations"),
        _target("Volunteering or skills practice", plan.practice_done, plan.practice_target, "practice"),
    ]


_HABIT_DAYS = f"""
    SELECT day, {", ".join(HABIT_LABELS)} FROM recovery_habitcheckin
     WHERE user_id = %(user)s AND day > %(since)s AND day <= %(until)s
"""  # noqa: S608 (constants only)


def habit_days(user, today: date, until: date) -> tuple[dict[date, tuple], set[date]]:
    """The habits of each day with a check-in, up to `until`, and the days up to today that keep
    the streak: one read of the streak's year, as plain values (a year of days as rows of five)."""
    rows = sql.rows(_HABIT_DAYS, user=user.pk, since=today - timedelta(days=STREAK_LOOKBACK_DAYS), until=until)
    done_on = {day: tuple(map(bool, done)) for day, *done in rows}
    return done_on, {day for day, done in done_on.items() if any(done) and day <= today}


def habits_of(done: tuple | None) -> list[dict]:
    return [
        {"habit": habit, "label": label, "done": bool(done and done[index])}
        for index, (habit, label) in enumerate(HABIT_LABELS.items())
    ]


@dataclass(frozen=True)
class Plan:
    """A week's plan: its targets, what was logged against them, and the people to reach."""

    pk: int
    applications_target: int
    conversations_target: int
    practice_target: int
    conversations_done: int
    practice_done: int
    contact_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class PersonToReach:
    pk: int
    name: str
    company: str
    reached: bool

    def get_absolute_url(self) -> str:
        return address_of("jobhunt:contact_detail", self.pk)


# The applications sent this plan week, with the week's plan where there is one (one row either way).
PLAN_SQL = """
    SELECT (SELECT COUNT(*) FROM jobhunt_application
             WHERE user_id = %(user)s AND date_applied BETWEEN %(start)s AND %(end)s),
           plan.id, plan.applications_target, plan.conversations_target, plan.practice_target,
           plan.conversations_done, plan.practice_done
      FROM (SELECT 1 AS week) AS this_week
      LEFT JOIN recovery_weeklyplan plan ON plan.user_id = %(user)s AND plan.week_start = %(start)s
"""
_PEOPLE_TO_REACH = """
    SELECT contact.id, contact.name, company.name, contact.last_contacted
      FROM recovery_weeklyplan_contacts picked
      JOIN jobhunt_contact contact ON contact.id = picked.contact_id
      LEFT JOIN jobhunt_company company ON company.id = contact.company_id
     WHERE picked.weeklyplan_id = %(plan)s
     ORDER BY contact.name, contact.id
"""


def plan_of(row: tuple, contact_ids=()) -> Plan | None:
    """The Plan in a row of PLAN_SQL (after its count), or None when the week has none."""
    return Plan(*row, contact_ids=tuple(contact_ids)) if row[0] is not None else None


@dataclass(frozen=True)
class IfThen:
    """An if-then plan as the week shows it, with whether it happened and what says so."""

    pk: int
    target: str
    day: date
    at: time | None
    place: str
    action: str
    ticked: bool
    # What the data says: an application sent that day, someone reached that day.
    applied: bool = False
    reached: bool = False
    today: date | None = None

    @property
    def target_label(self) -> str:
        return PlanTarget(self.target).label

    @property
    def happened(self) -> bool:
        return self.ticked or self.evidence != ""

    @property
    def evidence(self) -> str:
        """What in the data shows it happened ("" when nothing does)."""
        if self.target == PlanTarget.APPLICATIONS and self.applied:
            return "An application went out that day."
        if self.target == PlanTarget.CONVERSATIONS and self.reached:
            return "You reached out to someone that day."
        return ""

    @property
    def tickable(self) -> bool:
        """The person may say "it happened": the day has come, and the data can't say it for them
        (applications always count themselves from the pipeline)."""
        return self.target != PlanTarget.APPLICATIONS and self.day <= self.today and not self.evidence

    @property
    def state(self) -> str:
        """happened, today, ahead or missed."""
        if self.happened:
            return "happened"
        if self.day == self.today:
            return "today"
        return "ahead" if self.day > self.today else "missed"


def if_then_plans(user, plan_id: int, today: date) -> list[IfThen]:
    """The plan's if-then plans in day order, each with what the pipeline and the outreach log say
    about its day: one query."""
    rows = (
        IfThenPlan.objects.filter(plan_id=plan_id, plan__user=user)
        .annotate(
            applied=Exists(Application.objects.filter(user=user, date_applied=OuterRef("day"))),
            reached=Exists(Outreach.objects.filter(user=user, day=OuterRef("day"))),
        )
        .values_list("pk", "target", "day", "at", "place", "action", "ticked_at", "applied", "reached")
    )
    found = [
        IfThen(pk, target, day, at, place, action, ticked_at is not None, bool(applied), bool(reached), today)
        for pk, target, day, at, place, action, ticked_at, applied, reached in rows
    ]
    return sorted(found, key=lambda row: (row.day, row.at or time.max, row.pk))


def week_overview(user, today: date) -> dict:
    """This plan week: the plan, its progress, its if-then plans, the people to reach, the habits
    day by day, the streak. Four queries (two without a plan)."""
    start = plan_week_start(user, today)
    end = start + timedelta(days=6)
    applications_done, *found = sql.one(PLAN_SQL, user=user.pk, start=start, end=end)
    people = sql.rows(_PEOPLE_TO_REACH, plan=found[0]) if found[0] is not None else []
    plan = plan_of(found, [pk for pk, *_rest in people])
    done_on, kept = habit_days(user, today, end)
    return {
        "today": today,
        "start": start,
        "end": end,
        "plan": plan,
        "targets": plan_targets(plan, applications_done) if plan else [],
        "if_then": if_then_plans(user, plan.pk, today) if plan else [],
        "applications_done": applications_done,
        "contacts": [
            PersonToReach(pk, name, company or "", bool(last_contacted and last_contacted >= start))
            for pk, name, company, last_contacted in people
        ],
        "days": [_habit_day(start + timedelta(days=offset), done_on) for offset in range(7)],
        "habit_labels": list(HABIT_LABELS.items()),
        "streak": streak(kept, today),
    }


def _habit_day(day: date, done_on: dict) -> dict:
    return {"day": day, "iso": day.isoformat(), "habits": habits_of(done_on.get(day))}


def wants_weekly_digest(user, today: date) -> bool:
    """While a journey is in progress, or a plan was made this week or last."""
    recent_week = plan_week_start(user, today) - timedelta(days=7)
    return (
        Journey.objects.for_user(user).in_progress().exists()
        or WeeklyPlan.objects.for_user(user).filter(week_start__gte=recent_week).exists()
    )


def if_then_for_digest(user, today: date, this_week: list[IfThen]) -> tuple[list[IfThen], bool]:
    """The if-then plans the weekly digest lists: this week's (`this_week`, as week_overview read
    them), or while this week has none yet, last week's to repeat the ones that worked. Returns
    (plans, True when they are last week's). One query, and only when this week has none."""
    if this_week:
        return this_week, False
    last_week = plan_week_start(user, today) - timedelta(days=7)
    rows = IfThenPlan.objects.filter(plan__user=user, plan__week_start=last_week).values_list(
        "pk", "target", "day", "at", "place", "action", "ticked_at"
    )
    found = [
        IfThen(pk, target, day, at, place, action, ticked_at is not None, today=today)
        for pk, target, day, at, place, action, ticked_at in rows
    ]
    return sorted(found, key=lambda row: (row.day, row.at or time.max, row.pk)), True
