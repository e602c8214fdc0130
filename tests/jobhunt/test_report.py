"""The proof of the search: the log of applications, interviews and conversations with employers
for a benefits office, as a page, a CSV and a PDF read back with pypdf."""

import csv
import io
import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from jobhunt import demo, report, services
from jobhunt.models import Application, Company, Contact, HowApplied, Interview, Outreach, Status
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory, InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE, CSV, PDF = "jobhunt:search_log", "jobhunt:search_log_csv", "jobhunt:search_log_pdf"


def _range(start: date, end: date) -> dict:
    return {"start": start.isoformat(), "end": end.isoformat()}


def pdf_text(response) -> str:
    """Every page's text, with the line breaks of wrapped cells and lines undone."""
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def _moment(day: date, hour: int, minute: int, tz) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


# Outreach is recorded --------------------------------------------------------------------------


def test_reaching_out_records_one_conversation_a_day_with_the_company_the_person_was_at(user):
    company = CompanyFactory(user=user, name="Juniper Rail")
    contact = ContactFactory(user=user, company=company, name="Nadia Haddad")
    today = user.local_today()

    services.contact_touch(contact=contact, day=today)
    services.contact_touch(contact=contact, day=today)  # a second click the same day
    contact.company = CompanyFactory(user=user, name="Somewhere Else")
    contact.save()  # she moves on: the conversation stays with where she was
    services.contact_touch(contact=contact, day=today)
    services.contact_touch(contact=contact, day=today + timedelta(days=1), how=HowApplied.PHONE)

    rows = list(Outreach.objects.for_user(user).order_by("day").values_list("day", "company__name", "how"))
    assert rows == [
        (today, "Juniper Rail", HowApplied.EMAIL),
        (today + timedelta(days=1), "Somewhere Else", HowApplied.PHONE),
    ]
    contact.refresh_from_db()
    assert contact.last_contacted == today + timedelta(days=1)


def test_the_weekly_plans_i_reached_out_button_records_the_conversation(signed_in, user):
    contact = ContactFactory(user=user, name="Priya Raman")

    response = signed_in.post(reverse("recovery:contact_reached", args=[contact.pk]))

    assert response.status_code == 302
    [outreach] = Outreach.objects.for_user(user)
    assert (outreach.contact, outreach.company, outreach.day) == (contact, contact.company, user.local_today())


# The demo's last eight weeks, as PDF and CSV -----------------------------------------------------


@pytest.fixture
def demo_user(db):
    return demo.seed(email="demo-report@rebound.local")


def test_the_demos_last_eight_weeks_read_back_from_the_pdf_as_the_preview_shows_them(client, demo_user):
    today = demo_user.local_today()
    start = today - timedelta(weeks=8)
    client.force_login(demo_user)

    preview = client.get(reverse(PAGE), _range(start, today))
    log = preview.context["log"]
    text = pdf_text(client.get(reverse(PDF), _range(start, today)))

    assert preview.status_code == 200
    assert len(log.rows) > 10
    period = f"{start.day} {start:%B} – {today.day} {today:%B} {today.year}"
    if start.year != today.year:
        period = f"{start.day} {start:%B} {start.year} – {today.day} {today:%B} {today.year}"
    assert f"Job search activity of {demo_user.name}, {period}" in text
    assert f"{len(log.rows)} activities:" in text
    assert f"{len(log.rows)} activities:" in preview.content.decode()
    employers = {row.employer for row in log.rows}
    assert len(employers) > 5
    for employer in employers:
        assert employer in text
    assert "Page 1 of" in text


def test_the_csv_of_the_same_range_has_the_same_rows_as_the_preview(client, demo_user):
    today = demo_user.local_today()
    query = _range(today - timedelta(weeks=8), today)
    client.force_login(demo_user)

    log = client.get(reverse(PAGE), query).context["log"]
    header, *rows = csv_rows(client.get(reverse(CSV), query))

    assert header == report.HEADER
    assert rows == [row.cells() for row in log.rows]
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)  # oldest first


