"""How the importer reads headers, dates, stages and sources from other people's spreadsheets."""

from datetime import date

import pytest

from jobhunt.csv_import.columns import guess_mapping
from jobhunt.csv_import.values import (
    AMBIGUOUS,
    infer_date_order,
    parse_date,
    parse_interest,
    parse_source,
    parse_status,
    parse_url,
)
from jobhunt.models import Source, Status


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Company", "company"),
        ("company name", "company"),
        ("EMPLOYER", "company"),
        ("Organisation", "company"),
        ("organization:", "company"),
        ("Title", "role_title"),
        ("Position", "role_title"),
        ("Role", "role_title"),
        ("Job Title", "role_title"),
        ("job_title", "role_title"),
        ("Status", "status"),
        ("Stage", "status"),
        ("Application status", "status"),
        ("Date applied", "date_applied"),
        ("Applied on", "date_applied"),
        ("date", "date_applied"),
        ("Application Date", "date_applied"),
        ("Link", "job_url"),
        ("URL", "job_url"),
        ("Job link", "job_url"),
        ("Job posting URL", "job_url"),
        ("Location", "location"),
        ("Source", "source"),
        ("Found via", "source"),
        ("Salary", "salary"),
        ("Salary range (€)", "salary"),
        ("Notes", "notes"),
        ("Comments", "notes"),
        ("Contact", "contact_name"),
        ("Recruiter", "contact_name"),
        ("Contact email", "contact_email"),
        ("Last updated", "status_date"),
        ("Excitement", "interest"),
    ],
)
def test_common_headers_are_recognised_whatever_their_case_spaces_or_punctuation(header, field):
    assert guess_mapping(["Something else", header]) == {"1": field}


def test_each_field_is_guessed_for_one_column_only_and_an_exact_name_wins():
    mapping = guess_mapping(["Date", "Date applied", "Company", "Employer", "Position"])

    assert mapping == {"1": "date_applied", "2": "company", "4": "role_title"}


def test_a_header_with_nothing_recognisable_guesses_nothing():
    assert guess_mapping(["foo", "bar", ""]) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-04", date(2025, 3, 4)),
        ("2025-03-04T10:30:00Z", date(2025, 3, 4)),
        ("2025-03-04 10:30", date(2025, 3, 4)),
        ("2025/3/4", date(2025, 3, 4)),
        ("31/01/2025", date(2025, 1, 31)),
        ("01/31/2025", date(2025, 1, 31)),
        ("4.3.2025", date(2025, 3, 4)),
        ("3 Mar 2025", date(2025, 3, 3)),
        ("3 March 2025", date(2025, 3, 3)),
        ("03-Mar-2025", date(2025, 3, 3)),
        ("Mar 3, 2025", date(2025, 3, 3)),
        ("March 3rd, 2025", date(2025, 3, 3)),
        ("Monday, 3 March 2025", date(2025, 3, 3)),
        ("Sept. 9, 2024", date(2024, 9, 9)),
        ("05/05/2025", date(2025, 5, 5)),
        ("31/1/25", date(2025, 1, 31)),
    ],
)
def test_dates_in_common_formats_are_read(text, expected):
    assert parse_date(text, "") == (expected, "")


def test_a_date_that_reads_both_ways_needs_the_order():
    assert parse_date("04/03/2025", "") == (None, AMBIGUOUS)
    assert parse_date("04/03/2025", "dmy") == (date(2025, 3, 4), "")
    assert parse_date("04/03/2025", "mdy") == (date(2025, 4, 3), "")


@pytest.mark.parametrize(("text", "problem"), [("31/02/2025", "not a real date"), ("soon", "not a date"), ("", "")])
def test_what_is_not_a_date_says_so(text, problem):
    assert parse_date(text, "") == (None, problem)


def test_the_file_decides_the_date_order_when_one_date_can_only_be_read_one_way():
    assert infer_date_order(["04/03/2025", "25/03/2025"]) == "dmy"
    assert infer_date_order(["04/03/2025", "03/25/2025"]) == "mdy"
    assert infer_date_order(["04/03/2025", "05/06/2025"]) == ""
    assert infer_date_order(["25/03/2025", "03/25/2025"]) == ""  # contradicts itself: ask


