"""Today, the pipeline's part of the dashboard: follow-ups due, silences, the week's interviews."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache

from django.db.models import QuerySet
from django.utils import timezone

from core import sql
from core.pages import address_of
from jobhunt.models import FOLLOW_UP_AFTER_DAYS, LIVE, Application, Interview
from jobhunt.selectors.common import by, silence_cutoff

TODAY_LIST_SIZE = 5
# Interviews the dashboard lists: the coming week.
INTERVIEWS_AHEAD_DAYS = 7


@dataclass(frozen=True)
class Waiting:
    """An application waiting on an answer, as Today lists it (a plain row)."""

    pk: int
    role_title: str
    company: str
    date_applied: date | None
    status_changed_at: datetime

    def __str__(self):
        return f"{self.role_title} at {self.company}"

    def get_absolute_url(self) -> str:
        return address_of("jobhunt:application_detail", self.pk)


@dataclass(frozen=True)
class ComingUp:
    """An interview still ahead, as Today lists it (a plain row)."""

    pk: int
    kind: str
    scheduled_at: datetime
    role_title: str
    company: str

    @property
    def kind_label(self) -> str:
        return Interview.Kind(self.kind).label if self.kind in Interview.Kind.values else self.kind

    def get_absolute_url(self) -> str:
        return address_of("jobhunt:interview_detail", self.pk)


@dataclass
class Today:
    total: int
    live: int
    follow_up_count: int
    follow_ups: list[Waiting]
    gone_silent_count: int
    gone_silent: list[Waiting]
    interviews: list[ComingUp]
    # Applications sent in each window of days the caller asked for, counted with the rest.
    sent_in: dict[str, int] = field(default_factory=dict)

    @property
    def is_new(self) -> bool:
        """Nothing tracked yet: the dashboard shows how to start instead of empty lists."""
        return self.total == 0


def upcoming_interviews(user, *, now: datetime, until: datetime | None = None) -> QuerySet:
    """Interviews still ahead, of applications still in play: an ended application's future
    interviews are cancelled with it, and this says so twice."""
    rows = Interview.objects.for_user(user).filter(
        scheduled_at__gte=now, outcome=Interview.Outcome.PENDING, application__status__in=LIVE
    )
    if until is not None:
        rows = rows.filter(scheduled_at__lt=until)
    return rows.order_by("scheduled_at", "pk")


# Today's statements (core.sql: the dashboard is the page opened most). The counts come from the
# application_user_figures index alone; each list is an index range on its own, stopping at the
# first few rows.
_TODAY_COUNTS = f"""
    SELECT COUNT(*),
           COUNT(*) FILTER (WHERE status IN ({sql.among(LIVE)})),
           COUNT(*) FILTER (WHERE status = 'applied' AND date_applied <= %(follow_up_by)s
                            AND status_changed_at >= %(silent_before)s),
           COUNT(*) FILTER (WHERE status = 'applied' AND status_changed_at < %(silent_before)s)
           {{windows}}
      FROM jobhunt_application
     WHERE user_id = %(user)s
"""  # noqa: S608 (constants only)
_WAITING = """
    SELECT application.id, application.role_title, company.name, application.date_applied,
           application.status_changed_at
      FROM jobhunt_application application
      JOIN jobhunt_company company ON company.id = application.company_id
     WHERE application.user_id = %(user)s AND application.status = 'applied'
"""
# Waiting longest first: read from the (user, status, status_changed_at) index upwards from the
# silence cutoff, where the follow-ups are, rather than from every old one.
_TODAY_WAITING = f"""
    SELECT * FROM ({_WAITING} AND application.date_applied <= %(follow_up_by)s
                    AND application.status_changed_at >= %(silent_before)s
                   ORDER BY application.status_changed_at, application.id LIMIT %(size)s) AS follow_up
    UNION ALL
    SELECT * FROM ({_WAITING} AND application.status_changed_at < %(silent_before)s
                   ORDER BY application.status_changed_at, application.id LIMIT %(size)s) AS silent
"""  # noqa: S608 (constants only)
_TODAY_INTERVIEWS = f"""
    SELECT interview.id, interview.kind, interview.scheduled_at, application.role_title, company.name
      FROM jobhunt_interview interview
      JOIN jobhunt_application application ON application.id = interview.application_id
      JOIN jobhunt_company company ON company.id = application.company_id
     WHERE interview.user_id = %(user)s AND interview.scheduled_at >= %(now)s
       AND interview.scheduled_at < %(until)s AND interview.outcome = 'pending'
       AND application.status IN ({sql.among(LIVE)})
     ORDER BY interview.scheduled_at, interview.id
     LIMIT %(size)s
"""  # noqa: S608 (constants only)


@cache
def _today_counts(windows: tuple[str, ...]) -> str:
    counted = "".join(
        f", COUNT(*) FILTER (WHERE date_applied BETWEEN %({name}_from)s AND %({name}_to)s)" for name in windows
    )
    return _TODAY_COUNTS.format(windows=counted)


def today(
    user,
    *,
    today: date | None = None,
    now: datetime | None = None,
    sent_in: dict[str, tuple[date, date]] | None = None,
) -> Today:
    """What needs the person now: follow-ups due, silences, the coming week's interviews, as plain
    rows. Three queries. `sent_in` names windows of days (first, last) in which to count the
    applications sent, along with the rest (the dashboard reads the pace guard's and this plan
    week's that way)."""
    today = today or user.local_today()
    now = now or timezone.now()
    sent_in = sent_in or {}
    silent_before = silence_cutoff(user, today)
    follow_up_by = today - timedelta(days=FOLLOW_UP_AFTER_DAYS)
    windows = {}
    for name, (first, last) in sent_in.items():
        windows[f"{name}_from"], windows[f"{name}_to"] = first, last
    total, live, follow_up_count, silent_count, *sent = sql.one(
        _today_counts(tuple(sent_in)), user=user.pk, follow_up_by=follow_up_by, silent_before=silent_before, **windows
    )
    # One list or the other: a follow-up is an application that has not gone silent yet.
    waiting = sorted(
        (
            Waiting(pk, role, company, applied, sql.moment(moved))
            for pk, role, company, applied, moved in sql.rows(
                _TODAY_WAITING,
                user=user.pk,
                follow_up_by=follow_up_by,
                silent_before=silent_before,
                size=TODAY_LIST_SIZE,
            )
        ),
        key=by("status_changed_at"),
    )
    interviews = sql.rows(
        _TODAY_INTERVIEWS,
        user=user.pk,
        now=now,
        until=now + timedelta(days=INTERVIEWS_AHEAD_DAYS),
        size=TODAY_LIST_SIZE,
    )
    return Today(
        total=total,
        live=live,
        follow_up_count=follow_up_count,
        follow_ups=[row for row in waiting if row.status_changed_at >= silent_before],
        gone_silent_count=silent_count,
        gone_silent=[row for row in waiting if row.status_changed_at < silent_before],
        interviews=[ComingUp(pk, kind, sql.moment(at), role, company) for pk, kind, at, role, company in interviews],
        sent_in=dict(zip(sent_in, sent, strict=True)),
    )


def still_in_play(user, *, besides: Application, limit: int = TODAY_LIST_SIZE * 4) -> tuple[list[Application], int]:
    """The person's other applications still in play (after an accepted offer: the ones to close),
    latest moves first, and how many there are. Two queries."""
    rows = Application.objects.for_user(user).live().exclude(pk=besides.pk)
    return list(rows.select_related("company").order_by("-status_changed_at", "-pk")[:limit]), rows.count()
