"""The figures of the search, defined here once: the dashboard, the walkthrough, insights, the
coach page and the emails all read them from here (README, "The figures"); and how long stages take."""

from collections import defaultdict
from dataclasses import dataclass
from statistics import median

from core import sql
from jobhunt.models import AWAITING_REPLY, LIVE, Reached, Status


@dataclass
class FunnelStep:
    key: str
    label: str
    count: int
    # Share of the step before (None for the first step, or when the step before is empty).
    rate: float | None


@dataclass(frozen=True)
class Figures:
    """What the search adds up to.

    - sent: applications that went out (not the ones only saved, or withdrawn before they went);
    - heard back: those the company answered at all, a "no" included;
    - interviewed: those that got as far as interviews;
    - offered: those that got an offer;
    - response rate: heard back out of sent; interview rate: interviewed out of sent;
    - waiting: applied, and no answer yet;
    - live: still in play (not rejected, withdrawn, ghosted or accepted).
    Each counts applications, whatever happened to them after (Application.reached never comes down).
    """

    sent: int = 0
    heard_back: int = 0
    interviewed: int = 0
    offered: int = 0
    waiting: int = 0
    live: int = 0

    @property
    def response_rate(self) -> float | None:
        return self.heard_back / self.sent if self.sent else None

    @property
    def interview_rate(self) -> float | None:
        return self.interviewed / self.sent if self.sent else None

    @property
    def funnel(self) -> list[FunnelStep]:
        steps, before = [], None
        for key, label in (
            ("sent", "Applied"),
            ("heard_back", "Heard back"),
            ("interviewed", "Interviewed"),
            ("offered", "Got an offer"),
        ):
            count = getattr(self, key)
            steps.append(FunnelStep(key, label, count, (count / before) if before else None))
            before = count
        return steps


FIGURES = ("sent", "heard_back", "interviewed", "offered", "waiting", "live")
# The counts behind Figures, in that order, as columns of a statement over a person's
# applications (core.sql): the application_user_figures index alone answers them.
FIGURE_COUNTS_SQL = f"""
    COUNT(*) FILTER (WHERE reached >= {Reached.SENT:d}),
    COUNT(*) FILTER (WHERE reached >= {Reached.HEARD_BACK:d}),
    COUNT(*) FILTER (WHERE reached >= {Reached.INTERVIEWED:d}),
    COUNT(*) FILTER (WHERE reached >= {Reached.OFFERED:d}),
    COUNT(*) FILTER (WHERE status IN ({sql.among(AWAITING_REPLY)})),
    COUNT(*) FILTER (WHERE status IN ({sql.among(LIVE)}))
"""
_FIGURES = f"SELECT {FIGURE_COUNTS_SQL} FROM jobhunt_application WHERE user_id = %(user)s"  # noqa: S608 (constants only)


def figures(user) -> Figures:
    """The person's figures: one query."""
    return Figures(*sql.one(_FIGURES, user=user.pk))


@dataclass
class StageTime:
    status: str
    label: str
    median_days: float
    stays: int


def longest_median(times: list[StageTime]) -> float:
    return max((stage.median_days for stage in times), default=0)


# How long stages take: the latest stays of each stage that have ended (StageEvent.stay_days,
# written by the move that ended each), so a long history costs no more than a short one and the
# figure follows how the search goes now.
STAYS_READ = 200
# Stages where time spent means something: the endings are where an application stays.
TIMED_STAGES = [Status.SAVED, Status.APPLIED, Status.SCREENING, Status.INTERVIEWING, Status.OFFER]
# Each stage's latest ended stays, newest first: one range of the stageevent_stays index each,
# stopping after the rows it needs (a tie on the instant, were there one, would not move a median).
_STAYS = "\n    UNION ALL\n".join(
    f"""
    SELECT * FROM (SELECT to_status, stay_days FROM jobhunt_stageevent
                    WHERE user_id = %(user)s AND to_status = '{stage}' AND left_at IS NOT NULL
                    ORDER BY left_at DESC LIMIT %(read)s) AS stays_{stage}"""  # noqa: S608 (constants only)
    for stage in TIMED_STAGES
)


def stage_times(user, *, read: int = STAYS_READ) -> list[StageTime]:
    """Median days an application stayed in each stage before it moved on, over the latest
    `read` ended stays of each, in pipeline order. One query."""
    by_stage: dict[str, list[float]] = defaultdict(list)
    for stage, days in sql.rows(_STAYS, user=user.pk, read=read):
        by_stage[stage].append(days)
    return [
        StageTime(stage, stage.label, median(by_stage[stage]), len(by_stage[stage]))
        for stage in TIMED_STAGES
        if by_stage[stage]
    ]
