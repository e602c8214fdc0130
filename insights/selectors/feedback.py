"""The feedback ledger: feedback asked for and answered after rejections, the deciding factors
that keep coming up, and what the person chose to work on."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q

from insights.selectors.common import rate
from recovery.endings import Ending
from recovery.models import DecidingFactor, ImprovementAction, Journey

ACTIONS_PER_FACTOR = 3


# Feedback ledger -------------------------------------------------------------------------------


@dataclass
class FactorAction:
    title: str
    done: bool


@dataclass
class Factor:
    value: str
    label: str
    journeys: int
    actions: list[FactorAction] = field(default_factory=list)
    actions_total: int = 0
    actions_done: int = 0

    @property
    def recurs(self) -> bool:
        return self.journeys > 1

    @property
    def more_actions(self) -> int:
        return self.actions_total - len(self.actions)


@dataclass
class Ledger:
    rejections: int
    asked: int
    answered: int
    factors: list[Factor]

    @property
    def waiting(self) -> int:
        return self.asked - self.answered

    @property
    def answer_rate(self) -> float | None:
        return rate(self.answered, self.asked)


# Each journey's deciding factors, one row per factor (a JSON list on the journey), per database.
_EACH_FACTOR = {
    "postgresql": (
        "jsonb_array_elements_text(CASE WHEN jsonb_typeof(j.deciding_factors) = 'array' "
        "THEN j.deciding_factors ELSE '[]'::jsonb END) AS f(value)"
    ),
    "sqlite": (
        "json_each(CASE WHEN json_type(j.deciding_factors) = 'array' THEN j.deciding_factors ELSE '[]' END) AS f"
    ),
}

# How many journeys named each factor, with the latest few improvement actions of those journeys
# (ROW_NUMBER per factor) and how many there are and are done: one row per factor and action.
_FACTORS_SQL = """
WITH named AS (
    SELECT DISTINCT j.id AS journey_id, f.value AS factor
    FROM {journey} j, {each_factor}
    WHERE j.user_id = %s
), counted AS (
    SELECT factor, COUNT(*) AS journeys FROM named GROUP BY factor
), actions AS (
    SELECT n.factor, a.title,
           CASE WHEN a.done_on IS NULL THEN 0 ELSE 1 END AS is_done,
           ROW_NUMBER() OVER (PARTITION BY n.factor ORDER BY a.created_at DESC, a.id DESC) AS position,
           COUNT(*) OVER (PARTITION BY n.factor) AS total,
           COUNT(a.done_on) OVER (PARTITION BY n.factor) AS done
    FROM named n
    JOIN {action} a ON a.journey_id = n.journey_id
)
SELECT c.factor, c.journeys, a.title, a.is_done, a.total, a.done
FROM counted c
LEFT JOIN actions a ON a.factor = c.factor AND a.position <= %s
ORDER BY c.journeys DESC, c.factor, a.position
"""


def deciding_factors(user) -> list[Factor]:
    """The deciding factors named after rejections, most frequent first, each with the latest
    improvement actions from the journeys that named it. One query."""
    quote = connection.ops.quote_name
    sql = _FACTORS_SQL.format(
        journey=quote(Journey._meta.db_table),
        action=quote(ImprovementAction._meta.db_table),
        each_factor=_EACH_FACTOR[connection.vendor],
    )
    factors: dict[str, Factor] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, ACTIONS_PER_FACTOR])
        for value, journeys, title, is_done, total, done in cursor.fetchall():
            if value not in DecidingFactor.values:
                continue
            factor = factors.setdefault(value, Factor(value, DecidingFactor(value).label, int(journeys)))
            if title is not None:
                factor.actions.append(FactorAction(title, bool(is_done)))
                factor.actions_total, factor.actions_done = int(total), int(done)
    return list(factors.values())


def feedback_ledger(user) -> Ledger:
    """Feedback asked for and answered after rejections (a silence's follow-up is not a feedback
    request), and the deciding factors that came out of it. Two queries."""
    counts = (
        Journey.objects.for_user(user)
        .exclude(ending=Ending.GHOSTED)
        .aggregate(
            rejections=Count("pk"),
            asked=Count("pk", filter=Q(request_sent_on__isnull=False)),
            answered=Count("pk", filter=Q(request_sent_on__isnull=False, feedback_received_on__isnull=False)),
        )
    )
    return Ledger(counts["rejections"], counts["asked"], counts["answered"], deciding_factors(user))
