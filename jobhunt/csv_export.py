"""Spreadsheet downloads of the pipeline: applications, contacts and interviews as CSV.

Rows stream from `.iterator()`, so a long history never sits in memory, and each download runs
a fixed number of queries whatever its size: the people on an application or an interview come
from a second query over the link table in the same order, merged as both streams go by.

Every cell that a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a
carriage return) gets a leading apostrophe, so a company called "=HYPERLINK(…)" stays text.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from django.utils import timezone

from jobhunt import salary
from jobhunt.models import Application, Contact, Interview

CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The text of a cell, defused if a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object that hands back what is written, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _names_by_owner(links) -> Iterator[tuple[int, list[str]]]:
    """(owner id, [contact names]) in owner id order, from a link-table query sorted the same way."""
    for owner_id, group in groupby(links.iterator(chunk_size=CHUNK), key=lambda link: link[0]):
        yield owner_id, [name for _, name in group]


def _with_names(rows: Iterable, links: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[object, list[str]]]:
    """Pair each row (sorted by pk) with its names from `links` (sorted by owner id)."""
    pending = next(links, None)
    for row in rows:
        while pending is not None and pending[0] < row.pk:
            pending = next(links, None)
        if pending is not None and pending[0] == row.pk:
            yield row, pending[1]
        else:
            yield row, []


APPLICATION_HEADER = [
    "Company",
    "Role",
    "Stage",
    "Date applied",
    "Last moved",
    "Source",
    "Location",
    "Salary",
    "Asked for",
    "Offered",
    "Interest (1-5)",
    "Job link",
    "Next step",
    "Next step date",
    "Contacts",
    "Notes",
]


def application_rows(user, tz: ZoneInfo) -> Iterator[list]:
    applications = (
        Application.objects.for_user(user)
        .select_related("company")
        .defer("company__notes", "company__website", "description", "description_text")
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    )
    links = (
        Application.contacts.through.objects.filter(application__user=user)
        .order_by("application_id", "contact__name", "contact_id")
        .values_list("application_id", "contact__name")
    )
    for application, names in _with_names(applications, _names_by_owner(links)):
        yield [
            application.company.name,
            application.role_title,
            application.get_status_display(),
            _day(application.date_applied),
            _day(application.status_changed_at.astimezone(tz).date()),
            application.get_source_display(),
            application.location,
            salary.shown(
                application.salary_min, application.salary_max, application.salary_currency, application.salary_period
            ),
            salary.shown(application.asked_salary, None, application.asked_currency, application.asked_period),
            salary.shown(application.offered_salary, None, application.offered_currency, application.offered_period),
            application.interest,
            application.job_url,
            application.next_step,
            _day(application.next_step_date),
            "; ".join(names),
            application.notes,
        ]


CONTACT_HEADER = [
    "Name",
    "Company",
    "Role",
    "Email",
    "Phone",
    "LinkedIn",
    "Last contacted",
    "How well you know each other (1-5)",
    "Notes",
]


def contact_rows(user, tz: ZoneInfo) -> Iterator[list]:
    contacts = Contact.objects.for_user(user).select_related("company").order_by("pk").iterator(chunk_size=CHUNK)
    for contact in contacts:
        yield [
            contact.name,
            contact.company.name if contact.company else "",
            contact.get_role_display(),
            contact.email,
            contact.phone,
            contact.linkedin_url,
            _day(contact.last_contacted),
            contact.relationship_strength,
            contact.notes,
        ]


INTERVIEW_HEADER = ["When", "Type", "Company", "Role", "Outcome", "People met", "Notes"]


def _local(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def interview_rows(user, tz: ZoneInfo) -> Iterator[list]:
    interviews = (
        Interview.objects.for_user(user)
        .select_related("application__company")
        .only("scheduled_at", "kind", "outcome", "notes", "application__role_title", "application__company__name")
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    )
    links = (
        Interview.contacts.through.objects.filter(interview__user=user)
        .order_by("interview_id", "contact__name", "contact_id")
        .values_list("interview_id", "contact__name")
    )
    now = timezone.now()
    for interview, names in _with_names(interviews, _names_by_owner(links)):
        yield [
            _local(interview.scheduled_at, tz),
            interview.get_kind_display(),
            interview.application.company.name,
            interview.application.role_title,
            interview.state_label(now),
            "; ".join(names),
            interview.notes,
        ]


# name → (header, rows(user, tz))
DOWNLOADS: dict[str, tuple[list[str], Callable[..., Iterator[list]]]] = {
    "applications": (APPLICATION_HEADER, application_rows),
    "contacts": (CONTACT_HEADER, contact_rows),
    "interviews": (INTERVIEW_HEADER, interview_rows),
}


def download_lines(kind: str, user) -> Iterator[str]:
    """The CSV text of one download, line by line, in the person's own time zone."""
    header, rows = DOWNLOADS[kind]
    return csv_lines(header, rows(user, user.tzinfo))
