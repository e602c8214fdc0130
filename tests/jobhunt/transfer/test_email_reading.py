"""Reading a pasted email: the rules on a set of real-looking emails, and the confirm step
(nothing changes until the person confirms)."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from jobhunt import email_reading
from jobhunt.models import Application, StageEvent, Status
from recovery.models import Journey
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db

EMAILS = Path(__file__).parent / "emails"
ACK = email_reading.ACKNOWLEDGED

# file → (what it says, which application it is about: "Company / Role", or None)
EXPECTED = {
    "01_rejection_other_candidates.txt": (Status.REJECTED, "Fernhill Robotics / Backend Engineer"),
    "02_rejection_not_moving_forward.txt": (Status.REJECTED, "Northwind Analytics / Data Engineer"),
    "03_rejection_position_filled.txt": (Status.REJECTED, "Tidewater Logistics / Software Engineer II"),
    "04_rejection_not_proceeding.txt": (Status.REJECTED, "Orchard Health / Senior Python Developer"),
    "05_rejection_pursue_other_applicants.txt": (Status.REJECTED, "Kestrel Games / Gameplay Programmer"),
    "06_rejection_not_selected_after_final.txt": (Status.REJECTED, "Bluebell Pay / Platform Engineer"),
    "07_rejection_regret_ghosted.txt": (Status.REJECTED, "Lumen Labs / Site Reliability Engineer"),
    "08_rejection_offer_to_another.txt": (Status.REJECTED, "Bluebell Pay / Platform Engineer"),
    "09_rejection_automated_ats.txt": (Status.REJECTED, "Tidewater Logistics / Software Engineer II"),
    "10_interview_invite_technical.txt": (Status.INTERVIEWING, "Bluebell Pay / Platform Engineer"),
    "11_interview_schedule_call.txt": (Status.INTERVIEWING, "Kestrel Games / Gameplay Programmer"),
    "12_interview_next_round.txt": (Status.INTERVIEWING, "Northwind Analytics / Data Engineer"),
    "13_interview_after_silence.txt": (Status.INTERVIEWING, "Lumen Labs / Site Reliability Engineer"),
    "14_interview_reschedule_unfortunately.txt": (Status.INTERVIEWING, "Fernhill Robotics / Backend Engineer"),
    "15_offer_pleased.txt": (Status.OFFER, "Bluebell Pay / Platform Engineer"),
    "16_offer_extend.txt": (Status.OFFER, "Kestrel Games / Gameplay Programmer"),
    "17_acknowledgement.txt": (ACK, "Tidewater Logistics / Software Engineer II"),
    "18_hedge_no_decision.txt": (ACK, "Orchard Health / Senior Python Developer"),
    "19_negated_invitation.txt": (Status.REJECTED, "Fernhill Robotics / Backend Engineer"),
    "20_quoted_reply.txt": (Status.REJECTED, "Tidewater Logistics / Software Engineer II"),
    "21_job_alert_newsletter.txt": (None, None),
}


@pytest.fixture
def pipeline(user):
    """Sam's search: the applications the sample emails are about, and a few that they are not."""

    def application(company, role, status=Status.APPLIED, website="", people=()):
        company = CompanyFactory(user=user, name=company, website=website)
        contacts = [ContactFactory(user=user, company=company, name=name, email=email) for name, email in people]
        return ApplicationFactory(user=user, company=company, role_title=role, status=status, contacts=contacts)

    found = {
        "Fernhill Robotics / Backend Engineer": application(
            "Fernhill Robotics",
            "Backend Engineer",
            Status.INTERVIEWING,
            "https://fernhill.example/careers",
            [("Maya Lindqvist", "maya.lindqvist@fernhill.example")],
        ),
        "Bluebell Pay / Platform Engineer": application(
            "Bluebell Pay", "Platform Engineer", Status.SCREENING, "https://www.bluebellpay.example"
        ),
        "Northwind Analytics / Data Engineer": application(
            "Northwind Analytics", "Data Engineer", website="https://careers.northwind-analytics.example"
        ),
        "Kestrel Games / Gameplay Programmer": application("Kestrel Games", "Gameplay Programmer", Status.SCREENING),
        "Orchard Health / Senior Python Developer": application("Orchard Health", "Senior Python Developer"),
        "Lumen Labs / Site Reliability Engineer": application("Lumen Labs", "Site Reliability Engineer", Status.GHOSTED),
        "Tidewater Logistics / Software Engineer II": application(
            "Tidewater Logistics", "Software Engineer II", website="https://tidewater-logistics.example"
        ),
    }
    # Same company, another role: the role's title tells them apart.
    ApplicationFactory(user=user, company=found["Fernhill Robotics / Backend Engineer"].company, role_title="Robotics Software Engineer")
    # Ended ones are not candidates.
    application("Copperleaf", "Backend Engineer", Status.REJECTED)
    return found


def read(name):
    return (EMAILS / name).read_text()


def test_the_sample_set_is_big_enough_and_every_file_has_an_expectation():
    files = {path.name for path in EMAILS.glob("*.txt")}
    assert files == set(EXPECTED)
    assert len(files) >= 15


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items())
def test_a_sample_email_is_read_as_what_it_says_and_matched_to_its_application(user, pipeline, name, expected):
    status, about = expected
    email = email_reading.parse(read(name))

    reading = email_reading.classify(email)
    matches, _ = email_reading.match_applications(user, email)

    assert reading.status == status, reading.scores
    if status is not None:
        assert reading.reasons
    if about is None:
        assert matches == []
    else:
        assert matches, f"no match for {name}"
        assert matches[0].application == pipeline[about], [(m.application, m.score, m.reasons) for m in matches]
        assert matches[0].reasons
