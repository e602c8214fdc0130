"""The kinds of reminder. Each app declares its own; this app never imports theirs.

A kind says how to write its email from the reminder's subject object, on its own or as one
section of the daily email. Apps register kinds at import time of their `reminder_kinds` module
(loaded from their AppConfig.ready).

Importance orders the sections of a daily email, and its subject names the most important one.
The order (lower first): what is about to happen, then what is owed to someone, then what waits
on the person, then the overview:

    IMPORTANCE_INTERVIEW (interview prep)   IMPORTANCE_THANK_YOU (thank-you note)
    IMPORTANCE_CLOSING (saved job closing)  IMPORTANCE_SILENCE (silence check)
    IMPORTANCE_FOLLOW_UP (application follow-ups)
    IMPORTANCE_FEEDBACK (feedback follow-up) IMPORTANCE_RECONNECT (reconnects)
    IMPORTANCE_NUDGE (journey nudge)        IMPORTANCE_DIGEST (the weekly plan digest)
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# What quiet mode does to a reminder of this kind that falls due during the pause.
POSTPONE = "postpone"  # sent the morning after the pause: for things the person planned
SKIP = "skip"  # dropped: for nudges and time-bound notes that mean nothing a week late

IMPORTANCE_INTERVIEW = 10  # an interview tomorrow beats everything
IMPORTANCE_THANK_YOU = 20  # a note best sent today
IMPORTANCE_CLOSING = 25  # a saved job about to close: apply in time or let it go
IMPORTANCE_SILENCE = 30  # a decision: follow up once, or let it go
IMPORTANCE_FOLLOW_UP = 40
IMPORTANCE_FEEDBACK = 50
IMPORTANCE_RECONNECT = 60
IMPORTANCE_NUDGE = 70
IMPORTANCE_DIGEST = 80  # the overview comes last


@dataclass(frozen=True)
class ReminderKind:
    name: str  # stored in Reminder.kind, e.g. "application_follow_up"
    label: str  # shown on the preferences page, e.g. "Follow-up nudges for applications"
    subject: Callable[[Any], str]  # subject line from the `about` object
    template: str  # "emails/<app>/<name>": .txt and .html are rendered
    context: Callable[[Any], dict] = lambda about: {}  # extra template context
    action_url: Callable[[Any], str] | None = None  # path of the page where the person acts
    # Checked just before sending; False cancels the reminder (its reason went away).
    still_relevant: Callable[[Any], bool] = lambda about: True
    while_paused: str = POSTPONE
    # About a rejection's walkthrough: during a break from rejections (User.protected_until) it
    # waits for the morning after the break, so the walkthrough goes on quietly.
    about_rejections: bool = False
    # Relations of the subject the email reads (prefetch_related names), loaded once per batch.
    load_related: tuple[str, ...] = ()
    # In the daily email: the place among the sections (IMPORTANCE_*), a few words for the subject
    # line ("Tomorrow: onsite at Brightwater") and the section's template ("emails/<app>/<name>_section":
    # .txt and .html, a few lines: what, why now, one action link).
    importance: int = IMPORTANCE_DIGEST
    headline: Callable[[Any], str] | None = None  # without one, the subject stands in
    section_template: str = ""  # without one, the section template is `template` + "_section"

    def headline_for(self, about) -> str:
        return str((self.headline or self.subject)(about))

    @property
    def section(self) -> str:
        return self.section_template or f"{self.template}_section"


_KINDS: dict[str, ReminderKind] = {}


def register(kind: ReminderKind) -> ReminderKind:
    _KINDS[kind.name] = kind
    return kind


def get(name: str) -> ReminderKind:
    return _KINDS[name]


def find(name: str) -> ReminderKind | None:
    return _KINDS.get(name)


def all_kinds() -> list[ReminderKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.label)
