"""Reads for the note to the future self (the dashboard's card, step 3 showing it back) and for
step 3's story, with the evidence from the person's own record that sits beside it."""

from dataclasses import dataclass, field

from django.db.models import Q

from core import sql
from jobhunt.models import SETBACKS, Application, Reached, Status
from jobhunt.selectors import gone_silent_q, how_many
from recovery.endings import Ending
from recovery.models import DecidingFactor, Journey, NoteToFutureSelf, Story

# Deciding factors that say something about the other side of the table, not about the person:
# who else applied, a candidate from inside, a role that changed or closed, the budget.
OUTSIDE_YOUR_CONTROL = (
    DecidingFactor.EDGED_OUT,
    DecidingFactor.INTERNAL_CANDIDATE,
    DecidingFactor.ROLE_CHANGED,
    DecidingFactor.COMPENSATION,
)


class Card:
    """What the dashboard's "Before the first no" card shows."""

    ASK = "ask"  # the card, with its field
    WRITTEN = "written"  # one line: saved, and where to read or change it


# One statement (core.sql: the dashboard runs it on every view of an account with applications
# and no journey in progress): has anything been sent, has anything ended in a "no" or a
# silence, has a journey ever started, and the note's state.
_CARD = f"""
    SELECT EXISTS (SELECT 1 FROM jobhunt_application
                    WHERE user_id = %(user)s AND reached >= {Reached.SENT:d}),
           EXISTS (SELECT 1 FROM jobhunt_application
                    WHERE user_id = %(user)s AND status IN ({sql.among(SETBACKS)})),
           EXISTS (SELECT 1 FROM recovery_journey WHERE user_id = %(user)s),
           EXISTS (SELECT 1 FROM recovery_notetofutureself
                    WHERE user_id = %(user)s AND written_at IS NOT NULL),
           EXISTS (SELECT 1 FROM recovery_notetofutureself
                    WHERE user_id = %(user)s AND written_at IS NULL AND skipped_at IS NOT NULL)
"""  # noqa: S608 (constants only)


def future_self_card(user) -> str | None:
    """Card.ASK while the person has sent at least one application, has never had a "no" (no
    rejection, no silence, no journey ever) and has neither written the note nor said "not now";
    Card.WRITTEN once written, until the first "no"; else None. One query."""
    sent, setback, journey, written, skipped = sql.one(_CARD, user=user.pk)
    if not sent or setback or journey or skipped:
        return None
    return Card.WRITTEN if written else Card.ASK


def note_for(user) -> NoteToFutureSelf | None:
    """The person's note, written or not (None if they were never asked). One query."""
    return NoteToFutureSelf.objects.for_user(user).first()


@dataclass(frozen=True)
class Evidence:
    """Facts from the person's own record to set beside the story they tell themselves. Every
    figure is a count of their own applications, with what it is out of; nothing is estimated."""

    sent: int = 0
    # Sent applications that got as far as an interview (Figures.interviewed).
    interviewed: int = 0
    # Sent applications that never had an answer: ghosted, or waiting past the person's silence
    # threshold (jobhunt.selectors.gone_silent_q).
    unanswered: int = 0
    # This journey's deciding factors (from step 1's feedback) that were not the person's doing.
    outside_factors: list[str] = field(default_factory=list)
    # An automated rejection (recovery.endings): it came before anyone got to know the person.
    automated: bool = False

    def __bool__(self) -> bool:
        return bool(self.interviewed_text or self.unanswered_text or self.outside_factors or self.automated)

    @property
    def interviewed_text(self) -> str:
        """ "3 of the 20 applications you've sent got as far as an interview." ("" for none)."""
        if not self.interviewed:
            return ""
        if self.sent == 1:
            return "The one application you've sent got as far as an interview."
        return f"{self.interviewed} of the {self.sent} applications you've sent got as far as an interview."

    @property
    def unanswered_text(self) -> str:
        """ "12 of the 20 applications you've sent had no answer at all." ("" for none)."""
        if not self.unanswered:
            return ""
        if self.sent == 1:
            return "The one application you've sent had no answer at all."
        return f"{self.unanswered} of the {self.sent} applications you've sent had no answer at all."


def evidence(journey: Journey, today) -> Evidence:
    """The evidence for step 3's story, from the person's applications and this journey's
    feedback. One query."""
    user = journey.user
    counts = Application.objects.for_user(user).aggregate(
        sent=how_many(Q(reached__gte=Reached.SENT)),
        interviewed=how_many(Q(reached__gte=Reached.INTERVIEWED)),
        unanswered=how_many(Q(status=Status.GHOSTED) | gone_silent_q(user, today)),
    )
    outside = set(journey.deciding_factors) & set(OUTSIDE_YOUR_CONTROL)
    return Evidence(
        sent=counts["sent"],
        interviewed=counts["interviewed"],
        unanswered=counts["unanswered"],
        outside_factors=[DecidingFactor(value).label for value in OUTSIDE_YOUR_CONTROL if value in outside],
        automated=journey.ending == Ending.AUTOMATED,
    )


def story_for(journey: Journey) -> Story | None:
    """This journey's story, if one was written: one query, kept on the journey, so the page and
    its form read it once."""
    try:
        return journey.story
    except Story.DoesNotExist:
        return None


def reflection_for_step(journey: Journey, today) -> dict:
    """What step 3 shows of the note and the story: the note written before the first "no"
    (None if never asked), this journey's story and the evidence beside it. Three queries."""
    return {
        "note": note_for(journey.user),
        "story": story_for(journey),
        "evidence": evidence(journey, today),
    }
