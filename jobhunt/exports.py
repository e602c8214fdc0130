"""jobhunt's sections of "Export my data" (see accounts.export). Rows are JSON-ready dicts,
read with .iterator() so a long history streams instead of sitting in memory."""

from collections.abc import Iterator

from jobhunt.models import Application, Company, Contact, Interview

CHUNK = 500


def _iso(value):
    return value.isoformat() if value is not None else None


def companies(user) -> Iterator[dict]:
    for company in Company.objects.for_user(user).order_by("pk").iterator(chunk_size=CHUNK):
        yield {
            "id": company.pk,
            "name": company.name,
            "website": company.website,
            "notes": company.notes,
            "created_at": _iso(company.created_at),
        }


def contacts(user) -> Iterator[dict]:
    rows = Contact.objects.for_user(user).select_related("company").order_by("pk")
    for contact in rows.iterator(chunk_size=CHUNK):
        yield {
            "id": contact.pk,
            "name": contact.name,
            "company": contact.company.name if contact.company else None,
            "company_id": contact.company_id,
            "role": contact.role,
            "email": contact.email,
            "phone": contact.phone,
            "linkedin_url": contact.linkedin_url,
            "last_contacted": _iso(contact.last_contacted),
            "relationship_strength": contact.relationship_strength,
            "notes": contact.notes,
            "created_at": _iso(contact.created_at),
        }


def applications(user) -> Iterator[dict]:
    rows = (
        Application.objects.for_user(user)
        .select_related("company")
        .prefetch_related("events", "contacts")
        .order_by("pk")
    )
    for application in rows.iterator(chunk_size=CHUNK):
        yield {
            "id": application.pk,
            "company": application.company.name,
            "company_id": application.company_id,
            "role": application.role_title,
            "job_url": application.job_url,
            "location": application.location,
            "source": application.source,
            "salary": application.salary,
            "interest": application.interest,
            "status": application.status,
            "date_applied": _iso(application.date_applied),
            "next_step": application.next_step,
            "next_step_date": _iso(application.next_step_date),
            "notes": application.notes,
            "contact_ids": sorted(contact.pk for contact in application.contacts.all()),
            "created_at": _iso(application.created_at),
            "status_changed_at": _iso(application.status_changed_at),
            "timeline": [
                {
                    "from": event.from_status,
                    "to": event.to_status,
                    "at": _iso(event.happened_at),
                    "note": event.note,
                }
                # Oldest first, as a story reads; sorted in Python to keep the prefetch.
                for event in sorted(application.events.all(), key=lambda event: (event.happened_at, event.pk))
            ],
        }


def interviews(user) -> Iterator[dict]:
    rows = (
        Interview.objects.for_user(user)
        .select_related("application__company")
        .prefetch_related("contacts")
        .order_by("pk")
    )
    for interview in rows.iterator(chunk_size=CHUNK):
        yield {
            "id": interview.pk,
            "application_id": interview.application_id,
            "application": str(interview.application),
            "when": _iso(interview.scheduled_at),
            "kind": interview.kind,
            "outcome": interview.outcome,
            "contact_ids": sorted(contact.pk for contact in interview.contacts.all()),
            "notes": interview.notes,
        }


def register_sections(register) -> None:
    """Called from JobhuntConfig.ready() with accounts.export.register."""
    register("companies", companies)
    register("contacts", contacts)
    register("applications", applications)
    register("interviews", interviews)
