"""What a coach link shows: stages, figures and walkthrough progress, never a private field."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from jobhunt import selectors as jobhunt_selectors
from jobhunt.models import Application, Interview, Source, Status
from recovery.models import Journey
from sharing.models import ShareLink, hash_token

# How many applications it lists per stage, and how much of the rest.
COACH_ROWS_PER_STAGE = 50
COACH_INTERVIEWS = 10
COACH_JOURNEYS = 10


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


@dataclass
class CoachView:
    owner_name: str
    total: int
    figures: jobhunt_selectors.Figures
    stages: list[SharedStage]
    stage_times: list[jobhunt_selectors.StageTime]
    upcoming_interviews: list[SharedInterview]
    journeys: list[SharedJourney]


def share_link_for_token(token: str) -> ShareLink | None:
    return ShareLink.objects.select_related("user").filter(token_hash=hash_token(token), user__is_active=True).first()


def coach_view(user, *, now: datetime | None = None) -> CoachView:
    """What a coach link shows: stages, figures and walkthrough progress. Eight queries."""
    now = now or timezone.now()
    applications = Application.objects.for_user(user)
    counts = applications.aggregate(**{status: Count("pk", filter=Q(status=status)) for status in Status.values})
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
            )
        )

    total = sum(stage.count for stage in stages.values())
    return CoachView(
        owner_name=user.display_name,
        total=total,
        figures=jobhunt_selectors.figures(user),
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
    )
