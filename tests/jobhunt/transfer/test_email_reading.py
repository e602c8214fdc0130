"""Reading a pasted email: the rules on a set of real-looking emails, and the confirm step
(nothing changes until the person confirms)."""

from pathlib import Path

import pytest
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
        "Lumen Labs / Site Reliability Engineer": application(
            "Lumen Labs", "Site Reliability Engineer", Status.GHOSTED
        ),
        "Tidewater Logistics / Software Engineer II": application(
            "Tidewater Logistics", "Software Engineer II", website="https://tidewater-logistics.example"
        ),
    }
    # Same company, another role: the role's title tells them apart.
    ApplicationFactory(
        user=user,
        company=found["Fernhill Robotics / Backend Engineer"].company,
        role_title="Robotics Software Engineer",
    )
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


# The phrasings, one by one ----------------------------------------------------------------------


def says(text):
    return email_reading.classify(email_reading.Email(body=text)).status


@pytest.mark.parametrize(
    "text",
    [
        "We have decided to move forward with other candidates.",
        "We are not moving forward with your application.",
        "The position has been filled.",
        "Unfortunately, we've chosen to move forward with a different candidate.",
        "We will not be proceeding with your application.",
        "We have decided to pursue other applicants for this role.",
        "You have not been selected for the next stage.",
        "We regret to inform you that the role is closed to you.",
        "We have extended an offer to another candidate.",
        "We are unable to offer you a position at this time.",
        "At this stage we won't be inviting you to interview.",
        "Your application was unsuccessful.",
    ],
)
def test_common_rejection_phrasings_read_as_a_rejection(text):
    assert says(text) == Status.REJECTED


@pytest.mark.parametrize(
    "text",
    [
        "We'd like to invite you to interview with the team.",
        "Could we schedule a call this week?",
        "You've been moved to the next round.",
        "Please send your availability for a 30-minute chat.",
        "The next step is to meet the team on Friday.",
        "We'd like to move forward with your application and set up a call.",
        "I'm not sure you saw my last email, but we'd love to invite you to an interview.",
        "Unfortunately I have to reschedule. What times work for you next week?",
    ],
)
def test_common_invitation_phrasings_read_as_an_interview(text):
    assert says(text) == Status.INTERVIEWING


@pytest.mark.parametrize(
    "text",
    [
        "We are pleased to offer you the role of Backend Engineer.",
        "Please find your offer letter attached.",
        "We'd like to extend an offer to you.",
    ],
)
def test_common_offer_phrasings_read_as_an_offer(text):
    assert says(text) == Status.OFFER


@pytest.mark.parametrize(
    "text",
    [
        "If you are not selected, we will let you know by Friday.",  # conditional
        "Unfortunately the office is closed on Monday.",  # a weak word alone
        "Should the position be filled, we'll keep your CV.",
        "Here are ten new jobs for you.",
        "",
    ],
)
def test_hedges_conditions_and_weak_words_suggest_no_change(text):
    assert says(text) in (None, email_reading.ACKNOWLEDGED)


def test_a_reply_chain_is_read_from_its_newest_message_only():
    email = email_reading.parse(read("20_quoted_reply.txt"))

    assert "schedule a call this week" not in email.body
    assert "move forward with another candidate" in email.body


def test_pasted_headers_give_the_sender_and_the_subject():
    email = email_reading.parse(read("01_rejection_other_candidates.txt"))

    assert email.sender == "maya.lindqvist@fernhill.example"
    assert email.sender_name == "Maya Lindqvist"
    assert email.subject == "Your application for Backend Engineer"
    assert email.body.startswith("Hi Sam,")


def test_an_email_pasted_without_headers_is_still_read():
    email = email_reading.parse("Hi Sam,\n\nThe position has been filled.\n\nPriya (priya@tidewater.example)")

    assert email.sender == ""
    assert email.addresses == ["priya@tidewater.example"]
    assert email_reading.classify(email).status == Status.REJECTED


