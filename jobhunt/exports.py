"""jobhunt's sections of "Export my data" (see accounts.export). Each reads plain values in a few
ordered statements whatever the size of the search (an application's timeline and people come
from one statement each, for all applications), streamed in chunks instead of held in memory."""

from collections.abc import Iterator

from accounts.export import Following
from jobhunt.models import Application, Company, Contact, Interview, StageEvent

CHUNK = 2000


def _iso(value):
    return value.isoformat() if value is not None else None


def _rows(queryset, *fields):
    return queryset.values_list(*fields).iterator(chunk_size=CHUNK)


def companies(user) -> Iterator[dict]:
    rows = Company.objects.for_user(user).order_by("pk")
    for pk, name, website, notes, created_at in _rows(rows, "pk", "name", "website", "notes", "created_at"):
        yield {"id": pk, "name": name, "website": website, "notes": notes, "created_at": _iso(created_at)}


CONTACT_FIELDS = (
    "pk",
    "name",
    "company__name",
    "company_id",
    "role",
    "email",
    "phone",
    "linkedin_url",
    "last_contacted",
    "relationship_strength",
    "notes",
    "created_at",
)


def contacts(user) -> Iterator[dict]:
    for row in _rows(Contact.objects.for_user(user).order_by("pk"), *CONTACT_FIELDS):
        contact = dict(zip(CONTACT_FIELDS, row, strict=True))
        yield {
            "id": contact["pk"],
            "name": contact["name"],
            "company": contact["company__name"],
            "company_id": contact["company_id"],
            "role": contact["role"],
            "email": contact["email"],
            "phone": contact["phone"],
            "linkedin_url": contact["linkedin_url"],
            "last_contacted": _iso(contact["last_contacted"]),
            "relationship_strength": contact["relationship_strength"],
            "notes": contact["notes"],
            "created_at": _iso(contact["created_at"]),
        }


APPLICATION_FIELDS = (
    "pk",
    "company__name",
    "company_id",
    "role_title",
    "job_url",
    "location",
    "source",
    "salary",
    "interest",
    "status",
    "date_applied",
    "next_step",
    "next_step_date",
    "notes",
    "created_at",
    "status_changed_at",
)


def applications(user) -> Iterator[dict]:
    """Each application with its people and its timeline (oldest step first, as a story reads)."""
    mine = Application.objects.for_user(user)
    people = Following(
        _rows(
            Application.contacts.through.objects.filter(application__in=mine).order_by("application_id", "contact_id"),
            "application_id",
            "contact_id",
        )
    )
    timelines = Following(
        _rows(
            StageEvent.objects.filter(application__in=mine).order_by("application_id", "happened_at", "pk"),
            "application_id",
            "from_status",
            "to_status",
            "happened_at",
            "note",
        )
    )
    for row in _rows(mine.order_by("pk"), *APPLICATION_FIELDS):
        application = dict(zip(APPLICATION_FIELDS, row, strict=True))
        pk = application["pk"]
        yield {
            "id": pk,
            "company": application["company__name"],
            "company_id": application["company_id"],
            "role": application["role_title"],
            "job_url": application["job_url"],
            "location": application["location"],
            "source": application["source"],
            "salary": application["salary"],
            "interest": application["interest"],
            "status": application["status"],
            "date_applied": _iso(application["date_applied"]),
            "next_step": application["next_step"],
            "next_step_date": _iso(application["next_step_date"]),
            "notes": application["notes"],
            "contact_ids": [contact_id for (contact_id,) in people.take(pk)],
            "created_at": _iso(application["created_at"]),
            "status_changed_at": _iso(application["status_changed_at"]),
            "timeline": [
                {"from": old, "to": new, "at": _iso(when), "note": note} for old, new, when, note in timelines.take(pk)
            ],
        }


def interviews(user) -> Iterator[dict]:
    mine = Interview.objects.for_user(user)
    people = Following(
        _rows(
            Interview.contacts.through.objects.filter(interview__in=mine).order_by("interview_id", "contact_id"),
            "interview_id",
            "contact_id",
        )
    )
    fields = ("pk", "application_id", "application__role_title", "application__company__name")
    fields += ("scheduled_at", "kind", "outcome", "notes")
    for pk, application_id, role, company, when, kind, outcome, notes in _rows(mine.order_by("pk"), *fields):
        yield {
            "id": pk,
            "application_id": application_id,
            "application": f"{role} at {company}",  # as an Application reads (its __str__)
            "when": _iso(when),
            "kind": kind,
            "outcome": outcome,
            "contact_ids": [contact_id for (contact_id,) in people.take(pk)],
            "notes": notes,
        }


def register_sections(register) -> None:
    """Called from JobhuntConfig.ready() with accounts.export.register."""
    register("companies", companies)
    register("contacts", contacts)
    register("applications", applications)
    register("interviews", interviews)
