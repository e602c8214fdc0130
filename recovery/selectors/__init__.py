"""Reads for the walkthrough's pages, one module a topic: the journey pages (journeys), the mood
trend (mood), the plan week and habits (week), and what the dashboard shows (today).

Each function runs a fixed number of queries whatever the amount of data.
"""

from recovery.selectors.journeys import (
    STEP_PARTS,
    application_people,
    journey_for_pages,
    journeys_for_list,
    load_parts,
    open_actions,
    people_met,
    person_to_ask,
    perspective,
    recent_wins,
)
from recovery.selectors.mood import MOOD_TREND_DAYS, mood_overview, mood_trend, needs_extra_support
from recovery.selectors.reflection import (
    OUTSIDE_YOUR_CONTROL,
    Card,
    Evidence,
    evidence,
    future_self_card,
    note_for,
    reflection_for_step,
    story_for,
)
from recovery.selectors.today import (
    DASHBOARD_JOURNEYS,
    CheckedIn,
    JourneyInProgress,
    check_in_today,
    habits_today,
    journeys_in_progress,
    plan_week,
    this_week,
)
from recovery.selectors.week import (
    HABIT_LABELS,
    STREAK_LOOKBACK_DAYS,
    IfThen,
    PersonToReach,
    Plan,
    habit_streak,
    if_then_for_digest,
    if_then_plans,
    plan_targets,
    wants_weekly_digest,
    week_overview,
)

__all__ = [
    "DASHBOARD_JOURNEYS",
    "HABIT_LABELS",
    "MOOD_TREND_DAYS",
    "STEP_PARTS",
    "STREAK_LOOKBACK_DAYS",
    "CheckedIn",
    "JourneyInProgress",
    "PersonToReach",
    "Plan",
    "application_people",
    "check_in_today",
    "habit_streak",
    "habits_today",
    "journey_for_pages",
    "journeys_for_list",
    "journeys_in_progress",
    "load_parts",
    "mood_overview",
    "mood_trend",
    "needs_extra_support",
    "open_actions",
    "people_met",
    "person_to_ask",
    "perspective",
    "plan_targets",
    "plan_week",
    "recent_wins",
    "this_week",
    "wants_weekly_digest",
    "week_overview",
    # Step 4's if-then plans.
    "IfThen",
    "if_then_for_digest",
    "if_then_plans",
    # The note to the future self and step 3's story.
    "OUTSIDE_YOUR_CONTROL",
    "Card",
    "Evidence",
    "evidence",
    "future_self_card",
    "note_for",
    "reflection_for_step",
    "story_for",
]