def test_a_mail_service_domain_says_nothing_about_the_company(user, pipeline):
    email = email_reading.parse("From: jobs@gmail.com\nSubject: Hello\n\nUnfortunately not this time.")

    matches, _ = email_reading.match_applications(user, email)

    assert matches == []


# The pages -------------------------------------------------------------------------------------


def snapshot():
    return (
        list(Application.objects.order_by("pk").values_list("status", flat=True)),
        StageEvent.objects.count(),
        Journey.objects.count(),
    )


def test_reading_an_email_suggests_a_move_and_changes_nothing(signed_in, pipeline):
    before = snapshot()

    response = signed_in.post(reverse("jobhunt:email_read"), {"text": read("03_rejection_position_filled.txt")})

    page = response.content.decode()
    assert response.status_code == 200
    assert "a rejection" in page
    assert "“position has now been filled”" in page
    assert "it was sent from tidewater-logistics.example" in page
    tidewater = pipeline["Tidewater Logistics / Software Engineer II"]
    assert f'<option value="{tidewater.pk}" selected>' in page
    assert '<option value="rejected" selected>' in page
    assert snapshot() == before


def test_confirming_a_rejection_moves_it_and_starts_the_walkthrough(signed_in, pipeline):
    application = pipeline["Bluebell Pay / Platform Engineer"]

    response = signed_in.post(
        reverse("jobhunt:email_confirm"),
        {"application": application.pk, "to_status": Status.REJECTED, "note": "From an email: “not been selected”"},
    )

    assert response["Location"] == application.get_absolute_url()
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert application.events.first().note == "From an email: “not been selected”"
    assert Journey.objects.filter(application=application).exists()


def test_confirming_an_invitation_moves_it_to_interviewing(signed_in, pipeline):
    application = pipeline["Kestrel Games / Gameplay Programmer"]

    signed_in.post(reverse("jobhunt:email_confirm"), {"application": application.pk, "to_status": Status.INTERVIEWING})

    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    assert application.events.first().note == "From an email"
    assert not Journey.objects.filter(application=application).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"to_status": Status.REJECTED},
        {"application": "", "to_status": Status.REJECTED},
        {"application": "not a number", "to_status": Status.REJECTED},
        {"application": "BLUEBELL", "to_status": "hired-by-magic"},
        {"application": "BLUEBELL", "to_status": ""},
    ],
)
def test_a_bad_confirmation_changes_nothing_and_says_why(signed_in, pipeline, data):
    if data.get("application") == "BLUEBELL":
        data["application"] = pipeline["Bluebell Pay / Platform Engineer"].pk
    before = snapshot()

    response = signed_in.post(reverse("jobhunt:email_confirm"), data, follow=True)

    assert "Nothing changed:" in response.content.decode()
    assert snapshot() == before


def test_another_persons_application_cannot_be_moved_from_an_email(signed_in, theirs):
    application = theirs["application"]

    response = signed_in.post(
        reverse("jobhunt:email_confirm"), {"application": application.pk, "to_status": Status.REJECTED}, follow=True
    )

    assert "Pick one of your applications." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.APPLIED
    assert not Journey.objects.exists()


def test_another_persons_applications_are_never_suggested(signed_in, theirs):
    role = theirs["application"].role_title
    text = f"From: hr@their-company.example\nSubject: {role}\n\nTheir Company: sadly the position has been filled."

    response = signed_in.post(reverse("jobhunt:email_read"), {"text": text})

    assert response.context["matches"] == []
    assert response.context["others"] == []
    assert f'value="{theirs["application"].pk}"' not in response.content.decode()
    assert "None of your open applications matches this email." in response.content.decode()


@pytest.mark.parametrize(("text", "error"), [("", "This field is required."), ("x" * 50_001, "at most 50000")])
def test_an_empty_or_huge_paste_gets_a_field_error(signed_in, text, error):
    response = signed_in.post(reverse("jobhunt:email_read"), {"text": text})

    assert response.status_code == 200
    assert error in response.content.decode()
