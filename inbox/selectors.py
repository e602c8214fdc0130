"""What the inbox shows: the suggestions waiting on Today (with the mailbox's state, for its
banner) in one statement, and a suggestion's own page."""

import json
from dataclasses import dataclass
from datetime import datetime

from core import sql
from inbox.models import Mailbox, Suggestion
from jobhunt.models import Application

TODAY_SUGGESTIONS = 5


@dataclass(frozen=True)
class Waiting:
    """One suggestion as Today lists it."""

    id: int
    received_at: datetime
    sender: str
    sender_name: str
    subject: str
    meaning: str
    phrase: str
    application_id: int | None
    role: str
    company: str

    @property
    def meaning_label(self) -> str:
        return Suggestion.Meaning(self.meaning).label

    @property
    def who(self) -> str:
        """The company when the message matched one of the person's applications, else the sender."""
        return self.company or self.sender_name or self.sender

    @property
    def confirmable(self) -> bool:
        """One click does it: a move for a known application, or adding the application it confirms."""
        return self.application_id is not None or self.meaning == Suggestion.Meaning.RECEIVED


@dataclass(frozen=True)
class Inbox:
    connected: bool
    stopped: bool
    problem: str
    waiting: list[Waiting]
    waiting_count: int

    @property
    def more(self) -> int:
        return self.waiting_count - len(self.waiting)


NOTHING = Inbox(connected=False, stopped=False, problem="", waiting=[], waiting_count=0)

# The mailbox, and its open suggestions newest first with the application each seems about:
# no row at all without a mailbox, one row with empty suggestion columns when nothing waits.
INBOX_SQL = """
SELECT m.state, m.problem, s.id, s.received_at, s.sender, s.sender_name, s.subject, s.meaning,
       s.phrases, s.application_id, a.role_title, c.name, COUNT(s.id) OVER ()
FROM inbox_mailbox m
LEFT JOIN inbox_suggestion s ON s.mailbox_id = m.id AND s.state = 'open'
LEFT JOIN jobhunt_application a ON a.id = s.application_id
LEFT JOIN jobhunt_company c ON c.id = a.company_id
WHERE m.user_id = %(user)s
ORDER BY s.received_at DESC, s.id DESC
LIMIT %(limit)s
"""


def inbox(user, *, limit: int = TODAY_SUGGESTIONS) -> Inbox:
    found = sql.rows(INBOX_SQL, user=user.pk, limit=limit)
    if not found:
        return NOTHING
    state, problem = found[0][0], found[0][1]
    waiting = [
        Waiting(
            id=pk,
            received_at=sql.moment(received),
            sender=sender,
            sender_name=name,
            subject=subject,
            meaning=meaning,
            phrase=_first(phrases),
            application_id=application_id,
            role=role or "",
            company=company or "",
        )
        for _, _, pk, received, sender, name, subject, meaning, phrases, application_id, role, company, _ in found
        if pk is not None
    ]
    return Inbox(
        connected=True,
        stopped=state == Mailbox.State.STOPPED,
        problem=problem,
        waiting=waiting,
        waiting_count=found[0][12] if waiting else 0,
    )


def _first(phrases) -> str:
    # PostgreSQL hands JSON back decoded; SQLite as its text.
    if isinstance(phrases, str):
        phrases = json.loads(phrases or "[]")
    return phrases[0] if phrases else ""


def suggestion_applications(user):
    """The applications a suggestion may be about, for the person to pick from: still in play first."""
    return Application.objects.for_user(user).select_related("company").order_by("-status_changed_at")
