"""The proof of the search: a log of job-search activity for a benefits office (Germany's
Bewerbungsnachweis, the work-search logs of US state agencies), built from what Rebound already
holds. For a range of the person's local dates, one row per activity, oldest first:

- each application sent in the range (by its date applied; one only saved was never sent),
- each interview held in the range (not cancelled; by its day where the person lives),
- each conversation with someone at an employer (an Outreach that has a company).

Read-only, in five queries whatever the size of the search. Only what such a log asks for is
read: never notes, pay, feedback or journal text, so none of it can end up on the page.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.template.loader import render_to_string
from django.utils import dateformat, timezone

from jobhunt.csv_export import csv_lines
from jobhunt.models import Application, HowApplied, Interview, Outreach, Reached, Status

DEFAULT_WEEKS = 8
# Benefits offices ask about months, not years; a longer range is most likely a typo.
MAX_YEARS = 2

HEADER = ["Date", "Activity", "Employer", "Address or link", "Position", "How", "Contact person", "Outcome"]

APPLICATION, INTERVIEW, CONVERSATION = "Application", "Interview", "Conversation"

# An application's stage now, in the words a caseworker reads.
APPLICATION_OUTCOMES = {
    Status.SAVED: "Not sent",
    Status.APPLIED: "Waiting to hear",
    Status.SCREENING: "Screening",
    Status.INTERVIEWING: "Interviewing",
    Status.OFFER: "Offer",
    Status.ACCEPTED: "Offer accepted",
    Status.REJECTED: "Rejected",
    Status.WITHDRAWN: "Withdrawn",
    Status.GHOSTED: "No reply (ghosted)",
}
INTERVIEW_OUTCOMES = {
    Interview.Outcome.PASSED: "Went through",
    Interview.Outcome.NOT_PASSED: "Didn't go through",
    Interview.Outcome.PENDING: "No outcome yet",
}
# Only an onsite interview says how it was held; the other kinds could be any of them.
INTERVIEW_HOW = {
    Interview.Kind.PHONE_SCREEN: HowApplied.PHONE.label,
    Interview.Kind.ONSITE: "Interview (in person)",
}
CONVERSATION_POSITION = "Networking conversation"
CONVERSATION_OUTCOME = "Spoke with them"


@dataclass(frozen=True)
class Activity:
    """One row of the log."""

    day: date
    activity: str
    employer: str
    address: str
    position: str
    how: str
    people: tuple[str, ...]
    outcome: str
    # Applications first on a day, then interviews by the hour, then conversations.
    order: tuple = field(default=(), compare=False, repr=False)

    @property
    def contact_person(self) -> str:
        return "; ".join(self.people)

    def cells(self) -> list[str]:
        """The row as the CSV has it, in HEADER's order."""
        return [
            self.day.isoformat(),
            self.activity,
            self.employer,
            self.address,
            self.position,
            self.how,
            self.contact_person,
            self.outcome,
        ]


@dataclass(frozen=True)
class SearchLog:
    person: str
    start: date
    end: date
    rows: list[Activity]

    def _count(self, activity: str) -> int:
        return sum(1 for row in self.rows if row.activity == activity)

    @property
    def applications(self) -> int:
        return self._count(APPLICATION)

    @property
    def interviews(self) -> int:
        return self._count(INTERVIEW)

    @property
    def conversations(self) -> int:
        return self._count(CONVERSATION)

    @property
    def period(self) -> str:
        """ "12 October – 6 December 2026", with each year said once when both ends share it."""
        start, end = self.start, self.end
        if start == end:
            return _long(end)
        if start.year != end.year:
            return f"{_long(start)} – {_long(end)}"
        if start.month != end.month:
            return f"{dateformat.format(start, 'j F')} – {_long(end)}"
        return f"{start.day} – {_long(end)}"

    @property
    def title(self) -> str:
        return f"Job search activity of {self.person}, {self.period}"

    @property
    def summary(self) -> str:
        """The count line: "12 activities: 8 applications, 3 interviews, 1 conversation with an employer"."""
        parts = [
            _plural(self.applications, "application", "applications"),
            _plural(self.interviews, "interview", "interviews"),
            _plural(self.conversations, "conversation with an employer", "conversations with employers"),
        ]
        return f"{_plural(len(self.rows), 'activity', 'activities')}: {', '.join(parts)}"


def _long(day: date) -> str:
    return dateformat.format(day, "j F Y")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def default_range(today: date) -> tuple[date, date]:
    """The last eight weeks, ending today."""
    return today - timedelta(weeks=DEFAULT_WEEKS), today


def _names(links) -> dict[int, list[str]]:
    """{owner id: [contact names]} from (owner id, name) pairs already sorted by name."""
    names: dict[int, list[str]] = {}
    for owner_id, name in links:
        names.setdefault(owner_id, []).append(name)
    return names


