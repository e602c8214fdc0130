"""The kinds of reminder. Each app declares its own; this app never imports theirs.

A kind says how to write its email from the reminder's subject object. Apps register kinds
at import time of their `reminder_kinds` module (loaded from their AppConfig.ready).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# What quiet mode does to a reminder of this kind that falls due during the pause.
POSTPONE = "postpone"  # sent the morning after the pause: for things the person planned
SKIP = "skip"  # dropped: for nudges and time-bound notes that mean nothing a week late


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
    # Relations of the subject the email reads (prefetch_related names), loaded once per batch.
    load_related: tuple[str, ...] = ()


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
