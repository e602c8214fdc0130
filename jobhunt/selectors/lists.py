"""The board, the lists (applications, companies, people), and finding a company or a person as
they are typed."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from core import sql
from core.pages import address_of
from jobhunt.models import LIVE, Application, Company, Contact, Status

# Board -----------------------------------------------------------------------------------------


# Cards shown per column; the rest are a "N more" link to the list filtered on that stage.
BOARD_COLUMN_SIZE = 20
# The board's columns: where applications move. The endings sit in a strip of their own.
ACTIVE_STAGES = [Status.SAVED, Status.APPLIED, Status.SCREENING, Status.INTERVIEWING, Status.OFFER]
ENDED_STAGES = [Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN, Status.GHOSTED]


@dataclass
class Card:
    pk: int
    role_title: str
    company: str
    status: str
    days_in_stage: int
    next_step: str
    next_step_date: date | None
    next_interview: datetime | None


@dataclass
class Column:
    status: str
    label: str
    cards: list[Card] = field(default_factory=list)
    # Every application in this stage, shown or not.
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.cards)


@dataclass
class Board:
    columns: list[Column]  # the active stages, each with its latest cards
    ended: list[Column]  # the endings: counts only


# The board's statements (core.sql): the totals per stage, and each active stage's latest cards
# with their next interview still ahead, one index range each.
_BOARD_TOTALS = "SELECT status, COUNT(*) FROM jobhunt_application WHERE user_id = %(user)s GROUP BY status"
_BOARD_CARDS = "\n    UNION ALL\n".join(
    f"""
    SELECT * FROM (
        SELECT application.id, application.role_title, company.name, application.status,
               application.status_changed_at, application.next_step, application.next_step_date,
               (SELECT MIN(interview.scheduled_at) FROM jobhunt_interview interview
                 WHERE interview.application_id = application.id AND interview.outcome = 'pending'
                   AND interview.scheduled_at >= %(now)s) AS next_interview
          FROM jobhunt_application application
          JOIN jobhunt_company company ON company.id = application.company_id
         WHERE application.user_id = %(user)s AND application.status = '{stage}'
         ORDER BY application.status_changed_at DESC, application.id DESC
         LIMIT %(size)s) AS cards_{stage}"""  # noqa: S608 (constants only)
    for stage in ACTIVE_STAGES
)


def board(user, *, today: date | None = None, now: datetime | None = None, size: int = BOARD_COLUMN_SIZE) -> Board:
    """The active stages as columns, each with its latest `size` moves first and its total, and
    the endings as counts. Two queries whatever the number of applications: the totals, and each
    active stage's latest cards (plain rows, with the next interview) in one statement."""
    today = today or user.local_today()
    now = now or timezone.now()
    totals = dict(sql.rows(_BOARD_TOTALS, user=user.pk))
    columns = {stage: Column(stage, stage.label, total=totals.get(stage, 0)) for stage in ACTIVE_STAGES}
    for pk, role, company, status, moved_at, step, step_date, interview in sql.rows(
        _BOARD_CARDS, user=user.pk, now=now, size=size
    ):
        days = (today - timezone.localtime(sql.moment(moved_at), user.tzinfo).date()).days
        columns[status].cards.append(Card(pk, role, company, status, days, step, step_date, sql.moment(interview)))
    ended = [Column(stage, stage.label, total=totals.get(stage, 0)) for stage in ENDED_STAGES]
    return Board(list(columns.values()), ended)


# List ------------------------------------------------------------------------------------------

# How the list can be sorted: key -> (label, ordering). Every ordering ends on the primary key
# so pages never repeat or skip a row.
SORTS = {
    "recent": ("Recently moved", ["-status_changed_at", "-pk"]),
    "applied": ("Date applied", [F("date_applied").desc(nulls_last=True), "-pk"]),
    "company": ("Company", [Lower("company__name"), Lower("role_title"), "pk"]),
    "role": ("Role", [Lower("role_title"), Lower("company__name"), "pk"]),
    "interest": ("How much I want it", ["-interest", "-status_changed_at", "-pk"]),
}


@dataclass(frozen=True)
class Listed:
    """An application as the list shows it (a plain row: a page lists 25)."""

    pk: int
    role_title: str
    location: str
    company: str
    status: str
    date_applied: date | None
    interest: int
    days_since_move: int

    def get_absolute_url(self) -> str:
        return address_of("jobhunt:application_detail", self.pk)

    @property
    def moved(self) -> str:
        """When it last moved, in words: "today", "3 days ago", "2 weeks ago", "4 months ago"."""
        days = self.days_since_move
        if days <= 0:
            return "today"
        if days == 1:
            return "yesterday"
        for size, unit in ((365, "year"), (30, "month"), (7, "week"), (1, "day")):
            if days >= size:
                count = days // size
                return f"{count} {unit}{'' if count == 1 else 's'} ago"
        return f"{days} days ago"


