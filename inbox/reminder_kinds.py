"""The one email the inbox sends: reading the mailbox stopped, for a reason only the person can fix."""

from django.urls import reverse

from inbox.imap import Kind
from inbox.models import Mailbox
from reminders.registry import IMPORTANCE_SILENCE, POSTPONE, ReminderKind, register

# Why reading stopped, in plain words (the mailbox's `problem`).
WHY = {
    Kind.AUTH: (
        "the mail server turned down the username or app password Rebound has for it. That happens "
        "when the password is changed or the app password is revoked"
    ),
    Kind.FOLDER: "the folder Rebound was reading is no longer there (it may have been renamed or deleted)",
    Kind.CERTIFICATE: ("the mail server's certificate could not be verified, so Rebound did not send it your password"),
}
WHAT_TO_DO = {
    Kind.AUTH: "Make a new app password with your mail provider and enter it on your mailbox page.",
    Kind.FOLDER: "Choose the folder to read on your mailbox page.",
    Kind.CERTIFICATE: (
        "Check the server name on your mailbox page; if it is right, your mail provider may be "
        "changing its certificate, and trying again later usually works."
    ),
}


def _mailbox_path(mailbox) -> str:
    return reverse("inbox:mailbox")


def _context(mailbox) -> dict:
    return {
        "mailbox": mailbox,
        "why": WHY.get(mailbox.problem, "the mail server stopped accepting Rebound's connection"),
        "what_to_do": WHAT_TO_DO.get(mailbox.problem, "Open your mailbox page to check the settings."),
    }


register(
    ReminderKind(
        name="mailbox_stopped",
        label="When reading your mailbox stops",
        subject=lambda mailbox: "Rebound stopped reading your mailbox",
        template="emails/inbox/mailbox_stopped",
        context=_context,
        action_url=_mailbox_path,
        # Fixed (or disconnected) before it went out: nothing left to say.
        still_relevant=lambda mailbox: mailbox.state == Mailbox.State.STOPPED,
        while_paused=POSTPONE,
        load_related=("user",),
        # Something only the person can fix, and job mail goes unread meanwhile: after what is about
        # to happen and what is owed to someone, with the other things that wait on them.
        importance=IMPORTANCE_SILENCE,
        headline=lambda mailbox: "Reading your mailbox stopped",
        section_template="emails/inbox/mailbox_stopped_section",
    )
)
