"""Reading one cell: dates, stages, sources, interest and links as other trackers write them
(see the package docstring for the words understood)."""

import re
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from jobhunt.csv_import.words import has_word, phrases, words
from jobhunt.models import Source, Status

AMBIGUOUS = "ambiguous"
MONTHS = {
    name: number
    for number, names in enumerate(
        phrases(
            "jan january, feb february, mar march, apr april, may, jun june, jul july, aug august, "
            "sep sept september, oct october, nov november, dec december"
        ),
        start=1,
    )
    for name in names.split()
}
# Lower case: parse_date reads "2025-03-04T10:00" as "2025-03-04t10:00".
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t].*)?")
_NUMERIC = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[ t].*)?")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ \-/]([a-z]+)[ \-/,]+(\d{4}|\d{2})")
_MONTH_DAY = re.compile(r"([a-z]+)[ \-/]+(\d{1,2})(?:st|nd|rd|th)?[ \-/,]+(\d{4})")
_WEEKDAY = re.compile(r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*[, ]+")


def parse_date(text: str, order: str) -> tuple[date | None, str]:
    """(date, "") or (None, problem). `order` is "dmy", "mdy" or "" (then a date like 04/03/2025
    that reads both ways is AMBIGUOUS)."""
    text = text.strip().lower().replace(".,", ",")
    if not text:
        return None, ""
    if match := _ISO.fullmatch(text):
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC.fullmatch(text):
        first, separator, second, year = int(match[1]), match[2], int(match[3]), _year(match[4])
        if separator == "." or first > 12:
            return _make_date(year, second, first)
        if second > 12:
            return _make_date(year, first, second)
        if first == second or order == "dmy":
            return _make_date(year, second, first)
        if order == "mdy":
            return _make_date(year, first, second)
        return None, AMBIGUOUS
    text = _WEEKDAY.sub("", text).replace(".", "")
    if (match := _DAY_MONTH.fullmatch(text)) and match[2] in MONTHS:
        return _make_date(_year(match[3]), MONTHS[match[2]], int(match[1]))
    if (match := _MONTH_DAY.fullmatch(text)) and match[1] in MONTHS:
        return _make_date(int(match[3]), MONTHS[match[1]], int(match[2]))
    return None, "not a date"


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _make_date(year: int, month: int, day: int) -> tuple[date | None, str]:
    try:
        return date(year, month, day), ""
    except ValueError:
        return None, "not a real date"


def infer_date_order(values: Iterable[str]) -> str:
    """ "dmy" or "mdy" when some date in the column can only be read that way (and none the other)."""
    day_first = month_first = False
    for value in values:
        match = _NUMERIC.fullmatch(value.strip().lower())
        if match and match[2] != ".":
            day_first |= int(match[1]) > 12
            month_first |= int(match[3]) > 12
    if day_first != month_first:
        return "dmy" if day_first else "mdy"
    return ""


# Normalised stage words → stage. See the package docstring for "no response".
NO_RESPONSE = "no response"
STATUS_WORDS = {
    Status.SAVED: phrases(
        "saved, wishlist, wish list, bookmarked, interested, to apply, not applied, not yet applied, draft, planned, "
        "researching, todo, to do"
    ),
    Status.APPLIED: phrases(
        "applied, submitted, application submitted, application sent, sent, pending, waiting, in review, under review, "
        "reviewing, in progress, active, open, awaiting response, awaiting reply"
    ),
    Status.SCREENING: phrases(
        "screening, screen, phone screen, phone screening, recruiter call, recruiter screen, hr call, hr screen, "
        "initial call, intro call, assessment, take home, online assessment, coding test"
    ),
    Status.INTERVIEWING: phrases(
        "interview, interviewing, interviews, interviewed, interview scheduled, first interview, second interview, "
        "first round, second round, final round, final interview, technical interview, onsite, on site, panel, "
        "reference check, references, background check"
    ),
    Status.OFFER: phrases("offer, offered, offer received, got offer, offer made, negotiating"),
    Status.ACCEPTED: phrases("accepted, offer accepted, hired, signed, joined, starting"),
    Status.REJECTED: phrases(
        "rejected, rejection, declined, not selected, unsuccessful, turned down, denied, no, closed, position filled, "
        "not moving forward, no offer, failed"
    ),
    Status.WITHDRAWN: phrases(
        "withdrawn, withdrew, offer declined, declined offer, i declined, not interested, no longer interested, "
        "retracted, cancelled, canceled"
    ),
    Status.GHOSTED: phrases("ghosted, ghost, silence, never heard back, no reply, no answer, no news"),
}
STATUS_LOOKUP = {word: status for status, names in STATUS_WORDS.items() for word in names}
STATUS_LOOKUP.update({status.value: status for status in Status} | {status.label.lower(): status for status in Status})
STATUS_LOOKUP[NO_RESPONSE] = NO_RESPONSE
STATUS_LOOKUP["no response yet"] = NO_RESPONSE
# Words inside longer stage names ("Rejected after onsite", "2nd interview"), checked in order.
STATUS_KEYWORDS = [
    ("withdr", Status.WITHDRAWN),
    ("declined offer", Status.WITHDRAWN),
    ("offer declined", Status.WITHDRAWN),
    ("reject", Status.REJECTED),
    ("declin", Status.REJECTED),
    ("unsuccessful", Status.REJECTED),
    ("ghost", Status.GHOSTED),
    ("no response", NO_RESPONSE),
    ("accept", Status.ACCEPTED),
    ("hired", Status.ACCEPTED),
    ("offer", Status.OFFER),
    ("interview", Status.INTERVIEWING),
    ("onsite", Status.INTERVIEWING),
    ("round", Status.INTERVIEWING),
    ("screen", Status.SCREENING),
    ("assessment", Status.SCREENING),
    ("applied", Status.APPLIED),
    ("submitted", Status.APPLIED),
    ("saved", Status.SAVED),
    ("wishlist", Status.SAVED),
]


def parse_status(text: str, *, date_applied: date | None, today: date, ghosting_days: int) -> Status | None:
    """The stage for a stage word from another tracker; None when it means nothing we know."""
    said = words(text)
    if not said:
        return Status.APPLIED
    status = STATUS_LOOKUP.get(said)
    if status is None:
        status = next((found for keyword, found in STATUS_KEYWORDS if has_word(said, keyword)), None)
    if status == NO_RESPONSE:
        waited_long = date_applied is None or (today - date_applied).days >= ghosting_days
        return Status.GHOSTED if waited_long else Status.APPLIED
    return status


SOURCE_WORDS = [
    (Source.REFERRAL, phrases("referral, referred, refer, friend, former colleague")),
    (Source.RECRUITER, phrases("recruiter, agency, headhunt, headhunter, staffing, inbound")),
    (Source.NETWORKING, phrases("network, event, meetup, career fair, job fair, conference, alumni")),
    (Source.COMPANY_SITE, phrases("company site, company website, careers page, website, career site, direct")),
    (
        Source.JOB_BOARD,
        phrases(
            "job board, linkedin, indeed, glassdoor, monster, reed, totaljobs, stepstone, wellfound, angellist, otta, "
            "welcome to the jungle, hacker news, board, stack overflow, dice, ziprecruiter, seek"
        ),
    ),
]


# Cells that say nobody knows, read like an empty one.
UNKNOWN_SOURCE_WORDS = set(phrases("unknown, not known, not sure, n a, na, none, dont know, don t know, no idea"))


def parse_source(text: str) -> str:
    """How the job was found; Not recorded when the cell is empty (or the column missing), so a
    file without sources doesn't count every row as a job board's."""
    said = words(text)
    if not said or said in UNKNOWN_SOURCE_WORDS:
        return Source.UNKNOWN
    for value, label in Source.choices:
        if said in (value.replace("_", " "), label.lower()):
            return value
    for source, keywords in SOURCE_WORDS:
        if any(has_word(said, keyword) for keyword in keywords):
            return source
    return Source.OTHER


INTEREST_WORDS = {"low": 2, "medium": 3, "med": 3, "mid": 3, "high": 4, "very high": 5, "dream": 5, "dream job": 5}


def parse_interest(text: str) -> int | None:
    text = text.strip()
    if not text:
        return 3
    stars = text.count("★") or (text.count("*") if set(text) <= {"*", " "} else 0)
    if stars:
        return stars if 1 <= stars <= 5 else None
    number = re.fullmatch(r"(\d)(?:\s*/\s*5|\.0)?", text)
    if number:
        value = int(number[1])
        return value if 1 <= value <= 5 else None
    return INTEREST_WORDS.get(words(text))


_url_validator = URLValidator(schemes=["http", "https"])


def parse_url(text: str) -> tuple[str, str]:
    """(URL, "") or ("", problem); an address without a scheme is read as https."""
    text = text.strip()
    if not text:
        return "", ""
    if "://" not in text:
        text = f"https://{text}"
    if len(text) > 1000:
        return "", "is longer than 1,000 characters"
    try:
        _url_validator(text)
    except ValidationError:
        return "", "isn't a web address"
    return text, ""
