"""What a coach link shows: stages, figures and walkthrough progress, never a private field."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from jobhunt import selectors as jobhunt_selectors
from jobhunt.models import LIVE, Application, Interview, Source, Status
from recovery.endings import Ending
from recovery.models import Journey
from sharing.models import ShareLink, hash_token

# How many applications it lists per stage, and how much of the rest.
COACH_ROWS_PER_STAGE = 50
COACH_INTERVIEWS = 10
COACH_JOURNEYS = 10
# The summary's "interviews coming up" window.
SUMMARY_DAYS_AHEAD = 14


@dataclass(frozen=True)
class SharedApplication:
    company: str
    role: str
    status: str
    date_applied: date | None
    moved_at: datetime
    source: str


@dataclass
class SharedStage:
    status: str
    label: str
    count: int
    applications: list[SharedApplication] = field(default_factory=list)

    @property
    def not_shown(self) -> int:
        return self.count - len(self.applications)


@dataclass(frozen=True)
class SharedInterview:
    kind: str
    company: str
    role: str
    scheduled_at: datetime


@dataclass(frozen=True)
class SharedJourney:
    company: str
    role: str
    ending: str
    started_at: datetime
    steps_done: int
    steps_total: int
    current_step: str  # the step the person is on, or "" once finished
    finished: bool
    current_number: int = 0  # where the current step falls among the steps (1-based), 0 if none
    after_silence: bool = False  # ghosted rather than turned down


@dataclass(frozen=True)
class CoachSummary:
    """The figures the page opens with, in plain words (the template writes the sentence).

    Counts only, and the step a walkthrough is on: nothing here names a company, a person or a
    note. `live` includes applications saved but not sent yet, as the figures do.
    """

    sent: int
    heard_back: int
    response_rate: float | None
    interviewed: int
    offered: int
    live: int
    # Applications in play with an interview in the next SUMMARY_DAYS_AHEAD days.
    interviewing_soon: int
    # Walkthroughs after a rejection or a silence not yet finished, and the one itself when it
    # is the only one and among those the page lists (for "step 2 of 4").
    journeys_open: int
    open_journey: SharedJourney | None = None


def coach_summary(
    figures: jobhunt_selectors.Figures, *, interviewing_soon: int, journeys_open: int, journeys: list[SharedJourney]
) -> CoachSummary:
    """The summary from numbers the page has already read: no query of its own."""
    unfinished = [journey for journey in journeys if not journey.finished]
    return CoachSummary(
        sent=figures.sent,
        heard_back=figures.heard_back,
        response_rate=figures.response_rate,
        interviewed=figures.interviewed,
        offered=figures.offered,
        live=figures.live,
        interviewing_soon=interviewing_soon,
        journeys_open=journeys_open,
        open_journey=unfinished[0] if journeys_open == 1 and len(unfinished) == 1 else None,
    )


@dataclass
class CoachView:
    owner_name: str
    total: int
    figures: jobhunt_selectors.Figures
    stages: list[SharedStage]
    stage_times: list[jobhunt_selectors.StageTime]
    upcoming_interviews: list[SharedInterview]
    journeys: list[SharedJourney]
    summary: CoachSummary


def share_link_for_token(token: str) -> ShareLink | None:
    return ShareLink.objects.select_related("user").filter(token_hash=hash_token(token), user__is_active=True).first()


def coach_view(user, *, now: datetime | None = None) -> CoachView:
    """What a coach link shows: a summary, stages, figures and walkthrough progress. Seven queries
    (six when there are no walkthroughs: their steps are not read)."""
    now = now or timezone.now()
    applications = Application.objects.for_user(user)
    # The summary's two counts ride on the stage counts' query (one row per application, so
    # each is exact however many interviews or walkthroughs there are).
    interview_soon = Interview.objects.filter(
        application=OuterRef("pk"),
        outcome=Interview.Outcome.PENDING,
        scheduled_at__gte=now,
        scheduled_at__lt=now + timedelta(days=SUMMARY_DAYS_AHEAD),
    )
    journey_open = Journey.objects.filter(application=OuterRef("pk"), finished_at__isnull=True)
    counts = applications.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values},
        interviewing_soon=Count("pk", filter=Q(status__in=LIVE) & Q(Exists(interview_soon))),
        journeys_open=Count("pk", filter=Q(Exists(journey_open))),
    )
    stages = {status: SharedStage(status, label, counts[status]) for status, label in Status.choices}
    sources = dict(Source.choices)

    # The latest rows of each stage, cut in the database so a long history stays cheap.
    rows = (
        applications.annotate(
            row=Window(RowNumber(), partition_by=F("status"), order_by=[F("status_changed_at").desc(), F("pk").desc()])
        )
        .filter(row__lte=COACH_ROWS_PER_STAGE)
        .order_by("-status_changed_at", "-pk")
        .values("status", "role_title", "date_applied", "status_changed_at", "source", "company__name")
    )
    for row in rows:
        stages[row["status"]].applications.append(
            SharedApplication(
                company=row["company__name"],
                role=row["role_title"],
                status=row["status"],
                date_applied=row["date_applied"],
                moved_at=row["status_changed_at"],
                source=sources.get(row["source"], ""),
            )
        )

    interviews = jobhunt_selectors.upcoming_interviews(user, now=now).values(
        "kind", "scheduled_at", "application__role_title", "application__company__name"
    )[:COACH_INTERVIEWS]
    kinds = dict(Interview.Kind.choices)

    journeys = []
    for journey in (
        Journey.objects.for_user(user)
        .select_related("application__company")
        .only("pk", "ending", "started_at", "finished_at", "application__role_title", "application__company__name")
        .prefetch_related("steps")
        .order_by("-started_at", "-pk")[:COACH_JOURNEYS]
    ):
        step = journey.next_step
        journeys.append(
            SharedJourney(
                company=journey.application.company.name,
                role=journey.application.role_title,
                ending=journey.get_ending_display(),
                started_at=journey.started_at,
                steps_done=journey.steps_done,
                steps_total=len(journey.step_states),
                current_step=journey.title(step) if step and not journey.is_finished else "",
                finished=journey.is_finished,
                current_number=list(journey.step_states).index(step) + 1 if step and not journey.is_finished else 0,
                after_silence=journey.ending == Ending.GHOSTED,
            )
        )

    total = sum(stage.count for stage in stages.values())
    figures = jobhunt_selectors.figures(user)
    return CoachView(
        owner_name=user.display_name,
        total=total,
        figures=figures,
        stages=list(stages.values()),
        stage_times=jobhunt_selectors.stage_times(user),
        upcoming_interviews=[
            SharedInterview(
                kind=kinds.get(row["kind"], ""),
                company=row["application__company__name"],
                role=row["application__role_title"],
                scheduled_at=row["scheduled_at"],
            )
            for row in interviews
        ],
        journeys=journeys,
        summary=coach_summary(
            figures,
            interviewing_soon=counts["interviewing_soon"],
            journeys_open=counts["journeys_open"],
            journeys=journeys,
        ),
    )