LISTED_COLUMNS = (
    "pk",
    "role_title",
    "location",
    "company__name",
    "status",
    "date_applied",
    "interest",
    "status_changed_at",
)


def listed(rows, user, today: date) -> list[Listed]:
    """A page of application_list(…).values_list(*LISTED_COLUMNS) as Listed rows."""
    tz = user.tzinfo
    return [Listed(*row[:-1], days_since_move=(today - timezone.localtime(row[-1], tz).date()).days) for row in rows]


def application_list(user, *, q: str = "", status: str = "", company=None, sort: str = "recent") -> QuerySet:
    """The person's applications, filtered and sorted; every word of `q` must match somewhere."""
    applications = Application.objects.for_user(user).select_related("company")
    if status:
        applications = applications.filter(status=status)
    if company is not None:
        applications = applications.filter(company=company)
    for word in q.split():
        applications = applications.filter(
            Q(role_title__icontains=word)
            | Q(company__name__icontains=word)
            | Q(location__icontains=word)
            | Q(notes__icontains=word)
            | Q(description_text__icontains=word)
        )
    return applications.order_by(*SORTS.get(sort, SORTS["recent"])[1])


# Companies and people --------------------------------------------------------------------------

# key -> (label, ordering), each ending on the primary key like SORTS. The counts are the
# annotations company_list adds.
COMPANY_SORTS = {
    "name": ("Name", [Lower("name"), "pk"]),
    "applications": ("Most applications", ["-application_count", Lower("name"), "pk"]),
    "live": ("Most still in play", ["-live_count", Lower("name"), "pk"]),
    "recent": ("Recently added", ["-created_at", "-pk"]),
}

CONTACT_SORTS = {
    "name": ("Name", [Lower("name"), "pk"]),
    # People with no company come after those with one.
    "company": ("Company", [Lower("company__name").asc(nulls_last=True), Lower("name"), "pk"]),
    # Most recent first; never contacted last.
    "contacted": ("Last contacted", [F("last_contacted").desc(nulls_last=True), Lower("name"), "pk"]),
    "strength": ("Relationship strength", ["-relationship_strength", Lower("name"), "pk"]),
}


def company_list(user, *, q: str = "", live_only: bool = False, sort: str = "name") -> QuerySet:
    """The person's companies with how many applications each has and how many are still in
    play (counted in the same query), filtered and sorted; every word of `q` must match somewhere."""
    companies = Company.objects.for_user(user).annotate(
        application_count=Count("applications"),
        live_count=Count("applications", filter=Q(applications__status__in=LIVE)),
    )
    for word in q.split():
        companies = companies.filter(Q(name__icontains=word) | Q(website__icontains=word) | Q(notes__icontains=word))
    if live_only:
        companies = companies.filter(live_count__gt=0)
    return companies.order_by(*COMPANY_SORTS.get(sort, COMPANY_SORTS["name"])[1])


def contact_list(user, *, q: str = "", role: str = "", sort: str = "name") -> QuerySet:
    """The person's contacts with their company, filtered and sorted; every word of `q` must
    match the name, the email, the company's name or the notes."""
    contacts = Contact.objects.for_user(user).select_related("company")
    if role:
        contacts = contacts.filter(role=role)
    for word in q.split():
        contacts = contacts.filter(
            Q(name__icontains=word)
            | Q(email__icontains=word)
            | Q(company__name__icontains=word)
            | Q(notes__icontains=word)
        )
    return contacts.order_by(*CONTACT_SORTS.get(sort, CONTACT_SORTS["name"])[1])


# Finding a company or a person as they are typed -----------------------------------------------

MATCHES_SHOWN = 8


def company_matches(user, term: str, limit: int = MATCHES_SHOWN) -> list[str]:
    """Names of the person's companies containing `term`, in name order."""
    term = term.strip()[:200]
    if not term:
        return []
    rows = Company.objects.for_user(user).filter(name__icontains=term).order_by(Lower("name"), "pk")
    return list(rows.values_list("name", flat=True)[:limit])


def people_matches(user, term: str, *, besides=(), limit: int = MATCHES_SHOWN) -> list[Contact]:
    """The person's contacts matching every word of `term` (in the name, the company or the
    email), in name order, leaving out `besides` (pks already shown)."""
    words = term.split()[:5]
    if not words:
        return []
    rows = Contact.objects.for_user(user).select_related("company").exclude(pk__in=list(besides))
    for word in words:
        word = word[:100]
        rows = rows.filter(Q(name__icontains=word) | Q(company__name__icontains=word) | Q(email__icontains=word))
    return list(rows.order_by(Lower("name"), "pk")[:limit])


def application_with_link(user, url: str) -> Application | None:
    """The person's application for the posting at `url`, when they already have one."""
    if not url:
        return None
    return Application.objects.for_user(user).filter(job_url=url).select_related("company").order_by("-pk").first()
