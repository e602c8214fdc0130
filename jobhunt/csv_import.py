"""Applications from a spreadsheet or another tracker's CSV export.

The steps, each a page: the file is read and kept in an ImportJob (`import_upload`), its columns
are matched to Rebound's fields (`guess_mapping`, `import_set_mapping`), every row is checked
(`check_rows`: parsed values, problems, duplicates) and shown, then the good rows are written in
one transaction (`import_start` / `import_run`): all of them or none. Small files are imported in
the request; larger ones by a Celery task (jobhunt.tasks) while the page shows its progress.

How values are read:
- Dates: 2025-03-04 (also with a time after it), 4 Mar 2025, 4 March 2025, Mar 4, 2025, and
  numbers with slashes, dots or dashes. 04/03/2025 is read day first or month first as the person
  chooses; left on "guess", the file decides when one of its dates can only be read one way
  (31/01/2025 is day first, 01/31/2025 month first). Dots (04.03.2025) are always day first.
- Stages: Rebound's own names, and common words from other trackers (STATUS_WORDS): "interview"
  or "onsite" → Interviewing, "rejected", "declined" or "not selected" → Rejected, "offer
  declined" → Withdrawn, "no response" → Ghosted once the silence is longer than the person's
  ghosting threshold, Applied before that. An empty stage is Applied.
- Sources: "LinkedIn", "Indeed" and other boards → Job board, "referred" → Referral, and so on;
  anything else is Other.

A row is a duplicate when the same company (any case), the same role and the same date applied
are already in Rebound or earlier in the file; a row with no date matches that company and role
whatever the date.

Rows are written in bulk, then each gets what `services.application_create` gives an
application: its timeline, its follow-up reminders while it waits for an answer, and the
`application_moved` signal. A rejection or a silence older than RECENT_SETBACK_DAYS is history:
it is not sent as a move, so recovery (which starts a walkthrough for every setback it hears of)
does not open walkthroughs for endings from long ago.
"""

import csv
import io
import itertools
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from jobhunt import services
from jobhunt.models import (
    AWAITING_REPLY,
    SETBACKS,
    Application,
    Company,
    Contact,
    ImportJob,
    Source,
    StageEvent,
    Status,
)
from jobhunt.signals import application_moved

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100
# Up to this many rows the import runs while the page waits; above it, in the background.
BACKGROUND_ABOVE = 500
RECENT_SETBACK_DAYS = 30
WRITE_CHUNK = 500
# Files waiting for their columns or for another try, per person.
KEEP_WAITING = 10
# A job still queued or running after this long was lost (the task's hard time limit is far
# shorter): nothing of it was committed, so it may be started again.
STUCK_AFTER = timedelta(minutes=30)


class ImportFileError(Exception):
    """A file that cannot be imported, with a message for the person."""


# Reading the file ------------------------------------------------------------------------------

SIGNATURES = [
    (b"PK\x03\x04", "an Excel, Numbers or LibreOffice workbook (or a ZIP archive)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an older Excel workbook (.xls)"),
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
]
SAVE_AS_CSV = "In your spreadsheet, choose File → Download (or Save as) → CSV, and upload that file."
DELIMITERS = ",;\t|"


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding that read it: UTF-8 (with or without a byte-order mark),
    UTF-16 with a byte-order mark, else Windows-1252, else Latin-1."""
    if not data.strip():
        raise ImportFileError("This file is empty.")
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            raise ImportFileError(f"This looks like {what}, not a CSV file. {SAVE_AS_CSV}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(f"This file could not be read as text. {SAVE_AS_CSV}") from None
        # UTF-32 starts with the same mark; its text (or binary behind a mark) has NULs, which no
        # database column keeps (PostgreSQL refused the row: a 500).
        if "\x00" in text:
            raise ImportFileError(f"This doesn't look like a CSV file (it holds binary data). {SAVE_AS_CSV}")
        return text, "utf-16"
    if b"\x00" in data:
        raise ImportFileError(f"This doesn't look like a CSV file (it holds binary data). {SAVE_AS_CSV}")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text, encoding = data.decode("latin-1"), "latin-1"
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\r\n")
    if controls > max(2, len(text) // 200):
        raise ImportFileError(f"This doesn't look like a CSV file (it holds binary data). {SAVE_AS_CSV}")
    if text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        raise ImportFileError(f"This is a web page, not a CSV file. {SAVE_AS_CSV}")
    return text, "utf-8" if encoding == "utf-8-sig" else encoding


def sniff_delimiter(text: str) -> str:
    """The separator the header line uses most: comma, semicolon (European Excel), tab or bar."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def read_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every non-blank row, the header included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            cells = [cell.strip() for cell in cells]
            if any(cells):
                yield reader.line_num, cells
    except csv.Error as error:
        raise ImportFileError(f"Line {reader.line_num} could not be read as CSV ({error}).") from None


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, cells padded to the header's width)


