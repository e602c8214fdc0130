import datetime
import itertools
from decimal import Decimal

import icalendar
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from jobhunt import services as jobhunt
from jobhunt.models import Application, Company, Contact, Interview, StageEvent, Status
from recovery import services as recovery
from recovery.endings import Ending
from recovery.models import Journey, JourneyStep, StayConnected
from recovery.steps import ORDER
from reminders.models import Reminder
from sharing import services
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory, InterviewFactory
from tests.recovery.conftest import reject

# Words that live only in private fields: none may ever reach a calendar or a coach.
PRIVATE_MARKERS = {
    "application notes": "MARKER-APPLICATION-NOTES",
    # 76,543.21 as pages write it, 76543.21 as files do.
    "salary": "543.21",
    "job description": "MARKER-DESCRIPTION",
    "learning goal": "MARKER-LEARNING-GOAL",
    "interview notes": "MARKER-INTERVIEW-NOTES",
    "company notes": "MARKER-COMPANY-NOTES",
    "contact email": "marker-contact@private.example",
    "contact phone": "MARKER-PHONE-555",
    "contact notes": "MARKER-CONTACT-NOTES",
    "feedback": "MARKER-FEEDBACK",
    "their perspective": "MARKER-PERSPECTIVE",
    "feedback request": "MARKER-REQUEST-MESSAGE",
    "lesson": "MARKER-LESSON",
    "what-if": "MARKER-WHAT-IF",
    "mood note": "MARKER-MOOD-NOTE",
    "win": "MARKER-WIN",
    "journey summary": "MARKER-SUMMARY",
    "improvement action": "MARKER-ACTION",
    "stage note": "MARKER-STAGE-NOTE",
    "account email": "seeker-private@example.com",
}