def test_an_empty_period_says_what_will_show_there(signed_in):
    response = signed_in.get(reverse(PAGE))

    assert response.context["log"].rows == []
    assert 'class="empty-state"' in response.content.decode()


def test_the_page_without_a_range_shows_the_last_eight_weeks_ending_today(signed_in, user):
    ApplicationFactory(user=user, date_applied=user.local_today())

    response = signed_in.get(reverse(PAGE))

    log = response.context["log"]
    assert (log.start, log.end) == (user.local_today() - timedelta(weeks=8), user.local_today())
    assert len(log.rows) == 1
    page = response.content.decode()
    assert "<caption" in page
    assert 'scope="col"' in page
    assert reverse(PDF) in page and reverse(CSV) in page


def test_the_import_and_export_hub_links_to_the_search_log(signed_in):
    response = signed_in.get(reverse("jobhunt:transfer"))

    assert reverse(PAGE) in response.content.decode()


# What is in the log, and what is not ------------------------------------------------------------


@pytest.fixture
def far_away(db):
    """A person 14 hours ahead of UTC: their days start on the previous UTC day."""
    return UserFactory(time_zone="Pacific/Kiritimati", display_name="Alex Moana")


def test_both_ends_of_the_range_are_in_and_the_days_around_them_are_out_in_the_persons_own_days(client, far_away):
    user, tz = far_away, far_away.tzinfo
    start, end = user.local_today() - timedelta(days=30), user.local_today() - timedelta(days=20)
    company = CompanyFactory(user=user, name="Edge Works", website="https://edge.example")
    contact = ContactFactory(user=user, company=company, name="Kai Edge")
    for day, role in [(start - timedelta(days=1), "Too early"), (start, "First day"), (end, "Last day")]:
        ApplicationFactory(user=user, company=company, role_title=role, date_applied=day)
    ApplicationFactory(user=user, company=company, role_title="Too late", date_applied=end + timedelta(days=1))
    application = Application.objects.get(role_title="First day")
    # 00:30 on the first day there is still the day before in UTC; 23:30 on the last is the day after.
    for moment in [
        _moment(start - timedelta(days=1), 23, 30, tz),
        _moment(start, 0, 30, tz),
        _moment(end, 23, 30, tz),
        _moment(end + timedelta(days=1), 0, 30, tz),
    ]:
        InterviewFactory(application=application, scheduled_at=moment, kind=Interview.Kind.ONSITE)
    for day in [start - timedelta(days=1), start, end, end + timedelta(days=1)]:
        services.contact_touch(contact=contact, day=day)
    client.force_login(user)

    log = client.get(reverse(PAGE), _range(start, end)).context["log"]

    assert [(row.day, row.activity, row.position) for row in log.rows] == [
        (start, report.APPLICATION, "First day"),
        (start, report.INTERVIEW, "First day"),
        (start, report.CONVERSATION, report.CONVERSATION_POSITION),
        (end, report.APPLICATION, "Last day"),
        (end, report.INTERVIEW, "First day"),
        (end, report.CONVERSATION, report.CONVERSATION_POSITION),
    ]
    # The interview on the first day was on the day before in UTC: shown on the person's own day.
    assert (
        timezone.localtime(Interview.objects.order_by("scheduled_at")[1].scheduled_at, ZoneInfo("UTC")).date() < start
    )


