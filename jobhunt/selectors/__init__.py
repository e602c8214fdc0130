"""The pipeline's reads, one module a topic: what needs the person today (today), the board, the
list and the pickers (lists), the figures and stage times (figures), and what they share (common).

Each function runs a fixed number of queries whatever the number of applications.
"""

from jobhunt.selectors.common import (
    HEARD_BACK,
    follow_up_q,
    gone_silent_q,
    how_many,
    in_one_query,
    silence_cutoff,
)
from jobhunt.selectors.figures import (
    FIGURE_COUNTS_SQL,
    FIGURES,
    STAYS_READ,
    TIMED_STAGES,
    Figures,
    FunnelStep,
    StageTime,
    figures,
    longest_median,
    stage_times,
)
from jobhunt.selectors.lists import (
    ACTIVE_STAGES,
    BOARD_COLUMN_SIZE,
    ENDED_STAGES,
    MATCHES_SHOWN,
    SORTS,
    Board,
    Card,
    Column,
    application_list,
    board,
    company_matches,
    people_matches,
)
from jobhunt.selectors.today import (
    INTERVIEWS_AHEAD_DAYS,
    TODAY_LIST_SIZE,
    ComingUp,
    Today,
    Waiting,
    still_in_play,
    today,
    upcoming_interviews,
)

__all__ = [
    "ACTIVE_STAGES",
    "BOARD_COLUMN_SIZE",
    "Board",
    "Card",
    "Column",
    "ComingUp",
    "ENDED_STAGES",
    "FIGURES",
    "FIGURE_COUNTS_SQL",
    "Figures",
    "FunnelStep",
    "HEARD_BACK",
    "INTERVIEWS_AHEAD_DAYS",
    "MATCHES_SHOWN",
    "SORTS",
    "STAYS_READ",
    "StageTime",
    "TIMED_STAGES",
    "TODAY_LIST_SIZE",
    "Today",
    "Waiting",
    "application_list",
    "board",
    "company_matches",
    "figures",
    "follow_up_q",
    "gone_silent_q",
    "how_many",
    "in_one_query",
    "longest_median",
    "people_matches",
    "silence_cutoff",
    "stage_times",
    "still_in_play",
    "today",
    "upcoming_interviews",
]