TODAY = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Applied", Status.APPLIED),
        ("submitted", Status.APPLIED),
        ("In review", Status.APPLIED),
        ("", Status.APPLIED),
        ("Wishlist", Status.SAVED),
        ("Phone screen", Status.SCREENING),
        ("interview", Status.INTERVIEWING),
        ("2nd interview", Status.INTERVIEWING),
        ("Onsite", Status.INTERVIEWING),
        ("Final round!", Status.INTERVIEWING),
        ("offer", Status.OFFER),
        ("Offer accepted", Status.ACCEPTED),
        ("Hired", Status.ACCEPTED),
        ("REJECTED", Status.REJECTED),
        ("Declined", Status.REJECTED),
        ("rejected after onsite", Status.REJECTED),
        ("Not selected", Status.REJECTED),
        ("Offer declined", Status.WITHDRAWN),
        ("Withdrew", Status.WITHDRAWN),
        ("Ghosted", Status.GHOSTED),
        ("Never heard back", Status.GHOSTED),
        ("Background check", Status.INTERVIEWING),
    ],
)
def test_stage_words_from_other_trackers_map_to_stages(word, status):
    assert parse_status(word, date_applied=date(2025, 6, 1), today=TODAY, ghosting_days=21) == status


def test_no_response_is_ghosted_once_the_silence_is_past_the_persons_threshold():
    def read(applied):
        return parse_status("No response", date_applied=applied, today=TODAY, ghosting_days=21)

    assert read(date(2025, 6, 20)) == Status.APPLIED
    assert read(date(2025, 6, 9)) == Status.GHOSTED
    assert read(None) == Status.GHOSTED


def test_a_stage_word_nobody_uses_is_not_guessed():
    assert parse_status("Maybe later?", date_applied=None, today=TODAY, ghosting_days=21) is None
    # Word starts only: "round" inside "background" would otherwise read as an interview.
    assert parse_status("background", date_applied=None, today=TODAY, ghosting_days=21) is None


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("LinkedIn", Source.JOB_BOARD),
        ("Indeed", Source.JOB_BOARD),
        ("", Source.UNKNOWN),
        ("  ", Source.UNKNOWN),
        ("-", Source.UNKNOWN),
        ("n/a", Source.UNKNOWN),
        ("Unknown", Source.UNKNOWN),
        ("Not recorded", Source.UNKNOWN),  # Rebound's own export, read back
        ("Job board", Source.JOB_BOARD),
        ("Referred by Sam", Source.REFERRAL),
        ("Referral", Source.REFERRAL),
        ("Agency", Source.RECRUITER),
        ("Careers page", Source.COMPANY_SITE),
        ("Company website", Source.COMPANY_SITE),
        ("Meetup", Source.NETWORKING),
        ("The newspaper", Source.OTHER),
        ("prejudice", Source.OTHER),  # not "dice"
    ],
)
def test_sources_are_read_from_common_words(text, source):
    assert parse_source(text) == source


@pytest.mark.parametrize(("text", "value"), [("", 3), ("5", 5), ("4/5", 4), ("★★", 2), ("***", 3), ("high", 4)])
def test_interest_is_read_as_a_number_stars_or_a_word(text, value):
    assert parse_interest(text) == value


@pytest.mark.parametrize("text", ["0", "7", "lots", "★★★★★★"])
def test_interest_out_of_range_is_refused(text):
    assert parse_interest(text) is None


@pytest.mark.parametrize(
    ("text", "url", "problem"),
    [
        ("https://jobs.example/1", "https://jobs.example/1", ""),
        ("jobs.example/1", "https://jobs.example/1", ""),
        ("not a link", "", "isn't a web address"),
        ("javascript:alert(1)", "", "isn't a web address"),
        ("", "", ""),
    ],
)
def test_job_links_are_checked_and_get_a_scheme(text, url, problem):
    assert parse_url(text) == (url, problem)