def search_log(*, user, start: date, end: date, now: datetime | None = None) -> SearchLog:
    """The person's activities from `start` to `end` (both included, their own local dates)."""
    tz = user.tzinfo
    now = now or timezone.now()
    # The range as moments where the person lives: an interview at 23:30 in Auckland on the last
    # day is in, whatever the server's clock says about its UTC date.
    window_start = datetime.combine(start, time.min, tzinfo=tz)
    window_end = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)

    applications = Application.objects.for_user(user).filter(
        date_applied__range=(start, end), reached__gte=Reached.SENT
    )
    interviews = (
        Interview.objects.for_user(user)
        .filter(scheduled_at__gte=window_start, scheduled_at__lt=window_end, scheduled_at__lte=now)
        .exclude(outcome=Interview.Outcome.CANCELLED)
    )
    application_people = _names(
        Application.contacts.through.objects.filter(application__in=applications.values("pk"))
        .order_by("contact__name", "contact_id")
        .values_list("application_id", "contact__name")
    )
    interview_people = _names(
        Interview.contacts.through.objects.filter(interview__in=interviews.values("pk"))
        .order_by("contact__name", "contact_id")
        .values_list("interview_id", "contact__name")
    )

    rows = []
    for row in applications.values(
        "pk", "date_applied", "status", "applied_how", "role_title", "job_url", "company__name", "company__website"
    ):
        rows.append(
            Activity(
                day=row["date_applied"],
                activity=APPLICATION,
                employer=row["company__name"],
                address=row["company__website"] or row["job_url"],
                position=row["role_title"],
                how=HowApplied(row["applied_how"]).label if row["applied_how"] in HowApplied.values else "",
                people=tuple(application_people.get(row["pk"], ())),
                outcome=APPLICATION_OUTCOMES.get(row["status"], ""),
                order=(0, row["pk"]),
            )
        )
    for row in interviews.values(
        "pk",
        "scheduled_at",
        "kind",
        "outcome",
        "application__role_title",
        "application__job_url",
        "application__company__name",
        "application__company__website",
    ):
        rows.append(
            Activity(
                day=timezone.localtime(row["scheduled_at"], tz).date(),
                activity=INTERVIEW,
                employer=row["application__company__name"],
                address=row["application__company__website"] or row["application__job_url"],
                position=row["application__role_title"],
                how=INTERVIEW_HOW.get(row["kind"], "Interview"),
                people=tuple(interview_people.get(row["pk"], ())),
                outcome=INTERVIEW_OUTCOMES.get(row["outcome"], ""),
                order=(1, row["scheduled_at"].timestamp(), row["pk"]),
            )
        )
    conversations = Outreach.objects.for_user(user).filter(day__range=(start, end), company__isnull=False)
    for row in conversations.values("pk", "day", "how", "contact__name", "company__name", "company__website"):
        rows.append(
            Activity(
                day=row["day"],
                activity=CONVERSATION,
                employer=row["company__name"],
                address=row["company__website"],
                position=CONVERSATION_POSITION,
                how=HowApplied(row["how"]).label if row["how"] in HowApplied.values else "",
                people=(row["contact__name"],) if row["contact__name"] else (),
                outcome=CONVERSATION_OUTCOME,
                order=(2, row["pk"]),
            )
        )
    rows.sort(key=lambda activity: (activity.day, activity.order))
    return SearchLog(person=user.name, start=start, end=end, rows=rows)


# Downloads -------------------------------------------------------------------------------------


def csv_text(log: SearchLog) -> str:
    """The log as CSV: a header row, then one row per activity; formula-safe (csv_export's cells)."""
    return "".join(csv_lines(HEADER, (row.cells() for row in log.rows)))


PAPER_SIZES = {"a4": "A4", "letter": "Letter"}


def no_fetching():
    """A WeasyPrint URL fetcher that opens nothing. The document is self-contained (its CSS is
    inline), so no URL is ever needed: nothing in a person's data can make the server reach the
    network or read a local file."""
    from weasyprint.urls import URLFetcher

    class NothingFetched(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"Not fetched: {url[:100]}")

    return NothingFetched()


def pdf_bytes(log: SearchLog, *, paper: str = "a4", made_on: date | None = None) -> bytes:
    """The log as a printable PDF: one table, page numbers, on A4 or US Letter."""
    # Imported here: WeasyPrint takes a while to load, and only this download needs it.
    from weasyprint import HTML

    html = render_to_string(
        "jobhunt/report/search_log_pdf.html",
        {
            "log": log,
            "header": HEADER,
            "page_size": PAPER_SIZES.get(paper, PAPER_SIZES["a4"]),
            "made_on": made_on or timezone.localdate(),
        },
    )
    # Tagged: screen readers can follow the table's structure.
    return HTML(string=html, url_fetcher=no_fetching()).write_pdf(pdf_tags=True)