def test_a_row_says_what_a_benefits_office_asks_in_plain_words(user):
    company = CompanyFactory(user=user, name="Bluebell Pay", website="")
    recruiter = ContactFactory(user=user, company=company, name="Lena Hart")
    application = ApplicationFactory(
        user=user,
        company=company,
        role_title="Python Developer",
        job_url="https://bluebell.example/jobs/7",
        applied_how=HowApplied.EMAIL,
        contacts=[recruiter],
        date_applied=user.local_today() - timedelta(days=3),
    )
    InterviewFactory(
        application=application,
        scheduled_at=timezone.now() - timedelta(days=1),
        kind=Interview.Kind.PHONE_SCREEN,
        outcome=Interview.Outcome.PASSED,
        contacts=[recruiter],
    )
    services.application_move(application=application, to_status=Status.REJECTED, note="Not this time")
    networking = CompanyFactory(user=user, name="Saltmarsh Games", website="https://saltmarsh.example")
    services.contact_touch(
        contact=ContactFactory(user=user, company=networking, name="Ife Adeyemi"), how=HowApplied.IN_PERSON
    )
    today = user.local_today()

    log = report.search_log(user=user, start=today - timedelta(days=7), end=today)

    assert [row.cells()[1:] for row in log.rows] == [
        [
            "Application",
            "Bluebell Pay",
            "https://bluebell.example/jobs/7",  # no website: the posting's link
            "Python Developer",
            "Email",
            "Lena Hart",
            "Rejected",
        ],
        [
            "Interview",
            "Bluebell Pay",
            "https://bluebell.example/jobs/7",
            "Python Developer",
            "Phone",
            "Lena Hart",
            "Went through",
        ],
        [
            "Conversation",
            "Saltmarsh Games",
            "https://saltmarsh.example",
            "Networking conversation",
            "In person",
            "Ife Adeyemi",
            "Spoke with them",
        ],
    ]


def test_saved_only_applications_and_cancelled_interviews_are_left_out(user):
    today = user.local_today()
    company = CompanyFactory(user=user, name="Quayside Freight")
    ApplicationFactory(user=user, company=company, role_title="Only saved", status=Status.SAVED)
    never_sent = ApplicationFactory(user=user, company=company, role_title="Saved, then dropped", status=Status.SAVED)
    services.application_move(application=never_sent, to_status=Status.WITHDRAWN, note="")
    sent = ApplicationFactory(user=user, company=company, role_title="Sent", date_applied=today - timedelta(days=2))
    InterviewFactory(
        application=sent, scheduled_at=timezone.now() - timedelta(days=1), outcome=Interview.Outcome.CANCELLED
    )

    log = report.search_log(user=user, start=today - timedelta(days=7), end=today)

    assert Application.objects.get(pk=never_sent.pk).date_applied is not None  # dated, yet never sent
    assert [(row.activity, row.position) for row in log.rows] == [(report.APPLICATION, "Sent")]


def test_an_interview_still_to_come_today_is_not_yet_an_activity(user):
    application = ApplicationFactory(user=user, date_applied=user.local_today() - timedelta(days=10))
    InterviewFactory(application=application, scheduled_at=timezone.now() + timedelta(minutes=30))
    today = user.local_today()

    log = report.search_log(user=user, start=today - timedelta(days=30), end=today + timedelta(days=1))

    assert [row.activity for row in log.rows] == [report.APPLICATION]


def test_a_conversation_with_someone_at_no_company_is_left_out_and_one_with_a_company_is_in(user):
    today = user.local_today()
    services.contact_touch(contact=ContactFactory(user=user, company=None, name="Old Friend"), day=today)
    services.contact_touch(contact=ContactFactory(user=user, name="Maya Lindqvist"), day=today)

    log = report.search_log(user=user, start=today, end=today)

    assert [row.contact_person for row in log.rows] == ["Maya Lindqvist"]
    assert Outreach.objects.for_user(user).count() == 2


