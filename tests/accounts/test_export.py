import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import export
from jobhunt import exports as jobhunt_exports
from jobhunt import services as jobhunt
from jobhunt.models import Contact, HowApplied, Interview, Source, Status, Workplace
from jobhunt.salary import PayPeriod
from recovery import export as recovery_export
from recovery.endings import Ending
from recovery.models import (
    DecidingFactor,
    HabitCheckIn,
    ImprovementAction,
    Journey,
    JourneyStep,
    Lesson,
    MoodCheckIn,
    ResetActivity,
    StayConnected,
    WeeklyPlan,
    WhatIf,
    Win,
)
from recovery.steps import SkipReason, Step, StepState
from reminders.models import Reminder
from sharing.models import CalendarFeed, ShareLink
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory, InterviewFactory, UserFactory

EXPORT = reverse("accounts:export")


def download(client):
    response = client.get(EXPORT)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content).decode()


def give_data(user, tag):
    """An application with an interview and a contact, all named after `tag`."""
    application = ApplicationFactory(user=user, role_title=f"{tag} role", company__name=f"{tag} Corp")
    InterviewFactory(application=application, notes=f"{tag} interview notes")
    ContactFactory(user=user, company=application.company, name=f"{tag} Person", email=f"{tag.lower()}@corp.example")


@pytest.mark.django_db
def test_export_is_a_json_file_download_named_after_today(signed_in, user):
    response, _ = download(signed_in)

    assert response.streaming
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="rebound-export-\d{4}-\d{2}-\d{2}\.json"', response["Content-Disposition"]
    )
    assert "no-store" in response["Cache-Control"]


def test_the_file_name_uses_the_persons_own_date():
    user = UserFactory.build(time_zone="Pacific/Kiritimati")  # UTC+14: already tomorrow
    noon_utc = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

    assert export.file_name(user=user, now=noon_utc) == "rebound-export-2026-03-02.json"


@pytest.mark.django_db
def test_export_holds_the_profile_and_every_registered_section(signed_in, user):
    user.time_zone = "Europe/Oslo"
    user.ghosting_days = 14
    user.save()
    give_data(user, "Mine")

    _, body = download(signed_in)
    data = json.loads(body)

    assert list(data)[:2] == ["exported_at", "account"]
    assert data["account"]["email"] == user.email
    assert data["account"]["display_name"] == user.display_name
    assert data["account"]["time_zone"] == "Europe/Oslo"
    assert data["account"]["ghosting_days"] == 14
    assert set(export.sections()) <= set(data)
    assert export.sections(), "the apps built on accounts register their sections"
    for name in export.sections():
        assert isinstance(data[name], list)
    assert "Mine Corp" in body
    assert "Mine role" in body


@pytest.mark.django_db
def test_export_never_holds_the_password_hash(signed_in, user):
    _, body = download(signed_in)

    assert "password" not in json.loads(body)["account"]
    assert user.password not in body


@pytest.mark.django_db
def test_export_holds_nothing_of_another_person(signed_in, user, other_user):
    give_data(user, "Mine")
    give_data(other_user, "Theirs")
    other_user.display_name = "Theirname"
    other_user.save()

    _, body = download(signed_in)

    assert "Mine Corp" in body
    for trace in (other_user.email, "Theirname", "Theirs", "theirs@corp.example"):
        assert trace not in body


@pytest.mark.django_db
def test_an_empty_account_exports_empty_sections(signed_in):
    _, body = download(signed_in)
    data = json.loads(body)

    for name in export.sections():
        assert data[name] == []


@pytest.mark.django_db
def test_export_streams_rows_as_they_come_instead_of_building_the_file_first(signed_in, monkeypatch):
    produced = []
    padding = "x" * 1000  # about 1 kB a row: a chunk of the download holds some 60 of them

    def many_rows(user):
        for number in range(10_000):
            produced.append(number)
            yield {"n": number, "note": f"ünïcode ✓ {padding}"}

    monkeypatch.setitem(export._SECTIONS, "zz_many", many_rows)

    response = signed_in.get(EXPORT)
    chunks = iter(response.streaming_content)
    head = b""
    while b'"zz_many"' not in head:
        head += next(chunks)
    head += next(chunks)

    # The rest is produced only as the download is read, a chunk's worth at a time.
    assert len(produced) <= 2 * export.CHUNK_CHARACTERS // 1000
    rest = b"".join(chunks)
    data = json.loads(head + rest)
    assert len(produced) == 10_000
    assert data["zz_many"][9_999] == {"n": 9_999, "note": f"ünïcode ✓ {padding}"}


