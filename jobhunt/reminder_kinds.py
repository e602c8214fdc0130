"""The reminder emails the pipeline sends (see reminders.registry)."""

from django.urls import reverse

from jobhunt.models import AWAITING_REPLY, Interview
from reminders.registry import ReminderKind, register


def _first_person(application):
    contacts = list(application.contacts.all()[:1])
    return contacts[0] if contacts else None


def _follow_up_subject(application):
    person = _first_person(application)
    who = f"{person.name} at {application.company.name}" if person else application.company.name
    return f"Follow up with {who} about {application.role_title}"


register(
    ReminderKind(
        name="application_follow_up",
        label="Follow-up nudges for applications with no answer",
        subject=_follow_up_subject,
        template="emails/jobhunt/application_follow_up",
        context=lambda application: {"application": application, "person": _first_person(application)},
        action_url=lambda application: reverse("jobhunt:application_detail", args=[application.pk]),
        still_relevant=lambda application: application.status in AWAITING_REPLY,
    )
)

register(
    ReminderKind(
        name="ghosting_check",
        label="Checks on applications that went silent",
        subject=lambda application: (
            f"No word from {application.company.name} about {application.role_title}: follow up or let it go?"
        ),
        template="emails/jobhunt/ghosting_check",
        context=lambda application: {"application": application, "person": _first_person(application)},
        action_url=lambda application: reverse("jobhunt:application_detail", args=[application.pk]),
        still_relevant=lambda application: application.status in AWAITING_REPLY,
    )
)


def _interview_is_on(interview):
    return interview.outcome != Interview.Outcome.CANCELLED


register(
    ReminderKind(
        name="interview_prep",
        label="Interview preparation, the day before",
        subject=lambda interview: (
            f"Tomorrow: {interview.get_kind_display().lower()} interview with "
            f"{interview.application.company.name} for {interview.application.role_title}"
        ),
        template="emails/jobhunt/interview_prep",
        context=lambda interview: {"interview": interview, "application": interview.application},
        action_url=lambda interview: reverse("jobhunt:application_detail", args=[interview.application_id]),
        still_relevant=_interview_is_on,
    )
)

register(
    ReminderKind(
        name="thank_you_note",
        label="Thank-you notes after interviews",
        subject=lambda interview: (
            f"Send a thank-you note to {interview.application.company.name} about {interview.application.role_title}"
        ),
        template="emails/jobhunt/thank_you_note",
        context=lambda interview: {
            "interview": interview,
            "application": interview.application,
            "people": list(interview.contacts.all()),
        },
        action_url=lambda interview: reverse("jobhunt:application_detail", args=[interview.application_id]),
        still_relevant=_interview_is_on,
    )
)