def test_another_persons_search_never_appears_on_the_page_the_csv_or_the_pdf(signed_in, user, other_user):
    today = user.local_today()
    ApplicationFactory(user=user, role_title="Mine", date_applied=today)
    theirs_company = CompanyFactory(user=other_user, name="Theirco Marker")
    theirs = ApplicationFactory(user=other_user, company=theirs_company, role_title="Their role", date_applied=today)
    InterviewFactory(application=theirs, scheduled_at=timezone.now() - timedelta(hours=1))
    services.contact_touch(contact=ContactFactory(user=other_user, company=theirs_company, name="Their Person"))
    query = _range(today - timedelta(days=1), today)

    page = signed_in.get(reverse(PAGE), query)
    texts = [page.content.decode(), signed_in.get(reverse(CSV), query).content.decode()]
    texts.append(pdf_text(signed_in.get(reverse(PDF), query)))

    assert [row.position for row in page.context["log"].rows] == ["Mine"]
    for text in texts:
        assert "Theirco" not in text and "Their role" not in text and "Their Person" not in text


def test_no_notes_pay_or_feedback_ever_reach_the_page_the_csv_or_the_pdf(signed_in, user):
    today = user.local_today()
    company = CompanyFactory(user=user, name="Larkspur Health", notes="COMPANY-NOTE-MARKER")
    person = ContactFactory(user=user, company=company, name="Ife Adeyemi", notes="CONTACT-NOTE-MARKER")
    application = ApplicationFactory(
        user=user,
        company=company,
        role_title="Backend Engineer",
        contacts=[person],
        notes="APPLICATION-NOTE-MARKER",
        next_step="NEXT-STEP-MARKER",
        salary_min=Decimal("87654.00"),
        salary_max=Decimal("97531.00"),
        salary_currency="GBP",
        asked_salary=Decimal("86420.00"),
        asked_currency="GBP",
        description="<p>DESCRIPTION-MARKER</p>",
        date_applied=today,
        note="TIMELINE-NOTE-MARKER",
    )
    InterviewFactory(
        application=application,
        scheduled_at=timezone.now() - timedelta(hours=2),
        notes="INTERVIEW-NOTE-MARKER",
        contacts=[person],
    )
    services.application_move(application=application, to_status=Status.REJECTED, note="FEEDBACK-MARKER")
    services.contact_touch(contact=person, day=today)
    query = _range(today - timedelta(days=1), today)

    page = signed_in.get(reverse(PAGE), query)
    texts = [page.content.decode(), signed_in.get(reverse(CSV), query).content.decode()]
    texts.append(pdf_text(signed_in.get(reverse(PDF), query)))

    assert len(page.context["log"].rows) == 3
    for text in texts:
        assert "Larkspur Health" in text
        assert "MARKER" not in text
        for amount in ("87654", "87,654", "97531", "97,531", "86420", "86,420"):
            assert amount not in text


def test_a_formula_in_a_name_reaches_the_csv_as_text(user, client):
    company = CompanyFactory(user=user, name='=HYPERLINK("https://evil.example","x")')
    ApplicationFactory(user=user, company=company, role_title="+1+1", date_applied=user.local_today())
    client.force_login(user)

    header, row = csv_rows(client.get(reverse(CSV)))

    assert row[2] == '\'=HYPERLINK("https://evil.example","x")'
    assert row[4] == "'+1+1"


# Bad ranges ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"start": "2026-03-10", "end": "2026-03-01"}, "start", "after"),
        ({"start": "2022-01-01", "end": "2026-01-02"}, "start", "2 years or less"),
        ({"start": "2025-02-30", "end": "2025-03-10"}, "start", "valid date"),
        ({"start": "0001-01-01", "end": "2025-03-10"}, "start", "from 1990"),
        ({"start": "2025-01-01", "end": "9999-12-31"}, "end", "a year from now"),
        ({"start": "yesterday", "end": ""}, "start", "valid date"),
    ],
)
@pytest.mark.parametrize("name", [PAGE, CSV, PDF])
def test_a_bad_range_is_a_field_error_never_a_server_error(signed_in, query, field, words, name):
    response = signed_in.get(reverse(name), query)

    assert response.status_code == (200 if name == PAGE else 400)
    assert response["Content-Type"].startswith("text/html")
    form = response.context["form"]
    assert words in " ".join(form.errors[field])
    assert "is-invalid" in response.content.decode()


