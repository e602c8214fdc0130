"""What an application keeps beyond its stage: the pay (advertised, asked for, offered), where
and how the job is done, when it closes, and the posting itself, kept safe."""

from decimal import Decimal

import pytest
from django.urls import reverse

from jobhunt.models import Application, HowApplied, Workplace
from tests.factories import ApplicationFactory
from tests.jobhunt.test_bad_input import valid_application

pytestmark = pytest.mark.django_db


def test_the_form_keeps_the_pay_the_job_and_the_posting(signed_in, user, company):
    response = signed_in.post(
        reverse("jobhunt:application_create"),
        valid_application(
            company,
            salary_min="60000",
            salary_max="70000",
            salary_currency=" eur ",
            salary_period="year",
            asked_salary="68000",
            asked_currency="EUR",
            asked_period="year",
            workplace=Workplace.HYBRID,
            closes_on="2027-01-15",
            applied_how=HowApplied.EMAIL,
            description="<h2>About us</h2><p>We build <b>robots</b>.</p><script>steal()</script>",
        ),
    )

    application = Application.objects.get(user=user)
    assert response.status_code == 302
    assert (application.salary_min, application.salary_max) == (Decimal(60000), Decimal(70000))
    assert (application.salary_currency, application.asked_currency) == ("EUR", "EUR")
    assert application.advertised_pay == "€60,000–70,000 a year"
    assert application.asked_pay == "€68,000 a year"
    assert application.offered_pay == ""
    assert "<script" not in application.description and "steal()" not in application.description
    assert "<b>robots</b>" in application.description or "<strong>robots</strong>" in application.description
    assert application.description_text == "About us\n\nWe build robots."


def test_how_i_applied_left_out_means_online(signed_in, user, company):
    signed_in.post(reverse("jobhunt:application_create"), valid_application(company))

    assert Application.objects.get(user=user).applied_how == HowApplied.ONLINE


def test_the_page_shows_the_pay_in_words_and_the_posting_cleaned(signed_in, user):
    application = ApplicationFactory(
        user=user,
        salary_min=Decimal(350),
        salary_currency="GBP",
        salary_period="day",
        offered_salary=Decimal("380.50"),
        offered_currency="GBP",
        offered_period="day",
        description="Line one\nline two\n\nSecond paragraph <script>x()</script>",
    )
    # Written around save(): the page cleans it again as it shows it.
    Application.objects.filter(pk=application.pk).update(description="<p>Kept</p><img src=x onerror=alert(1)>")

    page = signed_in.get(application.get_absolute_url()).content.decode()

    assert "£350 a day" in page
    assert "£380.50 a day" in page
    assert "<p>Kept</p>" in page
    assert "onerror" not in page


@pytest.mark.parametrize(
    ("pasted", "kept"),
    [
        ("Line one\nline two\n\nA < B & C", "<p>Line one<br>line two</p><p>A &lt; B &amp; C</p>"),
        ("Line one\nline <b>two</b>\n\nA <script>x()</script> tag", "<p>Line one<br>line <b>two</b></p><p>A  tag</p>"),
        ("<p>Already</p>\n<p>paragraphs</p>", "<p>Already</p>\n<p>paragraphs</p>"),
    ],
)
def test_a_pasted_description_keeps_its_paragraphs_and_loses_its_scripts(user, pasted, kept):
    assert ApplicationFactory(user=user, description=pasted).description == kept


def test_a_range_that_starts_above_where_it_ends_is_refused_by_the_database_too(user):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(user=user, salary_min=Decimal(70000), salary_max=Decimal(60000))


def test_the_list_search_finds_words_of_the_posting(signed_in, user):
    ApplicationFactory(user=user, role_title="Engineer", description="<p>Experience with Kubernetes</p>")
    ApplicationFactory(user=user, role_title="Analyst", description="<p>Spreadsheets</p>")

    page = signed_in.get(reverse("jobhunt:application_list"), {"q": "kubernetes"}).content.decode()

    assert "Engineer" in page and "Analyst" not in page
