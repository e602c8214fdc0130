"""Writing the checked rows: companies and contacts matched or created, then applications and
their contact links in bulk, chunk by chunk; `services.applications_created` then gives each
chunk what `services.application_create` gives one application (timeline, reminders, the move)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from jobhunt import salary, services
from jobhunt.csv_import.checking import Row
from jobhunt.models import Application, Company, Contact, ImportJob, Status

RECENT_SETBACK_DAYS = 30
WRITE_CHUNK = 500


def write_rows(job: ImportJob, rows: list[Row], *, written: Callable[[int], None]) -> None:
    """Write the rows, WRITE_CHUNK at a time, calling `written` with the count so far after each
    chunk. The caller holds the transaction: a failure anywhere leaves nothing behind."""
    user = job.user
    now = timezone.now()
    today = user.local_today()
    note = f"Imported from {job.file_name}"[:500]
    companies = _companies(user, {row.values["company"] for row in rows})
    people = _contacts(user, rows, companies)
    for start in range(0, len(rows), WRITE_CHUNK):
        chunk = rows[start : start + WRITE_CHUNK]
        _write_chunk(user, chunk, companies, people, now=now, today=today, note=note)
        written(start + len(chunk))


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


def _pay(values: dict) -> dict:
    """A salary cell read into the advertised range where it reads as one (an amount with a
    currency or a period); otherwise kept word for word in the notes, never guessed."""
    text = values["salary"]
    pay = salary.parse(text)
    if pay is not None and pay.clear:
        return pay.as_advertised()
    if text:
        values["notes"] = f"{values['notes']}\n\nSalary: {text}".strip()
    return {}


def _write_chunk(user, rows: list[Row], companies, people: People, *, now, today, note) -> None:
    applications, timelines = [], []
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
            interest=values["interest"],
            notes=values["notes"],
            created_at=started,
            status_changed_at=changed,
            **_pay(values),
        )
        applications.append(application)
        timelines.append(
            [services.TimelineStep("", Status.APPLIED, started), services.TimelineStep(Status.APPLIED, status, changed)]
            if moved
            else [services.TimelineStep("", status, started)]
        )
    Application.objects.bulk_create(applications)
    links = []
    for application, row in zip(applications, rows, strict=True):
        for name, email in _people(row):
            contact = people.find(name, email, application.company_id)
            links.append(Application.contacts.through(application_id=application.pk, contact_id=contact.pk))
    Application.contacts.through.objects.bulk_create(links, ignore_conflicts=True)
    # Their timelines, reminders and moves, as application_create gives them; endings from long
    # ago are history, so no walkthrough opens for them.
    services.applications_created(
        applications=applications,
        timelines=timelines,
        note=note,
        history_before=today - timedelta(days=RECENT_SETBACK_DAYS),
    )
