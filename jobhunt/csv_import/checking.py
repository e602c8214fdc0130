"""Every row of the file read with the chosen columns: the values that will be written, each
row's problems, and the rows that are already in Rebound or earlier in the file."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from jobhunt.csv_import.columns import FIELD_LABELS
from jobhunt.csv_import.reading import Table, parse_table
from jobhunt.csv_import.values import (
    AMBIGUOUS,
    infer_date_order,
    parse_date,
    parse_interest,
    parse_source,
    parse_status,
    parse_url,
)
from jobhunt.models import Application, ImportJob, Source

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
