"""What a company has been like to the person, from their own history there ("company memory"):
how often it answered, how long the first answer took, how the applications ended, and a kind
word to show when they apply there again.

One query whatever the number of applications: each sent application with its first answer (a
correlated subquery on the timeline's index) and the person's time zone (whole days are counted
on their calendar).
"""

import math
import statistics
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from jobhunt.models import ENDED, LIVE, Application, Company, Reached, StageEvent, Status
from jobhunt.selectors.common import HEARD_BACK

# A rejection that was the company's first and only answer (nobody ever screened or interviewed)
# and came at most this many whole days after applying reads as an automatic screen rather than a
# person's decision (the demo's Bluebell Pay: a "no" at 3am, two days after applying).
AUTO_REJECTED_WITHIN_DAYS = 2
# A first answer is a step into an answer stage (a rejection too) from waiting: from "applied",
# or from "ghosted" when a company the person had given up on came back after all.
ANSWERED_FROM = (Status.APPLIED, Status.GHOSTED)
# Endings in the order the page lists them.
ENDINGS = tuple(status for status in Status if status in ENDED)
# Endings that say something about the company ("last time"): withdrawing was the person's choice.
TOLD_BY_COMPANY = ENDED - {Status.WITHDRAWN}


@dataclass(frozen=True)
class EndingCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class CompanyMemory:
    """The person's history at one company. Counts are of applications actually sent there."""

    company_name: str
    sent: int = 0
    answered: int = 0  # moved on from "applied" to screening or further, or a rejection
    waiting: int = 0  # sent, in play, no answer yet
    in_play: int = 0  # sent and not ended
    timed_answers: int = 0  # answers whose wait the timeline tells
    median_days_to_answer: int | None = None
    endings: tuple[EndingCount, ...] = ()  # only endings that happened, in ENDINGS order
    auto_rejected: int = 0  # of the rejections, those that came within AUTO_REJECTED_WITHIN_DAYS
    memory_note: str = ""  # the hint for a new application there ("" when nothing useful)

    @property
    def has_history(self) -> bool:
        return self.sent > 0

    @property
    def ended(self) -> int:
        return sum(ending.count for ending in self.endings)

    @property
    def answered_text(self) -> str:
        """ "They answered 2 of the 5 applications you sent.", in words that fit every count."""
        if self.sent == 1:
            if self.answered:
                return "They answered the one application you sent."
            if self.waiting:
                return "You're still waiting to hear about the one application you sent."
            return "No answer came to the one application you sent."
        if self.answered == 0:
            return f"None of the {self.sent} applications you sent has had an answer{' yet' if self.waiting else ''}."
        return f"They answered {self.answered} of the {self.sent} applications you sent."

    @property
    def waiting_text(self) -> str:
        """ "You're still waiting to hear about 1 of them." ("" when none is, or only one was sent)."""
        if self.sent < 2 or not self.waiting:
            return ""
        return f"You're still waiting to hear about {self.waiting} of them."

    @property
    def in_play_text(self) -> str:
        if not self.in_play:
            return "Nothing in play here right now."
        if self.in_play == 1:
            return "1 application is still going."
        return f"{self.in_play} applications are still going."

    @property
    def wait_text(self) -> str:
        """How long the first answer took, in plain words ("" when no answer can be timed)."""
        if self.median_days_to_answer is None:
            return ""
        if self.timed_answers == 1:
            return f"Their answer came {after(self.median_days_to_answer)}."
        return f"Their first answer usually came {after(self.median_days_to_answer)}."

    @property
    def auto_rejected_text(self) -> str:
        """ "1 came within 2 days of applying, likely an automatic screen." ("" when none did)."""
        if not self.auto_rejected:
            return ""
        return f"{self.auto_rejected} came {within(AUTO_REJECTED_WITHIN_DAYS)} of applying, likely an automatic screen."


def days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def after(count: int) -> str:
    """0 -> "the same day", 1 -> "after 1 day", 6 -> "after 6 days"."""
    return "the same day" if count <= 0 else f"after {days(count)}"


def within(count: int) -> str:
    """0 -> "the same day", 1 -> "within a day", 2 -> "within 2 days"."""
    if count <= 0:
        return "the same day"
    return "within a day" if count == 1 else f"within {days(count)}"


def company_memory(company: Company) -> CompanyMemory:
    """The person's history at `company`. One query."""
    applications = Application.objects.filter(user_id=company.user_id, company=company)
    return _memory(company.name, _sent(applications))