@pytest.mark.django_db
def test_section_values_that_json_does_not_know_are_written_as_text(signed_in, monkeypatch):
    moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    monkeypatch.setitem(export._SECTIONS, "zz_dates", lambda user: iter([{"when": moment}]))

    _, body = download(signed_in)

    assert json.loads(body)["zz_dates"] == [{"when": "2026-01-02T03:04:05Z"}]


def test_a_section_cannot_take_the_name_of_the_export_s_own_keys():
    for name in ("account", "exported_at"):
        with pytest.raises(ValueError):
            export.register(name, lambda user: [])


@pytest.mark.django_db
def test_export_is_a_read_and_refuses_post(signed_in):
    assert signed_in.post(EXPORT).status_code == 405


# Every section, whole -------------------------------------------------------------------------

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def at(day: int, hour: int = 12) -> datetime:
    """A moment in February 2026 (UTC)."""
    return datetime(2026, 2, day, hour, tzinfo=UTC)


@pytest.fixture
def a_search(user):
    """One of everything the export holds, with known values; returns the rows by name."""
    with time_machine.travel(NOW, tick=False):
        fernhill = CompanyFactory(user=user, name="Fernhill", website="https://fernhill.example", notes="Robots")
        bluebell = CompanyFactory(user=user, name="Bluebell", website="", notes="")
        maya = ContactFactory(
            user=user,
            company=fernhill,
            name="Maya Lindqvist",
            email="maya@fernhill.example",
            phone="+44 113 496 0000",
            linkedin_url="https://linkedin.example/maya",
            last_contacted=date(2026, 2, 20),
            relationship_strength=4,
            notes="Met at the meetup",
        )
        jonas = ContactFactory(user=user, company=None, name="Jonas Weber", email="", role=Contact.Role.OTHER)
        backend = jobhunt.application_create(
            user=user,
            company=fernhill,
            role_title="Backend Engineer",
            contacts=[jonas, maya],
            note="Found it on a board",
            when=at(2),
            job_url="https://fernhill.example/jobs/7",
            location="Leeds",
            source=Source.REFERRAL,
            workplace=Workplace.HYBRID,
            closes_on=date(2026, 2, 28),
            salary_min=Decimal("60000"),
            salary_max=Decimal("70000"),
            salary_currency="GBP",
            salary_period=PayPeriod.YEAR,
            asked_salary=Decimal("68000.50"),
            asked_currency="GBP",
            asked_period=PayPeriod.YEAR,
            description="<p>Build <strong>robots</strong>.</p><script>alert(1)</script>",
            interest=4,
            date_applied=date(2026, 2, 2),
            next_step="Send the portfolio",
            next_step_date=date(2026, 3, 12),
            notes="Great team",
        )
        jobhunt.application_move(application=backend, to_status=Status.SCREENING, note="Recruiter called", when=at(5))
        platform = jobhunt.application_create(
            user=user, company=bluebell, role_title="Platform Engineer", status=Status.REJECTED, when=at(6)
        )
        interview = InterviewFactory(
            application=backend, scheduled_at=at(9, 15), kind=Interview.Kind.TECHNICAL, notes="Bring the portfolio"
        )
        jobhunt.interview_save(interview=interview, contacts=[maya])
        jobhunt.contact_touch(contact=maya, day=date(2026, 2, 20), how=HowApplied.PHONE)

        journey = Journey.objects.get(application=platform)  # started by the rejection
        Journey.objects.filter(pk=journey.pk).update(
            ending=Ending.NEAR_MISS,
            started_at=at(6, 13),
            finished_at=at(20),
            summary="Lead with the migration story",
            ask_contact=maya,
            request_message="Could you tell me what weighed most?",
            request_sent_on=date(2026, 2, 7),
            feedback="More on-call experience",
            feedback_received_on=date(2026, 2, 10),
            their_perspective="They needed someone on call at once",
            deciding_factors=[DecidingFactor.EXPERIENCE_LEVEL],
            reset_activity=ResetActivity.OWN,
            reset_activity_other="A swim at the lido",
            reset_done_on=date(2026, 2, 11),
            chapter_closed_on=date(2026, 2, 12),
        )
        JourneyStep.objects.filter(journey=journey, step=Step.FEEDBACK).update(
            state=StepState.DONE, skip_reason="", done_at=at(10)
        )
        JourneyStep.objects.filter(journey=journey, step=Step.CLEAR_HEAD).update(
            state=StepState.SKIPPED, skip_reason=SkipReason.NOT_NOW
        )
        Lesson.objects.create(journey=journey, text="Ask about on-call early", created_at=at(11))
        Lesson.objects.create(journey=journey, text="Practise system design", created_at=at(11, 14))
        WhatIf.objects.create(journey=journey, text="What if I had asked?", released_at=at(12), created_at=at(11))
        ImprovementAction.objects.create(
            journey=journey, title="Do a mock interview", due_on=date(2026, 3, 1), done_on=None, created_at=at(11)
        )
        StayConnected.objects.create(journey=journey, contact=maya, reconnect_on=date(2026, 5, 1))
        MoodCheckIn.objects.create(user=user, mood=2, note="Long day", created_at=at(7, 20))
        MoodCheckIn.objects.create(user=user, mood=4, note="", created_at=at(8, 20))
        Win.objects.create(user=user, text="Good call with Maya", happened_on=date(2026, 2, 9))
        plan = WeeklyPlan.objects.create(user=user, week_start=date(2026, 2, 9), conversations_done=1)
        plan.contacts.set([maya, jonas])
        HabitCheckIn.objects.create(user=user, day=date(2026, 2, 9), active=True, ate_well=False, slept_well=True)
        ShareLink.objects.create(
            user=user, label="Coach Ana", token_hash="h" * 64, created_at=at(14), expires_at=at(21), open_count=2
        )
        CalendarFeed.objects.create(user=user, key="k" * 40, created_at=at(15), last_fetched_at=at(16))
    return {"backend": backend, "platform": platform, "interview": interview, "maya": maya, "jonas": jonas}