def parse(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(response) -> dict[str, icalendar.Event]:
    """The calendar's events by UID (without the @domain part)."""
    return {str(event["UID"]).split("@")[0]: event for event in parse(response).walk("VEVENT")}


def feed_url(feed) -> str:
    return reverse("sharing:calendar_feed", args=[feed.token])


@pytest.fixture
def feed(user):
    return services.calendar_feed_reset(user=user)


@pytest.fixture
def seeded(user):
    """A person with one of everything the feed and the coach page read, every private field
    holding a marker from PRIVATE_MARKERS."""
    user.email = PRIVATE_MARKERS["account email"]
    user.display_name = "Robin"
    user.save()
    today = user.local_today()
    company = CompanyFactory(user=user, name="Fernhill Robotics", notes=PRIVATE_MARKERS["company notes"])
    contact = ContactFactory(
        user=user,
        company=company,
        name="Maya Lindqvist",
        email=PRIVATE_MARKERS["contact email"],
        phone=PRIVATE_MARKERS["contact phone"],
        notes=PRIVATE_MARKERS["contact notes"],
    )
    live = ApplicationFactory(
        user=user,
        company=company,
        role_title="Backend Engineer",
        notes=PRIVATE_MARKERS["application notes"],
        salary_min=Decimal("76543.21"),
        salary_currency="EUR",
        asked_salary=Decimal("76543.21"),
        offered_salary=Decimal("76543.21"),
        description=f"<p>{PRIVATE_MARKERS['job description']}</p>",
        learning_goal=PRIVATE_MARKERS["learning goal"],
        date_applied=today - datetime.timedelta(days=10),
        next_step="Send portfolio",
        next_step_date=today + datetime.timedelta(days=2),
        contacts=[contact],
    )
    interview = InterviewFactory(
        application=live,
        kind=Interview.Kind.TECHNICAL,
        scheduled_at=timezone.now() + datetime.timedelta(days=4),
        notes=PRIVATE_MARKERS["interview notes"],
        contacts=[contact],
    )
    # Applied 10 days ago and still waiting: the pipeline planned a second follow-up.
    waiting = ApplicationFactory(
        user=user,
        company=CompanyFactory(user=user, name="Quiet Harbour"),
        role_title="Data Engineer",
        date_applied=today - datetime.timedelta(days=1),
    )
    ended = ApplicationFactory(
        user=user, company=CompanyFactory(user=user, name="Northwind"), role_title="Platform Engineer"
    )
    jobhunt.application_move(application=ended, to_status=Status.INTERVIEWING, note=PRIVATE_MARKERS["stage note"])
    journey = reject(ended)
    recovery.feedback_request_sent(journey=journey, message=PRIVATE_MARKERS["feedback request"], sent_on=today)
    recovery.feedback_record(
        journey=journey,
        feedback=PRIVATE_MARKERS["feedback"],
        received_on=today,
        their_perspective=PRIVATE_MARKERS["their perspective"],
        deciding_factors=["edged_out"],
    )
    recovery.improvement_action_add(journey=journey, title=PRIVATE_MARKERS["improvement action"])
    recovery.lesson_add(journey=journey, text=PRIVATE_MARKERS["lesson"])
    recovery.what_if_add(journey=journey, text=PRIVATE_MARKERS["what-if"])
    recovery.mood_check_in(user=user, mood=2, note=PRIVATE_MARKERS["mood note"], journey=journey)
    recovery.win_add(user=user, text=PRIVATE_MARKERS["win"], journey=journey)
    northwind_person = ContactFactory(user=user, company=ended.company, name="Jonas Berg")
    reconnect = recovery.stay_connected_add(
        journey=journey, contact=northwind_person, reconnect_on=today + datetime.timedelta(days=30)
    )
    journey.summary = PRIVATE_MARKERS["journey summary"]
    journey.save(update_fields=["summary"])
    return {
        "live": live,
        "waiting": waiting,
        "ended": ended,
        "interview": interview,
        "journey": journey,
        "reconnect": reconnect,
        "contact": contact,
    }


@pytest.fixture
def theirs(other_user):
    """Another person's pipeline, with their own feed."""
    company = CompanyFactory(user=other_user, name="Their Company")
    application = ApplicationFactory(
        user=other_user,
        company=company,
        role_title="Their Role",
        next_step_date=other_user.local_today() + datetime.timedelta(days=1),
    )
    interview = InterviewFactory(application=application)
    return {"application": application, "interview": interview, "feed": services.calendar_feed_reset(user=other_user)}


@pytest.fixture
def make_bulk(db):
    return bulk


def bulk(user, count: int, *, status: str | None = None) -> list[Application]:
    """`count` applications written in bulk (the services would take far too long for hundreds),
    each with a timeline, an interview, a next step, and, by status, a planned follow-up or a
    journey with someone to reconnect with. Every date falls inside the feed's window."""
    now = timezone.now()
    today = user.local_today()
    offset = Application.objects.filter(user=user).count()
    company = Company.objects.create(user=user, name=f"Bulk company {offset}")
    people = Contact.objects.bulk_create(
        Contact(user=user, company=company, name=f"Bulk person {offset + n}") for n in range(3)
    )
    statuses = itertools.cycle([status] if status else Status.values)
    applications = Application.objects.bulk_create(
        Application(
            user=user,
            company=company,
            role_title=f"Bulk role {offset + n}",
            status=next(statuses),
            notes=PRIVATE_MARKERS["application notes"],
            salary_min=Decimal("76543.21"),
            description=f"<p>{PRIVATE_MARKERS['job description']}</p>",
            date_applied=today - datetime.timedelta(days=n % 30),
            next_step="Bulk step",
            next_step_date=today + datetime.timedelta(days=n % 40),
            # Later rows moved more recently.
            status_changed_at=now - datetime.timedelta(hours=count - n),
        )
        for n in range(count)
    )
    StageEvent.objects.bulk_create(
        event
        for application in applications
        for event in (
            StageEvent(
                application=application,
                user=user,
                to_status=Status.APPLIED,
                happened_at=application.status_changed_at - datetime.timedelta(days=5),
                left_at=application.status_changed_at,
                stay_days=5,
            ),
            StageEvent(
                application=application,
                user=user,
                from_status=Status.APPLIED,
                to_status=application.status,
                happened_at=application.status_changed_at,
            ),
        )
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            application=application,
            user=application.user,
            scheduled_at=now + datetime.timedelta(days=1 + n % 30),
            notes=PRIVATE_MARKERS["interview notes"],
        )
        for n, application in enumerate(applications)
    )
    Interview.contacts.through.objects.bulk_create(
        Interview.contacts.through(interview_id=interview.pk, contact_id=people[n % len(people)].pk)
        for n, interview in enumerate(interviews)
    )
    about = ContentType.objects.get_for_model(Application)
    Reminder.objects.bulk_create(
        Reminder(
            user=user,
            kind="application_follow_up",
            content_type=about,
            object_id=application.pk,
            key=f"bulk-follow-up:{application.pk}",
            due_at=now + datetime.timedelta(days=1 + n % 14),
        )
        for n, application in enumerate(applications)
        if application.status == Status.APPLIED
    )
    ended = [application for application in applications if application.status in (Status.REJECTED, Status.GHOSTED)]
    journeys = Journey.objects.bulk_create(
        Journey(user=user, application=application, ending=Ending.AFTER_SCREENING) for application in ended
    )
    JourneyStep.objects.bulk_create(JourneyStep(journey=journey, step=step) for journey in journeys for step in ORDER)
    StayConnected.objects.bulk_create(
        StayConnected(
            journey=journey, contact=people[n % len(people)], reconnect_on=today + datetime.timedelta(days=10 + n % 50)
        )
        for n, journey in enumerate(journeys)
    )
    return applications
