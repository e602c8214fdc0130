"""The walkthrough's data, one module a topic: journeys and their steps' rows (journeys), mood,
wins and habits (wellbeing), the weekly plan and its if-then plans (plan), step 2's private writing
(writing). Everything is re-exported here, so `from recovery.models import Journey` keeps working."""

from recovery.models.journeys import (
    FEEDBACK_FOLLOW_UP_AFTER_DAYS,
    MAX_LESSONS,
    NUDGE_AFTER_DAYS,
    RECONNECT_AFTER_DAYS,
    RUSHED_MINUTES,
    DecidingFactor,
    ImprovementAction,
    Journey,
    JourneyPartQuerySet,
    JourneyQuerySet,
    JourneyStep,
    Lesson,
    ResetActivity,
    StayConnected,
    WhatIf,
)
from recovery.models.plan import (
    MAX_IF_THEN_PER_TARGET,
    MAX_WEEKLY_TARGET,
    IfThenPlan,
    PlanTarget,
    WeeklyPlan,
    plan_week_start,
    week_day,
)
from recovery.models.reflection import (
    NOTE_MAX_LENGTH,
    STORY_MAX_LENGTH,
    NoteToFutureSelf,
    Story,
    StoryAnswer,
)
from recovery.models.wellbeing import LOW_MOOD, LOW_MOOD_RUN, HabitCheckIn, Mood, MoodCheckIn, Win
from recovery.models.writing import (
    WRITING_MAX_LENGTH,
    WRITING_MINUTES,
    WRITING_SUGGESTED_DAYS,
    WritingSession,
    writing_invited,
)

__all__ = [
    "FEEDBACK_FOLLOW_UP_AFTER_DAYS",
    "LOW_MOOD",
    "LOW_MOOD_RUN",
    "MAX_LESSONS",
    "MAX_WEEKLY_TARGET",
    "NUDGE_AFTER_DAYS",
    "RECONNECT_AFTER_DAYS",
    "RUSHED_MINUTES",
    "DecidingFactor",
    "HabitCheckIn",
    "ImprovementAction",
    "Journey",
    "JourneyPartQuerySet",
    "JourneyQuerySet",
    "JourneyStep",
    "Lesson",
    "Mood",
    "MoodCheckIn",
    "ResetActivity",
    "StayConnected",
    "WeeklyPlan",
    "WhatIf",
    "Win",
    "plan_week_start",
    # Step 2's writing sessions and step 4's if-then plans.
    "MAX_IF_THEN_PER_TARGET",
    "WRITING_MAX_LENGTH",
    "WRITING_MINUTES",
    "WRITING_SUGGESTED_DAYS",
    "IfThenPlan",
    "PlanTarget",
    "WritingSession",
    "week_day",
    "writing_invited",
    # The note to the future self (before the first "no") and step 3's story.
    "NOTE_MAX_LENGTH",
    "STORY_MAX_LENGTH",
    "NoteToFutureSelf",
    "Story",
    "StoryAnswer",
]
