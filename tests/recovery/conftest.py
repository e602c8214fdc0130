import pytest
from django.contrib.contenttypes.models import ContentType

from jobhunt import services as jobhunt
from jobhunt.models import Status
from recovery.models import Journey
from reminders.models import Reminder
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory


@pytest.fixture
def company(user):
    return CompanyFactory(user=user, name="Fernhill Robotics")


@pytest.fixture
def contact(user, company):
    return ContactFactory(user=user, company=company, name="Maya Lindqvist", email="maya@fernhill.example")


@pytest.fixture
def application(user, company, contact):
    return ApplicationFactory(user=user, company=company, role_title="Backend Engineer", contacts=[contact])


def reject(application, status=Status.REJECTED) -> Journey:
    """Move an application to a setback through the pipeline service, as the app does."""
    jobhunt.application_move(application=application, to_status=status)
    return Journey.objects.get(application=application)


@pytest.fixture
def journey(application):
    return reject(application)


def planned(about, kind):
    """The reminders still to be sent about `about` of this kind."""
    return list(
        Reminder.objects.filter(
            content_type=ContentType.objects.get_for_model(about),
            object_id=about.pk,
            kind=kind,
            state=Reminder.State.SCHEDULED,
        )
    )