def company_memory_for_name(user, name: str) -> CompanyMemory | None:
    """The history at the person's own company called `name` (any case, as typed on the new
    application form), or None when they have no such company or never applied there. One query."""
    name = " ".join((name or "").split())[:200]
    if not name:
        return None
    applications = Application.objects.for_user(user).filter(company__user=user, company__name__iexact=name)
    rows = _sent(applications)
    if not rows:
        return None
    return _memory(rows[0].company.name, rows)


def _sent(applications: QuerySet) -> list[Application]:
    """The sent applications of `applications`, latest change first, each with its first answer
    (when, and which stage) and the person's time zone: one statement."""
    first_answer = StageEvent.objects.filter(
        application=OuterRef("pk"), from_status__in=ANSWERED_FROM, to_status__in=HEARD_BACK
    ).order_by("happened_at", "pk")
    return list(
        applications.filter(reached__gte=Reached.SENT)
        .select_related("company", "user")
        .only("status", "reached", "date_applied", "status_changed_at", "company__name", "user__time_zone")
        .annotate(
            answered_at=Subquery(first_answer.values("happened_at")[:1]),
            answered_with=Subquery(first_answer.values("to_status")[:1]),
        )
        .order_by("-status_changed_at", "-pk")
    )


@dataclass(frozen=True)
class _Told:
    """One sent application, as the memory reads it."""

    status: str
    answered: bool
    answer_days: int | None  # from applying to the first answer, when the timeline tells
    silent_days: int | None  # never answered and marked ghosted: from applying to that day
    auto_rejected: bool


def _memory(company_name: str, rows: list[Application]) -> CompanyMemory:
    if not rows:
        return CompanyMemory(company_name=company_name)
    zone = zoneinfo.ZoneInfo(rows[0].user.time_zone)
    told = [_told(row, zone) for row in rows]
    waits = [item.answer_days for item in told if item.answer_days is not None]
    counts = {status: sum(1 for item in told if item.status == status) for status in ENDINGS}
    return CompanyMemory(
        company_name=company_name,
        sent=len(told),
        answered=sum(1 for item in told if item.answered),
        waiting=sum(1 for item in told if item.status == Status.APPLIED),
        in_play=sum(1 for item in told if item.status in LIVE),
        timed_answers=len(waits),
        median_days_to_answer=math.floor(statistics.median(waits) + 0.5) if waits else None,
        endings=tuple(EndingCount(status, status.label, counts[status]) for status in ENDINGS if counts[status]),
        auto_rejected=sum(1 for item in told if item.auto_rejected),
        memory_note=_note(company_name, told),
    )


def _told(row: Application, zone) -> _Told:
    answered = row.reached >= Reached.HEARD_BACK
    answer_days = silent_days = None
    if row.date_applied is not None:
        if row.answered_at is not None:
            answer_days = _days_between(row.date_applied, row.answered_at, zone)
        elif row.status == Status.GHOSTED and not answered:
            silent_days = _days_between(row.date_applied, row.status_changed_at, zone)
    # The rejection was their first and only answer (nobody screened or interviewed), and quick.
    auto_rejected = (
        row.status == Status.REJECTED
        and row.answered_with == Status.REJECTED
        and row.reached == Reached.HEARD_BACK
        and answer_days is not None
        and answer_days <= AUTO_REJECTED_WITHIN_DAYS
    )
    return _Told(row.status, answered, answer_days, silent_days, auto_rejected)


def _days_between(applied: date, moment: datetime, zone) -> int | None:
    """Whole days from the day of applying to `moment`'s day where the person lives; None when the
    dates contradict each other (an answer before the application went out)."""
    waited = (timezone.localtime(moment, zone).date() - applied).days
    return waited if waited >= 0 else None


def _note(company_name: str, told: list[_Told]) -> str:
    """A kind word for applying again, about the last application there that the company ended
    (withdrawn ones are passed over: that was the person's choice): when it went unanswered or
    was turned down by what looks like an automatic screen. Otherwise nothing."""
    last = next((item for item in told if item.status in TOLD_BY_COMPANY), None)
    if last is None:
        return ""
    if last.status == Status.GHOSTED and last.answered:
        return (
            f"Last time {company_name} went quiet partway through; "
            "asking early about their timeline may help this time."
        )
    if last.status == Status.GHOSTED:
        if last.silent_days:
            return f"Last time {company_name} didn't answer in {days(last.silent_days)}; a referral may help this time."
        return f"Last time {company_name} didn't answer; a referral may help this time."
    if last.auto_rejected:
        return (
            f"Last time {company_name} answered {within(last.answer_days)}, likely an automatic screen; "
            "a referral or a note to the hiring manager may get you past it."
        )
    return ""