def test_a_range_of_exactly_two_years_is_fine(signed_in):
    response = signed_in.get(reverse(PAGE), {"start": "2024-02-29", "end": "2026-02-28"})

    assert response.status_code == 200
    assert response.context["log"].period == "29 February 2024 – 28 February 2026"


# Cost and safety -------------------------------------------------------------------------------


def _bulk_activity(user, make_pipeline, size: int):
    """`size` applications (make_pipeline), and past interviews and conversations in proportion."""
    applications = make_pipeline(user, size)
    now = timezone.now()
    Interview.objects.bulk_create(
        Interview(application=application, user=user, scheduled_at=now - timedelta(days=1 + n % 30))
        for n, application in enumerate(applications)
        if n % 2 == 0
    )
    contacts = list(Contact.objects.for_user(user))
    companies = list(Company.objects.for_user(user))
    Outreach.objects.bulk_create(
        Outreach(
            user=user,
            contact=contacts[n % len(contacts)],
            company=companies[n % len(companies)] if n % 3 else None,
            day=user.local_today() - timedelta(days=n % 40),
        )
        for n in range(size)
    )


@pytest.mark.parametrize("size", [5, 300])
def test_the_log_reads_in_five_queries_whatever_the_size_of_the_search(
    user, make_pipeline, django_assert_num_queries, size
):
    _bulk_activity(user, make_pipeline, size)
    today = user.local_today()

    with django_assert_num_queries(5):
        log = report.search_log(user=user, start=today - timedelta(weeks=8), end=today)

    assert len(log.rows) > size
    assert all(row.people for row in log.rows if row.activity == report.APPLICATION)


@pytest.mark.parametrize("size", [5, 300])
@pytest.mark.parametrize("name", [PAGE, CSV])
def test_the_page_and_the_csv_run_a_fixed_number_of_queries(
    signed_in, user, make_pipeline, django_assert_max_num_queries, size, name
):
    _bulk_activity(user, make_pipeline, size)

    with django_assert_max_num_queries(7):  # session and user, then the log's five
        response = signed_in.get(reverse(name))

    assert response.status_code == 200


def test_the_pdf_opens_no_url_even_when_its_html_asks_for_one(monkeypatch):
    import urllib.request

    class Opened(BaseException):  # WeasyPrint swallows ordinary exceptions from a fetch
        pass

    def opened(self, *args, **kwargs):
        raise Opened(args)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", opened)
    from weasyprint import HTML

    html = (
        '<link rel="stylesheet" href="https://cdn.example/x.css">'
        '<img src="http://127.0.0.1:9/pixel.png"><img src="file:///etc/passwd"><p>Hello</p>'
    )
    pdf = HTML(string=html, base_url="https://rebound.example/", url_fetcher=report.no_fetching()).write_pdf()

    assert pdf.startswith(b"%PDF")


def test_an_empty_period_still_makes_a_pdf_that_says_so(signed_in, user, monkeypatch):
    import urllib.request

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", lambda *args, **kwargs: pytest.fail("fetched"))

    text = pdf_text(signed_in.get(reverse(PDF), {"paper": "letter"}))

    assert f"Job search activity of {user.name}" in text
    assert "0 activities" in text
    assert "No applications, interviews or conversations with employers are recorded for this period." in text


def test_the_pdf_comes_on_a4_or_us_letter(signed_in):
    sizes = {}
    for paper in ("a4", "letter"):
        response = signed_in.get(reverse(PDF), {"paper": paper})
        box = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].mediabox
        sizes[paper] = (round(float(box.width)), round(float(box.height)))

    assert sizes == {"a4": (842, 595), "letter": (792, 612)}  # landscape, in points


def test_the_rest_of_the_app_never_loads_weasyprint():
    code = (
        "import sys, django; django.setup(); import jobhunt.report, jobhunt.views_report, config.urls; "
        "sys.exit(1 if 'weasyprint' in sys.modules else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr.decode()[-2000:]