# A title or a blank-ish line may sit above the column names ("My job search 2025").
HEADER_SEARCH_LINES = 10


def parse_table(text: str, delimiter: str) -> Table:
    """The column names (the first line that names a column Rebound knows, else the first line)
    and the rows under them, all as wide as the widest row."""
    lines = read_rows(text, delimiter)
    head = list(itertools.islice(lines, HEADER_SEARCH_LINES))
    if not head:
        raise ImportFileError("This file is empty.")
    start = next((number for number, (_, cells) in enumerate(head) if _names_columns(cells)), 0)
    header = head[start][1]
    rows = []
    for row in itertools.chain(head[start + 1 :], lines):
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                f"This file has more than {MAX_ROWS:,} rows. Split it into smaller files and import them one by one."
            )
        rows.append(row)
    width = max(len(header), *(len(cells) for _, cells in rows)) if rows else len(header)
    if width > MAX_COLUMNS:
        raise ImportFileError(
            f"This file has {width:,} columns; Rebound reads up to {MAX_COLUMNS}. Leave out the ones you don't need."
        )
    pad = [""] * width
    return Table(header=(header + pad)[:width], rows=[(number, (cells + pad)[:width]) for number, cells in rows])


def _names_columns(cells: list[str]) -> bool:
    return bool(guess_mapping(cells)) and not any(_looks_like_data(cell) for cell in cells)


def check_header(table: Table) -> None:
    if any(_looks_like_data(cell) for cell in table.header):
        raise ImportFileError(
            "The first line looks like data rather than column names. Add a line at the top naming the "
            "columns (for example Company, Role, Status, Date applied)."
        )
    if not table.rows:
        raise ImportFileError("This file has column names but no rows under them.")


def _looks_like_data(cell: str) -> bool:
    if not cell:
        return False
    if re.fullmatch(r"[\d\s.,:/\-€$£%]+", cell):
        return True
    parsed, problem = parse_date(cell, "")
    return parsed is not None or problem == AMBIGUOUS or cell.lower().startswith(("http://", "https://", "www."))


# Matching columns ------------------------------------------------------------------------------


def _phrases(text: str) -> tuple[str, ...]:
    """ "a, b c, d" → ("a", "b c", "d"): word lists that read as lists."""
    return tuple(phrase.strip() for phrase in text.split(","))


# (field, label); the order is the order of the choices on the columns page.
FIELDS = [
    ("company", "Company"),
    ("role_title", "Role"),
    ("status", "Stage"),
    ("date_applied", "Date applied"),
    ("status_date", "Date of the latest stage"),
    ("job_url", "Job link"),
    ("location", "Location"),
    ("source", "Source"),
    ("salary", "Salary"),
    ("interest", "Interest (1–5)"),
    ("contact_name", "Contact name"),
    ("contact_email", "Contact email"),
    ("notes", "Notes"),
]
FIELD_LABELS = dict(FIELDS)
REQUIRED_FIELDS = ("company", "role_title")
# Several columns may go into the notes (each line starts with its column's name).
MULTIPLE_FIELDS = {"notes"}

