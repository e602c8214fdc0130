"""The migrations that fill in new columns work over a database already holding a search: the
test database is migrated on an empty schema, so this one steps back to what had landed before,
writes rows as the app wrote them then, and migrates forward again."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

# What main held before these migrations (each app's last one then).
BEFORE = [
    ("accounts", "0004_data_version"),
    ("jobhunt", "0006_application_user_applied"),
    ("recovery", "0003_updated_at"),
    ("reminders", "0002_lease_token"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_new_columns_are_filled_in_from_the_rows_already_there():
    old = _migrate(BEFORE)
    User, Company = old.get_model("accounts", "User"), old.get_model("jobhunt", "Company")
    Application, StageEvent = old.get_model("jobhunt", "Application"), old.get_model("jobhunt", "StageEvent")
    Journey, JourneyStep = old.get_model("recovery", "Journey"), old.get_model("recovery", "JourneyStep")
    start = timezone.now() - datetime.timedelta(days=20)
    user = User.objects.create(email="early@example.com", reminder_hour=7)
    User.objects.create(email="late@example.com", reminder_hour=21)
    company = Company.objects.create(user=user, name="Fernhill")
    application = Application.objects.create(user=user, company=company, role_title="Analyst", status="rejected")
    timeline = [(0, "", "applied"), (3, "applied", "screening"), (10, "screening", "rejected")]
    for days, old_status, new_status in timeline:
        StageEvent.objects.create(
            application=application,
            from_status=old_status,
            to_status=new_status,
            happened_at=start + datetime.timedelta(days=days),
        )
    worked_on = Journey.objects.create(
        user=user,
        application=application,
        ending="after_screening",
        started_at=start,
        touched_at=start + datetime.timedelta(days=2),
    )
    JourneyStep.objects.create(journey=worked_on, step="feedback", state="done")
    Interview = old.get_model("jobhunt", "Interview")
    interview = Interview.objects.create(application=application, scheduled_at=start + datetime.timedelta(days=5))

    new = _migrate(_latest())

    steps = list(new.get_model("jobhunt", "StageEvent").objects.order_by("happened_at"))
    assert [step.user_id for step in steps] == [user.pk] * 3
    assert [step.stay_days for step in steps] == [pytest.approx(3.0), pytest.approx(7.0), None]
    assert steps[0].left_at == steps[1].happened_at
    assert new.get_model("recovery", "Journey").objects.get(pk=worked_on.pk).begun
    assert new.get_model("jobhunt", "Interview").objects.get(pk=interview.pk).user_id == user.pk
    hours = dict(new.get_model("accounts", "User").objects.values_list("email", "reminder_hour"))
    assert hours == {"early@example.com": 8, "late@example.com": 20}


def _latest():
    executor = MigrationExecutor(connection)
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] in {app for app, _ in BEFORE}]


def test_the_salary_typed_as_text_becomes_an_amount_or_stays_in_the_notes():
    before = ("jobhunt", "0018_owner_indexes_in_the_composites")
    old = _migrate([before if app == "jobhunt" else (app, name) for app, name in _latest()])
    User, Company = old.get_model("accounts", "User"), old.get_model("jobhunt", "Company")
    Application = old.get_model("jobhunt", "Application")
    user = User.objects.create(email="pay@example.com")
    company = Company.objects.create(user=user, name="Fernhill")
    typed = {
        "range": ("£60–70k", ""),
        "day rate": ("€400 a day", "Loves the team"),
        "unclear": ("competitive", "Ask HR"),
        "bare number": ("45-50", ""),
        "none": ("", "Nothing said"),
    }
    ids = {
        label: Application.objects.create(user=user, company=company, role_title=label, salary=text, notes=notes).pk
        for label, (text, notes) in typed.items()
    }

    new = _migrate(_latest())

    rows = new.get_model("jobhunt", "Application").objects.in_bulk(ids.values())
    pay = {
        label: (rows[pk].salary_min, rows[pk].salary_max, rows[pk].salary_currency, rows[pk].salary_period)
        for label, pk in ids.items()
    }
    assert pay["range"] == (60000, 70000, "GBP", "year")
    assert pay["day rate"] == (400, 400, "EUR", "day")
    assert rows[ids["day rate"]].notes == "Loves the team"
    assert pay["unclear"] == pay["bare number"] == pay["none"] == (None, None, "", "")
    assert rows[ids["unclear"]].notes == "Ask HR\n\nSalary (as noted before): competitive"
    assert rows[ids["bare number"]].notes == "Salary (as noted before): 45-50"  # thousands or not: theirs to say
    assert rows[ids["none"]].notes == "Nothing said"
