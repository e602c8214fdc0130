"""One interview as a calendar file, for people who'd rather not subscribe to the feed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobhunt.models import Interview
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory, InterviewFactory
from tests.sharing.conftest import events, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(user):
    company = CompanyFactory(user=user, name="Fernhill Robotics")
    person = ContactFactory(user=user, company=company, name="Maya Lindqvist", email="maya@fernhill.example")
    application = ApplicationFactory(
        user=user,
        company=company,
        role_title="Backend Engineer",
        salary_min=90123,
        salary_currency="EUR",
        description="<p>Robots in the warehouse</p>",
    )
    return InterviewFactory(
        application=application,
        kind=Interview.Kind.FINAL,
        scheduled_at=timezone.now().replace(microsecond=0) + datetime.timedelta(days=2),
        notes="Ask about the on-call rota",
        contacts=[person],
    )


def _url(interview):
    return reverse("sharing:interview_ics", args=[interview.pk])


def test_the_download_is_one_event_with_the_same_uid_as_in_the_feed(signed_in, interview):
    response = signed_in.get(_url(interview))

    assert response.status_code == 200
    found = events(response)
    assert list(found) == [f"interview-{interview.pk}"]
    event = found[f"interview-{interview.pk}"]
    assert str(event["SUMMARY"]) == "Final: Backend Engineer at Fernhill Robotics"
    assert event.start == interview.scheduled_at
    assert "Maya Lindqvist (recruiter)" in str(event["DESCRIPTION"])


def test_the_download_is_a_file_without_feed_polling_hints(signed_in, interview):
    response = signed_in.get(_url(interview))

    day = interview.scheduled_at.date().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="fernhill-robotics-final-{day}.ics"'
    calendar = parse(response)
    assert "REFRESH-INTERVAL" not in calendar
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_the_download_leaves_out_notes_pay_the_posting_and_contact_details(signed_in, interview):
    body = signed_in.get(_url(interview)).content.decode()

    assert "on-call rota" not in body
    assert "90123" not in body and "90,123" not in body
    assert "Robots in the warehouse" not in body
    assert "maya@fernhill.example" not in body


def test_the_download_needs_sign_in(client, interview):
    response = client.get(_url(interview))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_another_persons_interview_is_a_404_whatever_the_method(signed_in, other_user):
    theirs = InterviewFactory(application=ApplicationFactory(user=other_user))

    assert signed_in.get(_url(theirs)).status_code == 404
    assert signed_in.post(_url(theirs)).status_code == 404


def test_posting_to_my_own_download_is_not_allowed(signed_in, interview):
    assert signed_in.post(_url(interview)).status_code == 405


def test_the_interview_page_links_to_its_download(signed_in, interview):
    page = signed_in.get(interview.get_absolute_url()).content.decode()

    assert _url(interview) in page
