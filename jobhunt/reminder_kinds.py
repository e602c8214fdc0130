"""The reminder emails the pipeline sends (see reminders.registry).

Each kind's `still_relevant` asks the application's state as well as its own object's: an
ended application has nothing ahead of it, so nothing about it goes out, even if a row was left
behind by some other path.
"""

from django.urls import reverse
from django.utils import timezone

from jobhunt.models import AWAITING_REPLY, LIVE, Interview, Status
from reminders.emails import absolute
from reminders.registry import (
    IMPORTANCE_CLOSING,
    IMPORTANCE_FOLLOW_UP,
    IMPORTANCE_INTERVIEW,
    IMPORTANCE_SILENCE,
    IMPORTANCE_THANK_YOU,
    POSTPONE,
    SKIP,
    ReminderKind,
    register,
)


def _first_person(application):
    # Iterating .all() reads the prefetched contacts (load_related) instead of querying again.
    return next(iter(application.contacts.all()), None)


def _follow_up_subject(application):
    person = _first_person(application)
    who = f"{person.name} at {application.company.name}" if person else application.company.name
    return f"Follow up with {who} about {application.role_title}"


def _application_path(application):
    return reverse("jobhunt:application_detail", args=[application.pk])


def _awaiting_reply(application):
    return application.status in AWAITING_REPLY


def _application_context(application):
    return {
        "application": application,
        "company": application.company,
        "person": _first_person(application),
        "days_silent": application.days_silent(application.user.local_today()),
    }


register(
    ReminderKind(
        name="application_follow_up",
        label="Follow-up nudges for applications with no answer",
        subject=_follow_up_subject,
        template="emails/jobhunt/application_follow_up",
        context=_application_context,
        action_url=_application_path,
        still_relevant=_awaiting_reply,
        while_paused=POSTPONE,
        load_related=("company", "contacts", "user"),
        importance=IMPORTANCE_FOLLOW_UP,
        headline=lambda application: f"Follow up with {application.company.name}",
        section_template="emails/jobhunt/application_follow_up_section",
    )
)


def _ghosting_context(application):
    page = absolute(_application_path(application))
    return {
        **_application_context(application),
        # The page holds the follow-up draft and the status menu; the email only points there.
        "follow_up_url": f"{page}#follow-up",
        "ghosted_url": f"{page}?move=ghosted#status",
    }


register(
    ReminderKind(
        name="ghosting_check",
        label="Checks on applications that went silent",
        subject=lambda application: (
            f"No word from {application.company.name} about {application.role_title}: follow up or let it go?"
        ),
        template="emails/jobhunt/ghosting_check",
        context=_ghosting_context,
        action_url=_application_path,
        still_relevant=_awaiting_reply,
        while_paused=POSTPONE,
        load_related=("company", "contacts", "user"),
        importance=IMPORTANCE_SILENCE,
        headline=lambda application: f"No word from {application.company.name}",
        section_template="emails/jobhunt/ghosting_check_section",
    )
)


def _still_open(application):
    """Still only saved, and its closing day not yet past where the person lives."""
    return (
        application.status == Status.SAVED
        and application.closes_on is not None
        and application.closes_on >= application.user.local_today()
    )


def _closing_words(application) -> str:
    """ "closes on Friday 12 December", "closes tomorrow", "closes today"."""
    if application.closes_on is None:
        return "closes soon"
    days = (application.closes_on - application.user.local_today()).days
    if days <= 0:
        return "closes today"
    if days == 1:
        return "closes tomorrow"
    return f"closes on {application.closes_on:%A} {application.closes_on.day} {application.closes_on:%B}"


register(
    ReminderKind(
        name="closing_soon",
        label="Saved jobs about to close",
        subject=lambda application: (
            f"{application.role_title} at {application.company.name} {_closing_words(application)}"
        ),
        template="emails/jobhunt/closing_soon",
        context=lambda application: {
            "application": application,
            "company": application.company,
            "closing": _closing_words(application),
        },
        action_url=_application_path,
        still_relevant=_still_open,
        # A closing date passes during a pause: nothing to do about it afterwards.
        while_paused=SKIP,
        load_related=("company", "user"),
        importance=IMPORTANCE_CLOSING,
        headline=lambda application: f"{application.company.name}: {_closing_words(application)}",
        section_template="emails/jobhunt/closing_soon_section",
    )
)


def _interview_is_on(interview):
    """Not cancelled, and its application still in play."""
    return interview.outcome != Interview.Outcome.CANCELLED and interview.application.status in LIVE


def _interview_ahead(interview):
    """Prep is for an interview still to come, still on, with no outcome yet."""
    return (
        _interview_is_on(interview)
        and interview.outcome == Interview.Outcome.PENDING
        and interview.scheduled_at > timezone.now()
    )


# How the daily email's subject names each kind of interview: "Tomorrow: onsite at Brightwater".
_INTERVIEW_WORDS = {
    Interview.Kind.PHONE_SCREEN: "phone screen",
    Interview.Kind.TECHNICAL: "technical interview",
    Interview.Kind.ONSITE: "onsite",
    Interview.Kind.FINAL: "final interview",
}


def _prep_headline(interview):
    return f"Tomorrow: {_INTERVIEW_WORDS.get(interview.kind, 'interview')} at {interview.application.company.name}"


def _interview_context(interview):
    return {
        "interview": interview,
        "application": interview.application,
        "company": interview.application.company,
        "people": list(interview.contacts.all()),
    }


register(
    ReminderKind(
        name="interview_prep",
        label="Interview preparation, the day before",
        subject=lambda interview: (
            f"Tomorrow: {interview.get_kind_display().lower()} interview with "
            f"{interview.application.company.name} for {interview.application.role_title}"
        ),
        template="emails/jobhunt/interview_prep",
        context=_interview_context,
        action_url=lambda interview: reverse("jobhunt:application_detail", args=[interview.application_id]),
        still_relevant=_interview_ahead,
        # Prep for an interview that has already happened is no use after a pause.
        while_paused=SKIP,
        load_related=("application__company", "contacts"),
        importance=IMPORTANCE_INTERVIEW,
        headline=_prep_headline,
        section_template="emails/jobhunt/interview_prep_section",
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
        context=_interview_context,
        action_url=lambda interview: reverse("jobhunt:application_detail", args=[interview.application_id]),
        still_relevant=_interview_is_on,
        # A thank-you note a week late reads oddly; better skipped than sent stale.
        while_paused=SKIP,
        load_related=("application__company", "contacts"),
        importance=IMPORTANCE_THANK_YOU,
        headline=lambda interview: f"A thank-you note to {interview.application.company.name}",
        section_template="emails/jobhunt/thank_you_note_section",
    )
)
