import datetime
import itertools

import pytest
from django.utils import timezone

from jobhunt import extensions
from jobhunt.models import Application, Company, Contact, Interview, StageEvent, Status
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory, InterviewFactory


@pytest.fixture(autouse=True)
def own_panels_only(monkeypatch):
    """jobhunt's tests see only the panels they register themselves; test_panels.py runs the
    application page with the panels the installed apps register."""
    monkeypatch.setattr(extensions, "_APPLICATION", {})


@pytest.fixture
def company(user):
    return CompanyFactory(user=user, name="Fernhill Robotics")


@pytest.fixture
def contact(user, company):
    return ContactFactory(user=user, company=company, name="Maya Lindqvist")


@pytest.fixture
def application(user, company, contact):
    return ApplicationFactory(user=user, company=company, role_title="Backend Engineer", contacts=[contact])


@pytest.fixture
def interview(application, contact):
    return InterviewFactory(application=application, contacts=[contact])


@pytest.fixture
def theirs(other_user):
    """Another person's company, contact, application and interview."""
    company = CompanyFactory(user=other_user, name="Their Company")
    contact = ContactFactory(user=other_user, company=company, name="Their Contact")
    application = ApplicationFactory(user=other_user, company=company, role_title="Their Role", contacts=[contact])
    interview = InterviewFactory(application=application, contacts=[contact])
    return {"company": company, "contact": contact, "application": application, "interview": interview}


@pytest.fixture
def make_pipeline(db):
    return bulk_pipeline


def bulk_pipeline(user, count: int) -> list[Application]:
    """`count` applications in every status, with timelines, contacts and interviews, written in
    bulk (the query-count tests need hundreds; the services would take far longer)."""
    now = timezone.now()
    today = timezone.localdate()
    offset = Application.objects.filter(user=user).count()
    companies = Company.objects.bulk_create(
        Company(user=user, name=f"Bulk company {offset + n}") for n in range(max(1, count // 3))
    )
    contacts = Contact.objects.bulk_create(
        Contact(user=user, company=companies[n % len(companies)], name=f"Person {offset + n}")
        for n in range(max(1, count // 4))
    )
    statuses = itertools.cycle(Status.values)
    applications = Application.objects.bulk_create(
        Application(
            user=user,
            company=companies[n % len(companies)],
            role_title=f"Role {offset + n}",
            location="Leeds",
            notes="Bulk notes",
            status=next(statuses),
            date_applied=today - datetime.timedelta(days=n % 60),
            status_changed_at=now - datetime.timedelta(days=n % 40, hours=1),
            interest=1 + n % 5,
        )
        for n in range(count)
    )
    StageEvent.objects.bulk_create(
        event
        for n, application in enumerate(applications)
        for event in (
            StageEvent(
                application=application,
                user=user,
                to_status=Status.APPLIED,
                happened_at=now - datetime.timedelta(days=50 + n % 10),
                left_at=application.status_changed_at,
                stay_days=(application.status_changed_at - (now - datetime.timedelta(days=50 + n % 10))).days,
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
    Application.contacts.through.objects.bulk_create(
        Application.contacts.through(application_id=application.pk, contact_id=contacts[n % len(contacts)].pk)
        for n, application in enumerate(applications)
    )
    interviews = Interview.objects.bulk_create(
        Interview(application=application, user=user, scheduled_at=now + datetime.timedelta(days=1 + n % 20))
        for n, application in enumerate(applications)
        if n % 3 == 0
    )
    Interview.contacts.through.objects.bulk_create(
        Interview.contacts.through(interview_id=interview.pk, contact_id=contacts[n % len(contacts)].pk)
        for n, interview in enumerate(interviews)
    )
    return applications