# Headers as written by people and other trackers, compared without case, spaces or punctuation.
HEADER_WORDS = {
    "company": _phrases(
        "company, companyname, employer, organisation, organization, org, business, firm, hiringcompany"
    ),
    "role_title": _phrases(
        "title, jobtitle, position, positiontitle, role, roletitle, job, jobname, jobrole, vacancy, opening"
    ),
    "status": _phrases("status, stage, applicationstatus, currentstatus, state, outcome, result, pipeline"),
    "date_applied": _phrases(
        "dateapplied, applieddate, appliedon, applicationdate, dateofapplication, date, applied, submitted, "
        "datesubmitted, submittedon"
    ),
    "status_date": _phrases(
        "statusdate, laststatuschange, lastmoved, lastupdate, lastupdated, updated, updatedon, dateupdated, "
        "responsedate, decisiondate, daterejected, rejectedon"
    ),
    "job_url": _phrases(
        "link, url, joblink, joburl, posting, jobposting, postingurl, listing, listingurl, advert, jobad, website"
    ),
    "location": _phrases("location, city, where, place, remote, office, joblocation"),
    "source": _phrases("source, foundvia, foundon, foundthrough, channel, jobboard, platform, via, howfound"),
    "salary": _phrases("salary, pay, compensation, salaryrange, rate, payrange, wage, comp"),
    "interest": _phrases("interest, excitement, priority, rating, stars, howmuchiwantit, fit"),
    "contact_name": _phrases(
        "contact, contactname, contacts, contactperson, recruiter, recruitername, hiringmanager, pointofcontact, "
        "referrer, person, people"
    ),
    "contact_email": _phrases("contactemail, email, recruiteremail, emailaddress, hiringmanageremail"),
    "notes": _phrases("notes, note, comments, comment, remarks, details, description, memo"),
}
# Looser rules for headers not listed above: the first field whose keyword the header contains.
HEADER_KEYWORDS = [
    ("contact_email", ("email", "mail")),
    ("status_date", ("updated", "update", "rejected", "decision", "response")),
    ("date_applied", ("applied", "applicationdate", "submitted", "date")),
    ("company", ("company", "employer", "organisation", "organization")),
    ("role_title", ("title", "position", "role")),
    ("status", ("status", "stage")),
    ("job_url", ("url", "link", "posting")),
    ("salary", ("salary", "compensation", "pay")),
    ("location", ("location", "city")),
    ("source", ("source",)),
    ("interest", ("interest",)),
    ("contact_name", ("contact", "recruiter", "manager")),
    ("notes", ("note", "comment")),
]


def compact(text: str) -> str:
    """Lower case letters and digits only: "Date Applied", "date_applied" and "DATE-APPLIED:" are one."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def guess_mapping(header: list[str]) -> dict[str, str]:
    """{column index as text: field} for the columns whose names say what they hold."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    names = [compact(name) for name in header]
    # Exact names first, the best-ranked one per field: "Date applied" wins over "Date".
    for field_name, words in HEADER_WORDS.items():
        ranked = [(words.index(name), index) for index, name in enumerate(names) if name in words]
        ranked = [(rank, index) for rank, index in ranked if str(index) not in mapping]
        if ranked:
            mapping[str(min(ranked)[1])] = field_name
            taken.add(field_name)
    for index, name in enumerate(names):
        if str(index) in mapping or not name:
            continue
        for field_name, keywords in HEADER_KEYWORDS:
            if field_name not in taken and any(keyword in name for keyword in keywords):
                mapping[str(index)] = field_name
                taken.add(field_name)
                break
    return mapping


def mapping_problems(mapping: dict[str, str]) -> list[str]:
    """What is wrong with a column mapping, in words (empty when it can be used)."""
    problems = []
    chosen = list(mapping.values())
    for field_name in REQUIRED_FIELDS:
        if field_name not in chosen:
            problems.append(f"Pick the column that holds the {FIELD_LABELS[field_name].lower()}.")
    for field_name, label in FIELDS:
        if field_name not in MULTIPLE_FIELDS and chosen.count(field_name) > 1:
            problems.append(f"Only one column can be the {label.lower()}.")
    return problems


# Reading values --------------------------------------------------------------------------------