@pytest.mark.django_db
def test_every_section_holds_all_of_its_rows_with_every_field(signed_in, user, a_search):
    backend, platform, maya, jonas = a_search["backend"], a_search["platform"], a_search["maya"], a_search["jonas"]

    data = json.loads(download(signed_in)[1])

    assert set(data) == {"exported_at", "account", *export.sections()}
    assert list(data["account"]) == [
        "email",
        "display_name",
        "time_zone",
        "ghosting_days",
        "reminder_hour",
        "weekly_plan_day",
        "reminders_enabled",
        "reminders_bundled",
        "muted_reminder_kinds",
        "reminders_paused_until",
        "theme",
        "date_joined",
        "last_login",
    ]
    assert (data["account"]["reminders_enabled"], data["account"]["reminders_bundled"]) == (True, True)
    assert data["companies"] == [
        {
            "id": backend.company_id,
            "name": "Fernhill",
            "website": "https://fernhill.example",
            "notes": "Robots",
            "created_at": NOW.isoformat(),
        },
        {"id": platform.company_id, "name": "Bluebell", "website": "", "notes": "", "created_at": NOW.isoformat()},
    ]
    assert data["contacts"] == [
        {
            "id": maya.pk,
            "name": "Maya Lindqvist",
            "company": "Fernhill",
            "company_id": backend.company_id,
            "role": "recruiter",
            "email": "maya@fernhill.example",
            "phone": "+44 113 496 0000",
            "linkedin_url": "https://linkedin.example/maya",
            "last_contacted": "2026-02-20",
            "relationship_strength": 4,
            "notes": "Met at the meetup",
            "created_at": NOW.isoformat(),
        },
        {
            "id": jonas.pk,
            "name": "Jonas Weber",
            "company": None,
            "company_id": None,
            "role": "other",
            "email": "",
            "phone": "",
            "linkedin_url": "",
            "last_contacted": None,
            "relationship_strength": 3,
            "notes": "",
            "created_at": NOW.isoformat(),
        },
    ]
    assert data["applications"] == [
        {
            "id": backend.pk,
            "company": "Fernhill",
            "company_id": backend.company_id,
            "role": "Backend Engineer",
            "job_url": "https://fernhill.example/jobs/7",
            "location": "Leeds",
            "source": "referral",
            "applied_how": "online",
            "workplace": "hybrid",
            "employment_type": "",
            "date_posted": None,
            "closes_on": "2026-02-28",
            "pay": {
                "advertised": {"minimum": "60000", "maximum": "70000", "currency": "GBP", "period": "year"},
                "asked": {"amount": "68000.5", "currency": "GBP", "period": "year"},
                "offered": {"amount": None, "currency": "", "period": ""},
            },
            "cv_id": None,
            "cover_letter_id": None,
            "interest": 4,
            "learning_goal": "",
            "status": "screening",
            "date_applied": "2026-02-02",
            "next_step": "Send the portfolio",
            "next_step_date": "2026-03-12",
            "description": "<p>Build <strong>robots</strong>.</p>",
            "notes": "Great team",
            "contact_ids": sorted([maya.pk, jonas.pk]),
            "created_at": at(2).isoformat(),
            "status_changed_at": at(5).isoformat(),
            "timeline": [
                {"from": "", "to": "applied", "at": at(2).isoformat(), "note": "Found it on a board"},
                {"from": "applied", "to": "screening", "at": at(5).isoformat(), "note": "Recruiter called"},
            ],
        },
        {
            "id": platform.pk,
            "company": "Bluebell",
            "company_id": platform.company_id,
            "role": "Platform Engineer",
            "job_url": "",
            "location": "",
            "source": "job_board",
            "applied_how": "online",
            "workplace": "",
            "employment_type": "",
            "date_posted": None,
            "closes_on": None,
            "pay": {
                "advertised": {"minimum": None, "maximum": None, "currency": "", "period": ""},
                "asked": {"amount": None, "currency": "", "period": ""},
                "offered": {"amount": None, "currency": "", "period": ""},
            },
            "cv_id": None,
            "cover_letter_id": None,
            "interest": 3,
            "learning_goal": "",
            "status": "rejected",
            "date_applied": "2026-02-06",
            "next_step": "",
            "next_step_date": None,
            "description": "",
            "notes": "",
            "contact_ids": [],
            "created_at": at(6).isoformat(),
            "status_changed_at": at(6).isoformat(),
            "timeline": [{"from": "", "to": "rejected", "at": at(6).isoformat(), "note": ""}],
        },
    ]
    assert data["interviews"] == [
        {
            "id": a_search["interview"].pk,
            "application_id": backend.pk,
            "application": "Backend Engineer at Fernhill",
            "when": at(9, 15).isoformat(),
            "kind": "technical",
            "outcome": "pending",
            "contact_ids": [maya.pk],
            "notes": "Bring the portfolio",
        }
    ]
    assert data["journeys"] == [
        {
            "application": "Platform Engineer at Bluebell",
            "ending": "near_miss",
            "started_at": at(6, 13).isoformat(),
            "finished_at": at(20).isoformat(),
            "summary": "Lead with the migration story",
            "steps": [
                {"step": "feedback", "state": "done", "skip_reason": "", "done_at": at(10).isoformat()},
                {"step": "clear-your-head", "state": "skipped", "skip_reason": "not_now", "done_at": None},
                {"step": "stay-positive", "state": "pending", "skip_reason": "", "done_at": None},
                {"step": "game-plan", "state": "pending", "skip_reason": "", "done_at": None},
            ],
            "feedback": {
                "asked": "Maya Lindqvist",
                "message": "Could you tell me what weighed most?",
                "sent_on": "2026-02-07",
                "feedback": "More on-call experience",
                "received_on": "2026-02-10",
                "their_perspective": "They needed someone on call at once",
                "deciding_factors": ["experience_level"],
            },
            "improvement_actions": [{"title": "Do a mock interview", "due_on": "2026-03-01", "done_on": None}],
            "lessons": ["Ask about on-call early", "Practise system design"],
            "what_ifs": [{"text": "What if I had asked?", "released_at": at(12).isoformat()}],
            "reset_activity": "A swim at the lido",
            "reset_done_on": "2026-02-11",
            "stay_connected": [{"contact": "Maya Lindqvist", "reconnect_on": "2026-05-01"}],
            "chapter_closed_on": "2026-02-12",
            "writing_sessions": [],  # their contents: tests/recovery/test_writing.py
        }
    ]
    assert data["mood_check_ins"] == [
        {"at": at(7, 20).isoformat(), "mood": 2, "note": "Long day"},
        {"at": at(8, 20).isoformat(), "mood": 4, "note": ""},
    ]
    assert data["wins"] == [{"on": "2026-02-09", "win": "Good call with Maya"}]
    assert data["weekly_plans"] == [
        {
            "week_start": "2026-02-09",
            "applications_target": 3,
            "conversations_target": 2,
            "conversations_done": 1,
            "practice_target": 1,
            "practice_done": 0,
            "people_to_reach": ["Jonas Weber", "Maya Lindqvist"],
            "if_then_plans": [],  # their contents: tests/recovery/test_if_then.py
        }
    ]
    assert data["habit_check_ins"] == [
        {"day": "2026-02-09", "active": True, "ate_well": False, "slept_well": True, "rest_day": False}
    ]
    assert data["share_links"] == [
        {
            "label": "Coach Ana",
            "created_at": at(14).isoformat(),
            "expires_at": at(21).isoformat(),
            "revoked_at": None,
            "last_opened_at": None,
            "times_opened": 2,
        }
    ]
    assert data["conversations"] == [
        {
            "id": data["conversations"][0]["id"],
            "day": "2026-02-20",
            "how": "phone",
            "contact_id": maya.pk,
            "company_id": maya.company_id,
        }
    ]
    assert data["calendar_feed"] == [{"created_at": at(15).isoformat(), "last_fetched_at": at(16).isoformat()}]
    planned = Reminder.objects.filter(user=user).order_by("due_at", "pk")
    assert planned.exists(), "the follow-ups planned for the application, then cancelled by its move"
    assert data["reminders"] == [
        {
            "kind": reminder.kind,
            "due_at": reminder.due_at.isoformat(),
            "state": reminder.state,
            "sent_at": None,
            "attempts": 0,
            "last_error": "",
        }
        for reminder in planned
    ]


