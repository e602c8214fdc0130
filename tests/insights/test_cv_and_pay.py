"""What was sent against what came back: replies and interviews by CV version, and offers next to
what was asked for."""

import re
from decimal import Decimal

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from insights.selectors import FEW_SENT, cv_versions, offers_against_asks, search_page
from jobhunt import documents
from jobhunt import services as jobhunt
from jobhunt.models import Document, Status
from jobhunt.salary import PayPeriod

pytestmark = pytest.mark.django_db

URL = reverse("insights:overview")


@pytest.fixture(autouse=True)
def storage(tmp_path, monkeypatch):
    monkeypatch.setattr(
        Document._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path / "documents", base_url=None)
    )


def cv(user, name: str) -> Document:
    file = SimpleUploadedFile("cv.txt", f"{name}\n".encode())
    return documents.document_upload(user=user, kind=Document.Kind.CV, name=name, uploaded_file=file)


def sent(user, status: str = Status.APPLIED, *, role: str = "Analyst", company: str = "Fernhill", **fields):
    return jobhunt.application_create(
        user=user, company=jobhunt.company_for_name(user=user, name=company), role_title=role, status=status, **fields
    )


def page_text(client) -> str:
    html = client.get(URL).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


# By CV version --------------------------------------------------------------------------------------


@pytest.fixture
def two_versions(user):
    """ "Data roles" went with 6 sent applications (3 heard back, 1 interviewed) and one only saved;
    "General" with 2 sent (1 heard back)."""
    general = cv(user, "CV – general")
    data = cv(user, "CV – data roles")
    for status in (Status.APPLIED, Status.APPLIED, Status.GHOSTED, Status.REJECTED, Status.SCREENING):
        sent(user, status, cv=data)
    sent(user, Status.INTERVIEWING, cv=data)
    sent(user, Status.SAVED, cv=data)  # never sent: not counted
    sent(user, Status.APPLIED, cv=general)
    sent(user, Status.REJECTED, cv=general)
    sent(user, Status.INTERVIEWING)  # no CV noted: in no version's row
    return {"data": data, "general": general}


def test_each_cv_version_counts_sent_heard_back_and_interviewed_by_the_figures_rules(user, two_versions):
    rows = cv_versions(user)

    assert [(row.name, row.sent, row.heard_back, row.interviewed) for row in rows] == [
        ("CV – data roles", 6, 3, 1),
        ("CV – general", 2, 1, 0),
    ]
    data, general = rows
    assert (data.response_rate, data.interview_rate) == (0.5, 1 / 6)
    assert (general.response_rate, general.interview_rate) == (0.5, 0.0)
    assert (data.too_few, general.too_few) == (False, True)
    assert data.url == two_versions["data"].get_absolute_url()


def test_a_rejection_after_interviews_still_counts_as_interviewed_for_its_cv(user):
    version = cv(user, "CV")
    application = sent(user, Status.INTERVIEWING, cv=version)
    jobhunt.application_move(application=application, to_status=Status.REJECTED)

    [row] = cv_versions(user)

    assert (row.sent, row.heard_back, row.interviewed) == (1, 1, 1)


def test_a_version_that_went_with_nothing_sent_is_left_out(user):
    version = cv(user, "Only saved with")
    sent(user, Status.SAVED, cv=version)
    cv(user, "Never used")

    assert cv_versions(user) == []


def test_another_person_s_versions_are_never_counted_or_named(user, other_user):
    theirs = cv(other_user, "Their CV")
    sent(other_user, cv=theirs)

    assert cv_versions(user) == []


def test_the_page_shows_the_counts_behind_each_rate_and_says_when_there_are_too_few(signed_in, user, two_versions):
    text = page_text(signed_in)

    assert "By CV version" in text
    assert "CV – data roles 6 3 of 6 (50%) 1 of 6 (17%)" in text
    assert "CV – general Too few to compare yet 2 1 of 2 (50%) 0 of 2 (0%)" in text
    assert f"fewer than {FEW_SENT} times" in text


def test_with_no_cv_picked_the_page_says_how_to_start(signed_in, user):
    sent(user)

    text = page_text(signed_in)

    assert "Pick the CV you sent on each application" in text
    assert "Too few" not in text


# Offers against asks ---------------------------------------------------------------------------------


def pay(asked, asked_currency, asked_period, offered, offered_currency, offered_period) -> dict:
    return {
        "asked_salary": None if asked is None else Decimal(asked),
        "asked_currency": asked_currency,
        "asked_period": asked_period,
        "offered_salary": None if offered is None else Decimal(offered),
        "offered_currency": offered_currency,
        "offered_period": offered_period,
    }


@pytest.fixture
def offers(user):
    year, day = PayPeriod.YEAR, PayPeriod.DAY
    sent(user, Status.OFFER, role="Data Analyst", company="Fernhill", **pay("60000", "EUR", year, "66000", "EUR", year))
    sent(user, Status.OFFER, role="Engineer", company="Bluebell", **pay("500", "GBP", day, "475", "GBP", day))
    sent(user, Status.OFFER, role="Other money", **pay("60000", "EUR", year, "70000", "USD", year))
    sent(user, Status.OFFER, role="Other period", **pay("60000", "EUR", year, "5000", "EUR", PayPeriod.MONTH))
    sent(user, Status.OFFER, role="Nothing asked", **pay(None, "", "", "50000", "EUR", year))
    sent(user, Status.INTERVIEWING, role="Only asked", **pay("50000", "EUR", year, None, "", ""))


def test_offers_sit_next_to_the_ask_only_in_the_same_currency_and_period(user, offers):
    rows = offers_against_asks(user)

    assert sorted(
        (row.role_title, row.company, row.asked_pay, row.offered_pay, row.difference_text) for row in rows
    ) == [
        ("Data Analyst", "Fernhill", "€60,000 a year", "€66,000 a year", "+10%"),
        ("Engineer", "Bluebell", "£500 a day", "£475 a day", "−5%"),
    ]


def test_an_offer_of_exactly_the_ask_reads_as_the_same(user):
    sent(user, Status.OFFER, **pay("45000.50", "GBP", PayPeriod.YEAR, "45000.50", "GBP", PayPeriod.YEAR))

    [row] = offers_against_asks(user)

    assert (row.difference, row.difference_text, row.at_least_asked) == (Decimal("0.0"), "the same", True)


def test_another_person_s_offers_are_never_shown(user, other_user):
    sent(other_user, Status.OFFER, **pay("1", "EUR", PayPeriod.YEAR, "2", "EUR", PayPeriod.YEAR))

    assert offers_against_asks(user) == []


def test_the_page_shows_the_offers_table_and_a_sentence(signed_in, user, offers):
    text = page_text(signed_in)

    assert "Offers and what you asked for" in text
    assert "Data Analyst at Fernhill €60,000 a year €66,000 a year +10%" in text
    assert "Engineer at Bluebell £500 a day £475 a day −5%" in text
    assert "1 of 2 offers came in at or above what you asked for." in text
    assert "Other money" not in text and "Other period" not in text


def test_with_no_offer_to_compare_nothing_is_shown(signed_in, user):
    sent(user, Status.OFFER, **pay(None, "", "", "50000", "EUR", PayPeriod.YEAR))

    assert "Offers and what you asked for" not in page_text(signed_in)


def test_the_search_page_carries_both(user, two_versions, offers):
    page = search_page(user, user.local_today())

    assert [row.name for row in page.cv_versions] == ["CV – data roles", "CV – general"]
    assert len(page.offers) == 2