AMBIGUOUS = "ambiguous"
MONTHS = {
    name: number
    for number, names in enumerate(
        _phrases(
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


# Normalised stage words → stage. See the module docstring for "no response".
NO_RESPONSE = "no response"
STATUS_WORDS = {
    Status.SAVED: _phrases(
        "saved, wishlist, wish list, bookmarked, interested, to apply, not applied, not yet applied, draft, planned, "
        "researching, todo, to do"
    ),
    Status.APPLIED: _phrases(
        "applied, submitted, application submitted, application sent, sent, pending, waiting, in review, under review, "
        "reviewing, in progress, active, open, awaiting response, awaiting reply"
    ),
    Status.SCREENING: _phrases(
        "screening, screen, phone screen, phone screening, recruiter call, recruiter screen, hr call, hr screen, "
        "initial call, intro call, assessment, take home, online assessment, coding test"
    ),
    Status.INTERVIEWING: _phrases(
        "interview, interviewing, interviews, interviewed, interview scheduled, first interview, second interview, "
        "first round, second round, final round, final interview, technical interview, onsite, on site, panel, "
        "reference check, references, background check"
    ),
    Status.OFFER: _phrases("offer, offered, offer received, got offer, offer made, negotiating"),
    Status.ACCEPTED: _phrases("accepted, offer accepted, hired, signed, joined, starting"),
    Status.REJECTED: _phrases(
        "rejected, rejection, declined, not selected, unsuccessful, turned down, denied, no, closed, position filled, "
        "not moving forward, no offer, failed"
    ),
    Status.WITHDRAWN: _phrases(
        "withdrawn, withdrew, offer declined, declined offer, i declined, not interested, no longer interested, "
        "retracted, cancelled, canceled"
    ),
    Status.GHOSTED: _phrases("ghosted, ghost, silence, never heard back, no reply, no answer, no news"),
}
STATUS_LOOKUP = {word: status for status, words in STATUS_WORDS.items() for word in words}
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


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _has_word(words: str, start: str) -> bool:
    """`start` begins a word of `words` ("reject" in "rejected by email", not "round" in "background")."""
    return re.search(rf"\b{re.escape(start)}", words) is not None


def parse_status(text: str, *, date_applied: date | None, today: date, ghosting_days: int) -> Status | None:
    """The stage for a stage word from another tracker; None when it means nothing we know."""
    words = _words(text)
    if not words:
        return Status.APPLIED
    status = STATUS_LOOKUP.get(words)
    if status is None:
        status = next((found for keyword, found in STATUS_KEYWORDS if _has_word(words, keyword)), None)
    if status == NO_RESPONSE:
        waited_long = date_applied is None or (today - date_applied).days >= ghosting_days
        return Status.GHOSTED if waited_long else Status.APPLIED
    return status


SOURCE_WORDS = [
    (Source.REFERRAL, _phrases("referral, referred, refer, friend, former colleague")),
    (Source.RECRUITER, _phrases("recruiter, agency, headhunt, headhunter, staffing, inbound")),
    (Source.NETWORKING, _phrases("network, event, meetup, career fair, job fair, conference, alumni")),
    (Source.COMPANY_SITE, _phrases("company site, company website, careers page, website, career site, direct")),
    (
        Source.JOB_BOARD,
        _phrases(
            "job board, linkedin, indeed, glassdoor, monster, reed, totaljobs, stepstone, wellfound, angellist, otta, "
            "welcome to the jungle, hacker news, board, stack overflow, dice, ziprecruiter, seek"
        ),
    ),
]


def parse_source(text: str) -> str:
    words = _words(text)
    if not words:
        return Source.JOB_BOARD
    for value, label in Source.choices:
        if words in (value.replace("_", " "), label.lower()):
            return value
    for source, keywords in SOURCE_WORDS:
        if any(_has_word(words, keyword) for keyword in keywords):
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
    return INTEREST_WORDS.get(_words(text))


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


# Checking rows ---------------------------------------------------------------------------------

MAX_LENGTHS = {"company": 200, "role_title": 200, "location": 200, "salary": 100, "contact_name": 200, "notes": 20_000}


@dataclass
class Row:
    line: int
    cells: dict[str, str]  # the raw text per field (notes already joined)
    values: dict = field(default_factory=dict)  # what will be written
    problems: list[str] = field(default_factory=list)
    duplicate_of: str = ""  # "" or why it is one

    @property
    def importable(self) -> bool:
        return not self.problems and not self.duplicate_of

    @property
    def source_label(self) -> str:
        return Source(self.values["source"]).label


@dataclass
class Check:
    rows: list[Row]
    date_order: str  # the order used: chosen, or read from the file
    ambiguous_dates: bool

    @property
    def importable(self) -> list[Row]:
        return [row for row in self.rows if row.importable]

    @property
    def with_problems(self) -> list[Row]:
        return [row for row in self.rows if row.problems]

    @property
    def duplicates(self) -> list[Row]:
        return [row for row in self.rows if not row.problems and row.duplicate_of]


def _row_cells(header: list[str], cells: list[str], mapping: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    notes: list[tuple[str, str]] = []
    for index_text, field_name in mapping.items():
        index = int(index_text)
        value = cells[index] if index < len(cells) else ""
        if field_name == "notes":
            if value:
                notes.append((header[index], value))
        else:
            found[field_name] = value
    if notes:
        found["notes"] = notes[0][1] if len(notes) == 1 else "\n".join(f"{name}: {value}" for name, value in notes)
    return found


def duplicate_key(company: str, role: str, day: date | None) -> tuple[str, str, date | None]:
    return company.strip().lower(), " ".join(role.lower().split()), day


def check_rows(job: ImportJob, table: Table | None = None) -> Check:
    """Every row of the job's file read with its mapping: values, problems and duplicates.

    Runs one query whatever the file's size: the person's existing applications, read once.
    """
    table = table or parse_table(job.text, job.delimiter)
    user = job.user
    today = user.local_today()
    mapping = {index: name for index, name in job.mapping.items() if int(index) < len(table.header)}
    rows = [Row(line=line, cells=_row_cells(table.header, cells, mapping)) for line, cells in table.rows]
    order = job.date_order or infer_date_order(
        row.cells.get(name, "") for row in rows for name in ("date_applied", "status_date")
    )
    ambiguous = False
    for row in rows:
        ambiguous |= _check_values(row, order=order, today=today, ghosting_days=user.ghosting_days)
    _mark_duplicates(user, rows)
    return Check(rows=rows, date_order=order, ambiguous_dates=ambiguous)


def _check_values(row: Row, *, order: str, today: date, ghosting_days: int) -> bool:
    """Fill row.values and row.problems; True if a date could be read two ways."""
    cells, values, problems = row.cells, row.values, row.problems
    ambiguous = False
    for name in ("company", "role_title"):
        values[name] = " ".join(cells.get(name, "").split())
        if not values[name]:
            problems.append(f"No {FIELD_LABELS[name].lower()}.")
    for name in ("location", "salary", "contact_name", "notes"):
        values[name] = cells.get(name, "").strip()
    for name, limit in MAX_LENGTHS.items():
        if any(len(part) > limit for part in (values[name].split(";") if name == "contact_name" else [values[name]])):
            problems.append(f"{FIELD_LABELS[name]} is longer than {limit:,} characters.")
    for name in ("date_applied", "status_date"):
        raw = cells.get(name, "")
        day, problem = parse_date(raw, order)
        values[name] = day
        if problem == AMBIGUOUS:
            ambiguous = True
            problems.append(
                f"{FIELD_LABELS[name]} “{raw}” could be read day first or month first: "
                "choose how your dates are written on the columns step."
            )
        elif problem:
            problems.append(f"{FIELD_LABELS[name]} “{raw}” is {problem}.")
        elif day and day > today:
            problems.append(f"{FIELD_LABELS[name]} {day:%-d %b %Y} is in the future.")
        elif day and day.year < 1990:
            problems.append(f"{FIELD_LABELS[name]} {day:%-d %b %Y} is too long ago.")
    if values["date_applied"] and values["status_date"] and values["status_date"] < values["date_applied"]:
        problems.append("The date of the latest stage is before the date applied.")
    status = parse_status(
        cells.get("status", ""), date_applied=values["date_applied"], today=today, ghosting_days=ghosting_days
    )
    if status is None:
        problems.append(
            f"Stage “{cells['status']}” isn't one Rebound knows: use Saved, Applied, Screening, Interviewing, "
            "Offer, Accepted, Rejected, Withdrawn or Ghosted."
        )
    values["status"] = status
    values["job_url"], problem = parse_url(cells.get("job_url", ""))
    if problem:
        problems.append(f"Job link “{_short(cells['job_url'])}” {problem}.")
    values["source"] = parse_source(cells.get("source", ""))
    values["interest"] = parse_interest(cells.get("interest", ""))
    if values["interest"] is None:
        problems.append(f"Interest “{_short(cells['interest'])}” should be a number from 1 to 5.")
    values["contact_email"] = cells.get("contact_email", "").strip().lower()
    for email in filter(None, (part.strip() for part in values["contact_email"].split(";"))):
        try:
            if len(email) > 254:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            problems.append(f"Contact email “{_short(email)}” isn't an email address.")
    return ambiguous


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _mark_duplicates(user, rows: list[Row]) -> None:
    existing: set[tuple] = set()
    undated: set[tuple] = set()  # (company, role) of every existing application, for rows with no date
    for company, role, day in Application.objects.for_user(user).values_list(
        "company__name", "role_title", "date_applied"
    ):
        key = duplicate_key(company, role, day)
        existing.add(key)
        undated.add(key[:2])
    seen: dict[tuple, int] = {}
    seen_undated: dict[tuple, int] = {}
    for row in rows:
        if row.problems:
            continue
        key = duplicate_key(row.values["company"], row.values["role_title"], row.values["date_applied"])
        dateless = key[2] is None
        if key in existing or (dateless and key[:2] in undated):
            row.duplicate_of = "Already in Rebound."
        elif key in seen or (dateless and key[:2] in seen_undated):
            row.duplicate_of = f"Same as line {seen.get(key) or seen_undated[key[:2]]}."
        else:
            seen[key] = row.line
            seen_undated.setdefault(key[:2], row.line)


# Services --------------------------------------------------------------------------------------


def import_upload(*, user, file_name: str, data: bytes) -> ImportJob:
    """Read an uploaded file and keep it for the next steps; ImportFileError if it can't be used."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(too_big_message(len(data)))
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    table = parse_table(text, delimiter)
    check_header(table)
    _tidy(user)
    return ImportJob.objects.create(
        user=user,
        file_name=file_name[:255] or "upload.csv",
        text=text,
        encoding=encoding,
        delimiter=delimiter,
        mapping=guess_mapping(table.header),
        total_rows=len(table.rows),
    )


def _tidy(user) -> None:
    """Files uploaded and never imported don't pile up: beyond KEEP_WAITING, the oldest go."""
    waiting = ImportJob.objects.for_user(user).filter(state__in=[ImportJob.State.MAPPING, ImportJob.State.FAILED])
    stale = list(waiting.order_by("-created_at", "-pk").values_list("pk", flat=True)[KEEP_WAITING - 1 :])
    if stale:
        ImportJob.objects.filter(pk__in=stale).delete()


def too_big_message(size: int | None = None) -> str:
    size_text = f" is {size / 1024 / 1024:.0f} MB:" if size and size >= 1024 * 1024 else " is too big:"
    return (
        f"This file{size_text} the limit is {MAX_BYTES // 1024 // 1024} MB. "
        "Split it into smaller files, or leave out columns you don't need."
    )


def import_set_mapping(*, job: ImportJob, mapping: dict[str, str], date_order: str) -> ImportJob:
    if job.state != ImportJob.State.MAPPING:
        raise ValueError("Columns can only change before the import starts.")
    if problems := mapping_problems(mapping):
        raise ValueError(problems[0])
    job.mapping = mapping
    job.date_order = date_order
    job.save(update_fields=["mapping", "date_order"])
    return job


def can_start(job: ImportJob) -> bool:
    """Not started yet, failed (nothing was written), or lost on the way."""
    return bool(job.mapping) and (job.state in {ImportJob.State.MAPPING, ImportJob.State.FAILED} or is_stuck(job))


def is_stuck(job: ImportJob) -> bool:
    since = job.started_at or job.created_at
    busy = job.state in {ImportJob.State.QUEUED, ImportJob.State.RUNNING}
    return busy and timezone.now() - since > STUCK_AFTER


def runs_in_background(job: ImportJob) -> bool:
    return job.total_rows > BACKGROUND_ABOVE


def import_start(*, job: ImportJob) -> ImportJob:
    """Start importing: now for a small file, through a Celery task after commit for a big one."""
    if not can_start(job):
        raise ValueError("This import has already started.")
    job.state = ImportJob.State.QUEUED
    job.started_at = timezone.now()
    job.processed = 0
    job.errors = []
    job.save(update_fields=["state", "started_at", "processed", "errors"])
    if not runs_in_background(job):
        return import_run(job_id=job.pk)
    from jobhunt.tasks import enqueue_import  # tasks → csv_import; imported late

    transaction.on_commit(lambda: enqueue_import(job.pk))
    return job


def import_run(*, job_id: int) -> ImportJob:
    """Check and write the job's rows, all or nothing. Runs once: the job is claimed first."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now()
    )
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if not claimed:
        return job
    report_progress(job.pk, 0)  # not a count left over from an earlier try
    try:
        check = check_rows(job)
        rows = check.importable
        with transaction.atomic():
            _write(job, rows)
    except Exception:
        log.exception("Import %s failed", job.pk)
        job.state = ImportJob.State.FAILED
        job.errors = [
            {
                "row": None,
                "message": "Something went wrong while importing, so nothing was imported. Please try again.",
            }
        ]
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "errors", "finished_at"])
        return job
    job.state = ImportJob.State.DONE
    job.imported = len(rows)
    job.duplicates = len(check.duplicates)
    job.skipped = len(check.with_problems)
    job.processed = len(check.rows)
    job.finished_at = timezone.now()
    job.text = ""  # the rows are in; no copy of the file stays behind
    job.save(update_fields=["state", "imported", "duplicates", "skipped", "processed", "finished_at", "text"])
    return job


@transaction.atomic
def import_discard(*, job: ImportJob) -> None:
    if job.state == ImportJob.State.RUNNING and not is_stuck(job):
        raise ValueError("This import is running; it can be removed once it has finished.")
    job.delete()


# Progress --------------------------------------------------------------------------------------
# The rows are written in one transaction, which no other connection sees before it commits, so
# progress travels outside the database: in the "shared" cache (Redis when there is one).


def _progress_key(job_id: int) -> str:
    return f"jobhunt:import-progress:{job_id}"


def report_progress(job_id: int, done: int) -> None:
    try:
        caches["shared"].set(_progress_key(job_id), done, timeout=int(STUCK_AFTER.total_seconds()))
    except Exception as error:  # progress is a nicety: the import itself goes on
        log.warning("Could not record import progress (%s)", error)


def progress(job: ImportJob) -> int:
    """Rows handled so far."""
    if job.state != ImportJob.State.RUNNING:
        return job.processed
    try:
        return int(caches["shared"].get(_progress_key(job.pk)) or 0)
    except Exception as error:
        log.warning("Could not read import progress (%s)", error)
        return 0


# Writing ---------------------------------------------------------------------------------------


def _write(job: ImportJob, rows: list[Row]) -> None:
    user = job.user
    now = timezone.now()
    today = user.local_today()
    note = f"Imported from {job.file_name}"[:500]
    companies = _companies(user, {row.values["company"] for row in rows})
    people = _contacts(user, rows, companies)
    for start in range(0, len(rows), WRITE_CHUNK):
        chunk = rows[start : start + WRITE_CHUNK]
        _write_chunk(user, chunk, companies, people, now=now, today=today, note=note)
        report_progress(job.pk, start + len(chunk))


def _companies(user, names: set[str]) -> dict[str, Company]:
    """name in lower case → the person's company, created for names that are new (one query to
    read, one per batch to create)."""
    found: dict[str, Company] = {}
    for company in Company.objects.for_user(user).only("pk", "name", "user_id"):
        found.setdefault(company.name.lower(), company)
    new: dict[str, Company] = {}
    for name in sorted(names):
        if name.lower() not in found and name.lower() not in new:
            new[name.lower()] = Company(user=user, name=name)
    found.update(zip(new, Company.objects.bulk_create(new.values(), batch_size=WRITE_CHUNK), strict=True))
    return found


def _people(row: Row) -> list[tuple[str, str]]:
    """(name, email) of the row's contacts; several are separated by semicolons, names and
    emails paired in order. A contact with only an email is named by it."""
    names = [name.strip() for name in row.values["contact_name"].split(";")]
    emails = [email.strip() for email in row.values["contact_email"].split(";")]
    count = max(len(names), len(emails))
    names += [""] * (count - len(names))
    emails += [""] * (count - len(emails))
    return [((name or email)[:200], email) for name, email in zip(names, emails, strict=True) if name or email]


@dataclass
class People:
    by_email: dict[str, Contact] = field(default_factory=dict)
    by_name: dict[tuple[str, int], Contact] = field(default_factory=dict)

    def find(self, name: str, email: str, company_id: int) -> Contact | None:
        return self.by_email.get(email) if email else self.by_name.get((name.lower(), company_id))


def _contacts(user, rows: list[Row], companies: dict[str, Company]) -> People:
    """The rows' contacts: the person's own when the email (or the name at that company) is
    known, created in bulk otherwise."""
    people = People()
    if not any(_people(row) for row in rows):
        return people
    for contact in Contact.objects.for_user(user).only("pk", "name", "email", "company_id"):
        if contact.email:
            people.by_email.setdefault(contact.email.lower(), contact)
        people.by_name.setdefault((contact.name.lower(), contact.company_id), contact)
    new: list[Contact] = []
    for row in rows:
        company = companies[row.values["company"].lower()]
        for name, email in _people(row):
            if people.find(name, email, company.pk) is None:
                contact = Contact(user=user, company=company, name=name, email=email)
                new.append(contact)
                if email:
                    people.by_email[email] = contact
                people.by_name[(name.lower(), company.pk)] = contact
    Contact.objects.bulk_create(new, batch_size=WRITE_CHUNK)
    return people


def _noon(user, day: date, now: datetime) -> datetime:
    """Midday on `day` where the person lives (never later than now): when an imported step happened."""
    return min(datetime.combine(day, time(12), tzinfo=user.tzinfo), now)


def _write_chunk(user, rows: list[Row], companies, people: People, *, now, today, note) -> None:
    applications, steps = [], []
    for row in rows:
        values = row.values
        status, applied_on, status_on = values["status"], values["date_applied"], values["status_date"]
        # A stage past "applied" with dates for both: the timeline shows applying, then that stage.
        moved = bool(applied_on and status_on) and status not in {Status.SAVED, Status.APPLIED}
        first, second = (applied_on, status_on) if status == Status.APPLIED or moved else (status_on, applied_on)
        day = first or second
        started = _noon(user, day, now) if day else now
        changed = _noon(user, status_on, now) if moved else started
        if applied_on is None and status != Status.SAVED:
            applied_on = timezone.localdate(started, user.tzinfo)  # as application_create does
        application = Application(
            user=user,
            company=companies[values["company"].lower()],
            role_title=values["role_title"],
            status=status,
            date_applied=applied_on,
            job_url=values["job_url"],
            location=values["location"],
            source=values["source"],
            salary=values["salary"],
            interest=values["interest"],
            notes=values["notes"],
            created_at=started,
            status_changed_at=changed,
        )
        applications.append(application)
        steps.append(
            [("", Status.APPLIED, started), (Status.APPLIED, status, changed)] if moved else [("", status, started)]
        )
    Application.objects.bulk_create(applications)
    events = StageEvent.objects.bulk_create(
        event
        for application, timeline in zip(applications, steps, strict=True)
        for event in services.timeline(application, timeline, note)
    )
    last_events = {event.application_id: event for event in events}  # the latest step comes last
    links = []
    for application, row in zip(applications, rows, strict=True):
        for name, email in _people(row):
            contact = people.find(name, email, application.company_id)
            links.append(Application.contacts.through(application_id=application.pk, contact_id=contact.pk))
    Application.contacts.through.objects.bulk_create(links, ignore_conflicts=True)
    for application in applications:
        event = last_events[application.pk]
        if application.status in AWAITING_REPLY:
            # The follow-ups and the silence check, planned by the rules application_create uses.
            services.application_plan_reminders(application=application, new=True)
        ended_on = timezone.localdate(event.happened_at, user.tzinfo)
        if application.status in SETBACKS and (today - ended_on).days > RECENT_SETBACK_DAYS:
            continue  # history: no walkthrough for an ending from long ago
        application_moved.send(
            sender=Application,
            application=application,
            from_status=event.from_status,
            to_status=application.status,
            event=event,
        )