def export_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        download(client)
    return len(captured)


def grow(user, count: int) -> None:
    """`count` more applications, each with two steps, two people, an interview and a journey."""
    for number in range(count):
        company = CompanyFactory(user=user)
        people = [ContactFactory(user=user, company=company), ContactFactory(user=user, company=None)]
        application = jobhunt.application_create(
            user=user, company=company, role_title=f"Role {number}", contacts=people
        )
        InterviewFactory(application=application)
        jobhunt.application_move(application=application, to_status=Status.REJECTED)
        journey = Journey.objects.get(application=application)
        Lesson.objects.create(journey=journey, text=f"Lesson {number}")
        StayConnected.objects.create(journey=journey, contact=people[0], reconnect_on=date(2026, 5, 1))
        WeeklyPlan.objects.create(user=user, week_start=date(2025, 1, 6) + timedelta(weeks=number)).contacts.set(people)


@pytest.mark.django_db
def test_the_export_runs_the_same_few_queries_however_long_the_search(signed_in, user, a_search, monkeypatch):
    # Rows come in chunks of two, so that a dozen applications are many chunks.
    monkeypatch.setattr(jobhunt_exports, "CHUNK", 2)
    monkeypatch.setattr(recovery_export, "CHUNK", 2)
    few = export_queries(signed_in)
    grow(user, 12)

    many = export_queries(signed_in)

    assert many == few
    # A few statements per section, none per row (recovery's stories and note: one each).
    assert few <= 32


# Matching the rows that belong to each row -----------------------------------------------------


def test_following_rows_are_handed_to_their_own_row_in_turn():
    timeline = export.Following([(1, "applied"), (1, "screening"), (3, "applied")])

    assert timeline.take(1) == [("applied",), ("screening",)]
    assert timeline.take(2) == []
    assert timeline.take(3) == [("applied",)]
    assert timeline.take(4) == []


def test_following_rows_of_a_row_never_read_are_passed_over():
    # Row 2 was added between the two reads: its steps have no row to go to.
    timeline = export.Following([(1, "a"), (2, "b"), (2, "c"), (5, "d")])

    assert timeline.take(1) == [("a",)]
    assert timeline.take(5) == [("d",)]


def test_following_rows_can_be_keyed_on_several_values():
    lessons = export.Following([(date(2026, 2, 1), 9, "first"), (date(2026, 2, 1), 12, "second")], keys=2)

    assert lessons.take((date(2026, 2, 1), 9)) == [("first",)]
    assert lessons.take((date(2026, 2, 1), 12)) == [("second",)]
