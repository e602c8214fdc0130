import pytest

from jobhunt import services
from jobhunt.models import Application, Reached, Status
from jobhunt.selectors import figures
from tests.factories import ApplicationFactory


@pytest.mark.django_db
def test_a_rejection_after_an_interview_keeps_the_application_counted_as_interviewed():
    application = ApplicationFactory()
    services.application_move(application=application, to_status=Status.INTERVIEWING)
    services.application_move(application=application, to_status=Status.REJECTED)

    assert Application.objects.get(pk=application.pk).reached == Reached.INTERVIEWED
    funnel = {step.key: step.count for step in figures(application.user).funnel}
    assert funnel == {"sent": 1, "heard_back": 1, "interviewed": 1, "offered": 0}


@pytest.mark.django_db
def test_an_application_withdrawn_before_sending_was_never_sent():
    application = ApplicationFactory(status=Status.SAVED)
    services.application_move(application=application, to_status=Status.WITHDRAWN)

    assert Application.objects.get(pk=application.pk).reached == Reached.NOT_SENT


@pytest.mark.django_db
def test_applications_written_in_bulk_reach_their_status_step():
    existing = ApplicationFactory(status=Status.OFFER)
    copy = Application.objects.bulk_create(
        [Application(user=existing.user, company=existing.company, role_title="Copy", status=Status.GHOSTED)]
    )[0]

    assert Application.objects.get(pk=copy.pk).reached == Reached.SENT
