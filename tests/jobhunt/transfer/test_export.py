"""CSV downloads: the person's own rows only, safe in a spreadsheet, streamed in fixed queries."""

import csv
import io

import pytest
from django.urls import reverse

from jobhunt.csv_export import safe_cell
from jobhunt.models import Status
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory, InterviewFactory

pytestmark = pytest.mark.django_db

KINDS = ["applications", "contacts", "interviews"]


def download(client, kind):
    response = client.get(reverse("jobhunt:export_csv", args=[kind]))
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content)
    return response, body, list(csv.reader(io.StringIO(body.decode("utf-8"))))


@pytest.mark.parametrize("kind", KINDS)
def test_a_download_is_a_dated_utf8_csv_attachment_without_a_byte_order_mark(signed_in, user, application, kind):
    InterviewFactory(application=application)

    response, body, rows = download(signed_in, kind)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    day = user.local_today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="rebound-{kind}-{day}.csv"'
    assert not body.startswith(b"\xef\xbb\xbf")
    assert len(rows) == 2  # the header and the one row


def test_applications_download_holds_the_details_and_the_people(signed_in, user, company, contact):
    ApplicationFactory(
        user=user,
        company=company,
        role_title="Backend Engineer",
        status=Status.INTERVIEWING,
        location="Leeds",
        salary_min=60000,
        salary_max=70000,
        salary_currency="GBP",
        asked_salary=68000,
        asked_currency="GBP",
        asked_period="year",
        notes="Loved the team.\nAsk about on-call.",
        contacts=[contact, ContactFactory(user=user, company=company, name="Anna Berg")],
    )

    _, _, rows = download(signed_in, "applications")
    record = dict(zip(rows[0], rows[1], strict=True))

    assert record["Company"] == "Fernhill Robotics"
    assert record["Role"] == "Backend Engineer"
    assert record["Stage"] == "Interviewing"
    assert record["Location"] == "Leeds"
    assert record["Salary"] == "£60,000–70,000"
    assert record["Asked for"] == "£68,000 a year"
    assert record["Offered"] == ""
    assert record["Contacts"] == "Anna Berg; Maya Lindqvist"
    assert record["Notes"] == "Loved the team.\nAsk about on-call."


def test_interviews_download_shows_times_in_the_persons_own_time_zone(signed_in, user, application):
    user.time_zone = "Asia/Tokyo"
    user.save()
    interview = InterviewFactory(application=application)

    _, _, rows = download(signed_in, "interviews")

    local = interview.scheduled_at.astimezone(user.tzinfo).strftime("%Y-%m-%d %H:%M")
    assert rows[1][0] == local
    assert rows[1][2:4] == ["Fernhill Robotics", "Backend Engineer"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_download_holds_only_the_persons_own_rows(signed_in, application, interview, theirs, kind):
    _, body, _ = download(signed_in, kind)

    assert b"Their" not in body
    assert b"Fernhill Robotics" in body


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\rcarriage", "'\rcarriage"),
        ("Fernhill = good", "Fernhill = good"),
        ("", ""),
        (None, ""),
        (4, "4"),
    ],
)
def test_cells_a_spreadsheet_would_run_as_formulas_are_defused(value, safe):
    assert safe_cell(value) == safe


def test_formulas_typed_into_any_field_come_out_as_text(signed_in, user):
    company = CompanyFactory(user=user, name="=cmd|' /C calc'!A0")
    ApplicationFactory(user=user, company=company, role_title="@SUM(1+1)", notes="+danger", location="-x")
    ContactFactory(user=user, company=company, name="=1+1", email="a@b.example")

    _, _, applications = download(signed_in, "applications")
    _, _, contacts = download(signed_in, "contacts")

    row = dict(zip(applications[0], applications[1], strict=True))
    assert row["Company"] == "'=cmd|' /C calc'!A0"
    assert row["Role"] == "'@SUM(1+1)"
    assert row["Notes"] == "'+danger"
    assert row["Location"] == "'-x"
    assert contacts[1][0] == "'=1+1"


# Session and user (2), then the rows and, for applications and interviews, the people on them.
BUDGETS = {"applications": 4, "contacts": 3, "interviews": 4}


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("kind", KINDS)
def test_a_download_runs_a_fixed_number_of_queries(
    signed_in, user, make_pipeline, django_assert_num_queries, kind, size
):
    make_pipeline(user, size)

    with django_assert_num_queries(BUDGETS[kind]):
        _, _, rows = download(signed_in, kind)

    assert len(rows) > 1


def test_every_application_of_a_big_history_is_in_the_download_with_its_people(signed_in, user, make_pipeline):
    applications = make_pipeline(user, 300)

    _, _, rows = download(signed_in, "applications")

    assert len(rows) == 301
    people = rows[0].index("Contacts")
    assert all(row[people].startswith("Person ") for row in rows[1:])  # every bulk application has one person
    assert {row[1] for row in rows[1:]} == {application.role_title for application in applications}


def test_an_unknown_download_is_not_found(signed_in):
    assert signed_in.get(reverse("jobhunt:export_csv", args=["journal"])).status_code == 404


def test_downloads_ask_a_stranger_to_log_in(client):
    response = client.get(reverse("jobhunt:export_csv", args=["applications"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_import_and_export_page_offers_the_three_downloads(signed_in, application):
    response = signed_in.get(reverse("jobhunt:transfer"))

    for kind in KINDS:
        assert reverse("jobhunt:export_csv", args=[kind]) in response.content.decode()


def test_the_applications_list_links_to_import_export_and_paste_an_email(signed_in):
    page = signed_in.get(reverse("jobhunt:application_list")).content.decode()

    assert reverse("jobhunt:transfer") in page
    assert reverse("jobhunt:email_read") in page


def test_the_dashboard_links_to_paste_an_email(signed_in):
    assert reverse("jobhunt:email_read") in signed_in.get(reverse("home:dashboard")).content.decode()
