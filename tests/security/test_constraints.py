"""The database itself holds the rules the forms check, and every write of several rows is all or
nothing."""

import importlib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction

from accounts import services as accounts
from jobhunt import csv_import
from jobhunt import services as jobhunt
from jobhunt.models import Application, Company, Contact, ImportJob, Status
from recovery import services as recovery
from recovery.models import (
    HabitCheckIn,
    IfThenPlan,
    Journey,
    JourneyStep,
    MoodCheckIn,
    StayConnected,
    WeeklyPlan,
    WritingSession,
)
from tests.security.conftest import as_stored
from tests.security.world import changes, project_models, snapshot

pytestmark = pytest.mark.django_db


def refused(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


def _application(w, **fields):
    return lambda: Application.objects.create(user=w.user, company=w.company, role_title="Direct", **fields)


def _contact(w, **fields):
    return lambda: Contact.objects.create(user=w.user, name="Direct", **fields)


def _mood(w, **fields):
    return lambda: MoodCheckIn.objects.create(user=w.user, **fields)


def _user(w, **fields):
    return lambda: get_user_model().objects.filter(pk=w.user.pk).update(**fields)


def _if_then(w, **fields):
    return lambda: IfThenPlan.objects.create(plan=w.if_then.plan, place="Desk", action="Do it", **fields)


def _plan(w, **fields):
    def write():
        WeeklyPlan.objects.filter(user=w.user).delete()
        WeeklyPlan.objects.create(user=w.user, week_start=w.user.local_today(), **fields)

    return write


# (rule, a write that breaks it, the same write within the rule)
RULES = {
    "interest is 1 to 5": (lambda w: _application(w, interest=6), lambda w: _application(w, interest=5)),
    "interest is at least 1": (lambda w: _application(w, interest=0), lambda w: _application(w, interest=1)),
    "a stage Rebound knows": (lambda w: _application(w, status="hired"), lambda w: _application(w, status="offer")),
    "relationship strength is 1 to 5": (
        lambda w: _contact(w, relationship_strength=6),
        lambda w: _contact(w, relationship_strength=5),
    ),
    "relationship strength is at least 1": (
        lambda w: _contact(w, relationship_strength=0),
        lambda w: _contact(w, relationship_strength=1),
    ),
    "mood is 1 to 5": (lambda w: _mood(w, mood=6), lambda w: _mood(w, mood=5)),
    "mood is at least 1": (lambda w: _mood(w, mood=0), lambda w: _mood(w, mood=1)),
    "company names are unique per person in any case": (
        lambda w: lambda: Company.objects.create(user=w.user, name=w.company.name.upper()),
        lambda w: lambda: Company.objects.create(user=w.user, name=w.company.name + " Labs"),
    ),
    "one journey per application": (
        lambda w: lambda: Journey.objects.create(user=w.user, application=w.ended, ending="ghosted"),
        lambda w: lambda: Journey.objects.create(user=w.user, application=w.application, ending="ghosted"),
    ),
    "an ending Rebound knows": (
        lambda w: lambda: Journey.objects.create(user=w.user, application=w.application, ending="fired"),
        lambda w: lambda: Journey.objects.create(user=w.user, application=w.application, ending="near_miss"),
    ),
    "each step once per journey": (
        lambda w: lambda: JourneyStep.objects.create(journey=w.journey, step="feedback"),
        lambda w: lambda: JourneyStep.objects.filter(journey=w.journey, step="feedback").update(state="done"),
    ),
    "each person kept once per journey": (
        lambda w: (
            lambda: StayConnected.objects.create(
                journey=w.journey, contact=w.contact, reconnect_on=w.user.local_today()
            )
        ),
        lambda w: (
            lambda: StayConnected.objects.create(
                journey=w.journey,
                contact=Contact.objects.create(user=w.user, name="Other"),
                reconnect_on=w.user.local_today(),
            )
        ),
    ),
    "one habit check-in a day": (
        lambda w: lambda: HabitCheckIn.objects.create(user=w.user, day=w.user.local_today()),
        lambda w: lambda: HabitCheckIn.objects.create(user=w.user, day=w.user.local_today() - timedelta(days=1)),
    ),
    "one plan a week": (
        lambda w: lambda: WeeklyPlan.objects.create(user=w.user, week_start=w.plan.week_start),
        lambda w: lambda: WeeklyPlan.objects.create(user=w.user, week_start=w.plan.week_start - timedelta(days=7)),
    ),
    "weekly targets are 50 at most": (
        lambda w: _plan(w, applications_target=51),
        lambda w: _plan(w, applications_target=50, conversations_target=50, practice_target=50),
    ),
    "weekly conversations target is 50 at most": (
        lambda w: _plan(w, conversations_target=51),
        lambda w: _plan(w, conversations_target=0),
    ),
    "weekly practice target is 50 at most": (
        lambda w: _plan(w, practice_target=51),
        lambda w: _plan(w, practice_target=0),
    ),
    "progress is never negative": (lambda w: _plan(w, conversations_done=-1), lambda w: _plan(w, practice_done=0)),
    "one writing session a journey and day": (
        lambda w: lambda: WritingSession.objects.create(journey=w.journey, written_on=w.writing.written_on, text="x"),
        lambda w: (
            lambda: WritingSession.objects.create(
                journey=w.journey, written_on=w.writing.written_on - timedelta(days=1), text="x"
            )
        ),
    ),
    "one if-then plan a target and day": (
        lambda w: _if_then(w, target=w.if_then.target, day=w.if_then.day),
        lambda w: _if_then(w, target="conversations", day=w.if_then.day),
    ),
    "an if-then plan is for one of the week's targets": (
        lambda w: _if_then(w, target="sleep", day=w.if_then.day),
        lambda w: _if_then(w, target="applications", day=w.if_then.day),
    ),
    "ghosting threshold is 3 to 180 days": (lambda w: _user(w, ghosting_days=2), lambda w: _user(w, ghosting_days=3)),
    "reminder hour is 8 to 20": (lambda w: _user(w, reminder_hour=21), lambda w: _user(w, reminder_hour=20)),
    "the weekly plan day is a day of the week": (
        lambda w: _user(w, weekly_plan_day=7),
        lambda w: _user(w, weekly_plan_day=6),
    ),
    "one account per address in any case": (
        lambda w: lambda: get_user_model().objects.create(email=w.user.email.upper()),
        lambda w: lambda: get_user_model().objects.create(email="x" + w.user.email.upper()),
    ),
}


@pytest.mark.parametrize("rule", RULES)
def test_the_database_refuses_a_row_that_breaks_a_form_rule(rule, mine):
    breaking, keeping = RULES[rule]

    assert refused(breaking(mine)), f"nothing in the database stops a row where not: {rule}"
    assert not refused(keeping(mine))


def test_another_person_may_use_the_same_company_name(mine, theirs):
    Company.objects.create(user=mine.user, name="Zephyr Labs")

    assert not refused(lambda: Company.objects.create(user=theirs.user, name="ZEPHYR LABS"))


def test_every_row_is_reached_from_its_person_through_cascading_keys():
    """So deleting the person leaves nothing of theirs behind, in any table, new ones included.
    (tests/accounts/test_delete.py checks the deletion itself on a fully seeded account.)"""
    User = get_user_model()

    def cascades_to_user(model, seen=()):
        if model is User:
            return True
        return any(
            field.remote_field.on_delete is models.CASCADE
            and not field.null
            and field.related_model not in seen
            and cascades_to_user(field.related_model, (*seen, model))
            for field in model._meta.concrete_fields
            if field.many_to_one or field.one_to_one
        )

    orphaned = [model._meta.label for model in project_models() if not cascades_to_user(model)]
    assert not orphaned, f"these rows would outlive their person: {orphaned}"
    assert len(project_models()) > 15


# Multi-step writes -------------------------------------------------------------------------------


class Boom(Exception):
    pass


def _failing_at(monkeypatch, target, *, when=lambda *args, **kwargs: True):
    """Make `target` raise Boom (when `when` says so), noting what the database held by then."""
    original = _resolve(target)
    seen = {}

    def fail(*args, **kwargs):
        if when(*args, **kwargs):
            seen["midway"] = snapshot()
            raise Boom
        return original(*args, **kwargs)

    monkeypatch.setattr(target, fail)
    return seen


def _resolve(target):
    parts = target.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for part in parts[split:]:
            found = getattr(found, part)
        return found
    raise LookupError(target)


def fresh(row):
    """The row as stored: the services change the objects they are given."""
    return type(row)._base_manager.get(pk=row.pk)


# (service, where it fails late, the call)
WRITES = {
    "application_create": (
        "jobhunt.signals.application_moved.send",
        lambda w: jobhunt.application_create(user=w.user, company=w.company, role_title="New", contacts=[w.contact]),
    ),
    "application_quick_add": (
        "jobhunt.services.application_plan_reminders",
        lambda w: jobhunt.application_quick_add(user=w.user, company_name="Brand New Co", role_title="New"),
    ),
    "application_move": (
        "jobhunt.signals.application_moved.send",
        lambda w: jobhunt.application_move(application=fresh(w.application), to_status=Status.INTERVIEWING),
    ),
    "application_move to a setback (the journey starts)": (
        "recovery.services.schedule.weekly_digest",
        lambda w: jobhunt.application_move(application=fresh(w.application), to_status=Status.REJECTED),
    ),
    "application_update": (
        "jobhunt.services.application_plan_reminders",
        lambda w: jobhunt.application_update(application=fresh(w.application), role_title="Changed", contacts=[]),
    ),
    "application_delete": (
        "jobhunt.models.Application.delete",
        lambda w: jobhunt.application_delete(application=fresh(w.application)),
    ),
    "company_delete": (
        "jobhunt.models.Company.delete",
        lambda w: jobhunt.company_delete(company=fresh(w.company)),
    ),
    "interview_save": (
        "jobhunt.services._schedule_interview_reminders",
        lambda w: jobhunt.interview_save(interview=fresh(w.interview), contacts=[]),
    ),
    "journey_start": ("recovery.services.schedule.weekly_digest", "journey_start"),
    "application_turned_down": (
        "recovery.services.schedule.weekly_digest",
        lambda w: recovery.application_turned_down(application=fresh(w.application)),
    ),
    "rejection_log": (
        "recovery.services.schedule.weekly_digest",
        lambda w: recovery.rejection_log(user=w.user, company_name="Log Co", role_title="Analyst"),
    ),
    "stay_connected_add with a new contact": (
        "recovery.services.schedule.reconnect",
        lambda w: recovery.stay_connected_add(journey=fresh(w.journey), name="Sam New", email="sam@new.example"),
    ),
    "feedback_request_sent": (
        "recovery.services.feedback.touch",
        lambda w: recovery.feedback_request_sent(
            journey=fresh(w.journey), message="Changed", sent_on=w.user.local_today()
        ),
    ),
    "feedback_record": (
        "recovery.services.feedback.touch",
        lambda w: recovery.feedback_record(journey=fresh(w.journey), feedback="Changed"),
    ),
    "step_skip": (
        "recovery.services.journeys.touch",
        lambda w: recovery.step_skip(journey=fresh(w.journey), step="feedback", reason="not_now"),
    ),
    "journey_finish": (
        "recovery.services.schedule.weekly_digest",
        lambda w: recovery.journey_finish(journey=fresh(w.journey), summary="Done"),
    ),
    "plan_save": (
        "recovery.services.schedule.weekly_digest",
        lambda w: recovery.plan_save(
            user=w.user, applications_target=9, conversations_target=9, practice_target=9, contacts=[]
        ),
    ),
    "user_delete": (
        "axes.models.AccessLog.objects.filter",
        lambda w: accounts.user_delete(user=as_stored(w.user)),
    ),
}


def _journey_start(w):
    """An ended application whose journey isn't started yet."""
    Journey.objects.filter(application=w.ended).delete()
    return lambda: recovery.journey_start(application=fresh(w.ended))


@pytest.mark.parametrize("service", WRITES)
def test_a_failure_late_in_a_write_of_several_rows_leaves_nothing_behind(service, mine, monkeypatch):
    target, call = WRITES[service]
    run = _journey_start(mine) if call == "journey_start" else (lambda: call(mine))
    before = snapshot()
    seen = _failing_at(monkeypatch, target)

    with pytest.raises(Boom):
        run()

    assert "midway" in seen, f"{target} wasn't reached"
    assert changes(before, seen["midway"]), "the failure came before anything was written: fail later"
    assert changes(before, snapshot()) == []


def test_an_import_that_fails_midway_writes_none_of_its_rows_and_says_so(mine, monkeypatch):
    job = fresh(mine.import_job)
    before = snapshot()
    # Progress is reported after each chunk of rows is written: fail there, with rows in.
    seen = _failing_at(monkeypatch, "jobhunt.csv_import.report_progress", when=lambda job_id, done: done > 0)

    job = csv_import.import_start(job=job)

    assert job.state == ImportJob.State.FAILED and job.errors
    assert any(label.startswith("jobhunt.Application:") for label in changes(before, seen["midway"]))
    assert [change.split(":")[0] for change in changes(before, snapshot())] == ["jobhunt.ImportJob"]
