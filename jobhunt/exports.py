"""jobhunt's sections of "Export my data" (see accounts.export). Each reads plain values in a few
ordered statements whatever the size of the search (an application's timeline and people come
from one statement each, for all applications), streamed in chunks instead of held in memory."""

from collections.abc import Iterator

from accounts.export import Following
from jobhunt.models import Application, Company, Contact, Document, Interview, Outreach, StageEvent

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
    "applied_how",
    "workplace",
    "employment_type",
    "date_posted",
    "closes_on",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "asked_salary",
    "asked_currency",
    "asked_period",
    "offered_salary",
    "offered_currency",
    "offered_period",
    "cv_id",
    "cover_letter_id",
    "interest",
    "learning_goal",
    "status",
    "date_applied",
    "next_step",
    "next_step_date",
    "description",
    "notes",
    "created_at",
    "status_changed_at",
)


def _amount(value) -> str | None:
    """An amount as exact text ("60000", "27.50"): no float rounding in the file."""
    return None if value is None else format(value.normalize(), "f")


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
            "applied_how": application["applied_how"],
            "workplace": application["workplace"],
            "employment_type": application["employment_type"],
            "date_posted": _iso(application["date_posted"]),
            "closes_on": _iso(application["closes_on"]),
            "pay": {
                "advertised": {
                    "minimum": _amount(application["salary_min"]),
                    "maximum": _amount(application["salary_max"]),
                    "currency": application["salary_currency"],
                    "period": application["salary_period"],
                },
                "asked": {
                    "amount": _amount(application["asked_salary"]),
                    "currency": application["asked_currency"],
                    "period": application["asked_period"],
                },
                "offered": {
                    "amount": _amount(application["offered_salary"]),
                    "currency": application["offered_currency"],
                    "period": application["offered_period"],
                },
            },
            "cv_id": application["cv_id"],
            "cover_letter_id": application["cover_letter_id"],
            "interest": application["interest"],
            "learning_goal": application["learning_goal"],
            "status": application["status"],
            "date_applied": _iso(application["date_applied"]),
            "next_step": application["next_step"],
            "next_step_date": _iso(application["next_step_date"]),
            "description": application["description"],
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


DOCUMENT_FIELDS = ("pk", "kind", "name", "original_name", "size", "content_type", "uploaded_at")


def documents(user) -> Iterator[dict]:
    """Each CV and cover-letter version, described: the files themselves stay out of the JSON
    (they can be downloaded one by one from "Your CVs and cover letters")."""
    for pk, kind, name, original, size, content_type, uploaded_at in _rows(
        Document.objects.for_user(user).order_by("pk"), *DOCUMENT_FIELDS
    ):
        yield {
            "id": pk,
            "kind": kind,
            "name": name,
            "original_name": original,
            "size": size,
            "content_type": content_type,
            "uploaded_at": _iso(uploaded_at),
        }


def conversations(user) -> Iterator[dict]:
    """Each conversation with someone at an employer ("I reached out"), as the search log lists them."""
    rows = Outreach.objects.for_user(user).order_by("day", "pk")
    for pk, day, how, contact_id, company_id in _rows(rows, "pk", "day", "how", "contact_id", "company_id"):
        yield {"id": pk, "day": _iso(day), "how": how, "contact_id": contact_id, "company_id": company_id}


def register_sections(register) -> None:
    """Called from JobhuntConfig.ready() with accounts.export.register."""
    register("companies", companies)
    register("contacts", contacts)
    register("applications", applications)
    register("interviews", interviews)
    register("documents", documents)
    register("conversations", conversations)
