"""What an imported application gets once it is written: the same timeline, reminders and move
as one typed in by hand, through the one service both use (services.applications_created)."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobhunt import services
from jobhunt.csv_import import writing
from jobhunt.models import Application, StageEvent, Status
from jobhunt.services import TimelineStep
from jobhunt.signals import application_moved
from reminders.models import Reminder
from tests.factories import CompanyFactory
from tests.jobhunt.transfer.conftest import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["Company", "Role", "Status", "Date applied"]


@pytest.fixture
def moves():
    """(company, from, to) of every application_moved sent during the test."""
    received = []

    def receiver(sender, application, from_status, to_status, event, **kwargs):
        assert event.application_id == application.pk and event.to_status == to_status
        received.append((application.company.name, from_status, to_status))

    application_moved.connect(receiver, dispatch_uid="test_import_writing_moves")
    yield received
    application_moved.disconnect(dispatch_uid="test_import_writing_moves")


def planned(application):
    """(kind, due_at) of the reminders planned for an application."""
    rows = Reminder.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=application.pk, state="scheduled"
    )
    return sorted(rows.values_list("kind", "due_at"))


def noon(user, day):
    return datetime.combine(day, time(12), tzinfo=user.tzinfo)


def test_an_imported_application_gets_what_one_typed_in_gets(imported, user, moves):
    applied = user.local_today() - timedelta(days=3)
    by_hand = services.application_create(
        user=user,
        company=CompanyFactory(user=user, name="Typed"),
        role_title="Engineer",
        date_applied=applied,
        when=noon(user, applied),
    )

    imported(csv_bytes([HEADER, ["Imported", "Engineer", "Applied", applied.isoformat()]]))

    from_file = Application.objects.get(company__name="Imported")
    assert [(step.from_status, step.to_status) for step in from_file.events.all()] == [("", Status.APPLIED)]
    assert from_file.events.get().happened_at == by_hand.events.get().happened_at
    assert [kind for kind, _ in planned(from_file)] == [
        "application_follow_up",
        "application_follow_up",
        "ghosting_check",
    ]
    assert planned(from_file) == planned(by_hand)
    assert moves == [("Typed", "", Status.APPLIED), ("Imported", "", Status.APPLIED)]


def test_the_import_leaves_the_timeline_reminders_and_moves_to_the_shared_service(imported, user, moves, monkeypatch):
    monkeypatch.setattr(writing, "WRITE_CHUNK", 2)
    calls = []
    shared = services.applications_created

    def spy(**kwargs):
        calls.append(([application.company.name for application in kwargs["applications"]], kwargs["history_before"]))
        return shared(**kwargs)

    monkeypatch.setattr(services, "applications_created", spy)
    today = user.local_today()
    rows = [[f"Company {n}", "Engineer", "Applied", (today - timedelta(days=n)).isoformat()] for n in range(3)]

    job = imported(csv_bytes([HEADER, *rows]))

    assert job.imported == 3
    history = today - timedelta(days=writing.RECENT_SETBACK_DAYS)
    assert calls == [(["Company 0", "Company 1"], history), (["Company 2"], history)]
    assert len(moves) == 3


def test_a_row_at_a_later_stage_is_sent_as_the_move_from_applied(imported, user, moves):
    today = user.local_today()
    imported(
        csv_bytes(
            [
                [*HEADER, "Last updated"],
                ["Kestrel", "Engineer", "Interview", (today - timedelta(days=9)).isoformat(), today.isoformat()],
            ]
        )
    )

    assert moves == [("Kestrel", Status.APPLIED, Status.INTERVIEWING)]


def test_setbacks_before_the_history_day_are_not_sent_as_moves_and_others_are(user, moves):
    today = user.local_today()
    company = CompanyFactory(user=user, name="Lumen")
    cases = {
        "rejected long ago": (Status.REJECTED, 31),
        "rejected a month ago": (Status.REJECTED, 30),
        "ghosted long ago": (Status.GHOSTED, 200),
        "offer long ago": (Status.OFFER, 200),
    }
    applications = Application.objects.bulk_create(
        Application(user=user, company=company, role_title=role, status=status) for role, (status, _) in cases.items()
    )
    timelines = [
        [TimelineStep("", status, noon(user, today - timedelta(days=days)))] for status, days in cases.values()
    ]

    latest = services.applications_created(
        applications=applications, timelines=timelines, note="From a test", history_before=today - timedelta(days=30)
    )

    assert [event.application_id for event in latest] == [application.pk for application in applications]
    assert moves == [("Lumen", "", Status.REJECTED), ("Lumen", "", Status.OFFER)]
    assert StageEvent.objects.filter(note="From a test").count() == 4


def test_many_new_applications_get_their_timelines_in_one_insert(user):
    company = CompanyFactory(user=user)
    now = noon(user, user.local_today())
    applications = Application.objects.bulk_create(
        Application(user=user, company=company, role_title=f"Role {n}", status=Status.REJECTED) for n in range(20)
    )
    timelines = [
        [TimelineStep("", Status.APPLIED, now - timedelta(days=40)), TimelineStep(Status.APPLIED, Status.REJECTED, now)]
        for _ in applications
    ]

    with CaptureQueriesContext(connection) as queries:
        services.applications_created(
            applications=applications, timelines=timelines, history_before=now.date() + timedelta(days=1)
        )

    inserts = [query["sql"] for query in queries if query["sql"].startswith('INSERT INTO "jobhunt_stageevent"')]
    assert len(inserts) == 1
    assert StageEvent.objects.filter(application__in=applications).count() == 40
    assert len(queries) == 1  # rejections planned no reminders, and these were history: nothing else ran


def test_an_imported_timeline_belongs_to_its_person_and_closes_each_stay_but_the_last(imported, user):
    today = user.local_today()
    imported(
        csv_bytes(
            [
                [*HEADER, "Last updated"],
                ["Kestrel", "Engineer", "Interview", (today - timedelta(days=9)).isoformat(), today.isoformat()],
            ]
        )
    )

    applied, interviewing = Application.objects.get().events.order_by("happened_at")
    assert applied.user == interviewing.user == user
    assert applied.left_at == interviewing.happened_at
    assert applied.stay_days == pytest.approx((interviewing.happened_at - applied.happened_at).total_seconds() / 86400)
    assert (interviewing.left_at, interviewing.stay_days) == (None, None)
