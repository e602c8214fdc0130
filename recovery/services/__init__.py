"""Every write of the walkthrough. Views and tasks call these; nothing else changes recovery data."""

from recovery.services.clear_head import (
    LESSON_CAP_MESSAGE,
    chapter_close,
    lesson_add,
    lesson_remove,
    reset_activity_done,
    stay_connected_add,
    stay_connected_remove,
    what_if_add,
    what_if_release,
    writing_delete,
    writing_save,
)
from recovery.services.feedback import (
    feedback_record,
    feedback_request_sent,
    improvement_action_add,
    improvement_action_done,
)
from recovery.services.journeys import (
    LOGGABLE_STAGES,
    application_turned_down,
    journey_finish,
    journey_set_ending,
    journey_start,
    rejection_log,
    step_complete,
    step_reopen,
    step_skip,
)
from recovery.services.plan import (
    if_then_happened,
    if_then_remove,
    if_then_save,
    plan_progress_log,
    plan_save,
    this_weeks_plan,
    weekly_digests_schedule,
)
from recovery.services.reflection import note_delete, note_skip, note_write, story_save
from recovery.services.wellbeing import HABITS, habit_check_in, habit_mark, mood_check_in, win_add

__all__ = [
    "LESSON_CAP_MESSAGE",
    "HABITS",
    "LOGGABLE_STAGES",
    "application_turned_down",
    "chapter_close",
    "feedback_record",
    "feedback_request_sent",
    "habit_check_in",
    "habit_mark",
    "improvement_action_add",
    "improvement_action_done",
    "journey_finish",
    "journey_set_ending",
    "journey_start",
    "lesson_add",
    "lesson_remove",
    "mood_check_in",
    "plan_progress_log",
    "plan_save",
    "reset_activity_done",
    "rejection_log",
    "stay_connected_add",
    "stay_connected_remove",
    "step_complete",
    "step_reopen",
    "step_skip",
    "weekly_digests_schedule",
    "what_if_add",
    "what_if_release",
    "win_add",
    # Step 2's writing sessions and step 4's if-then plans.
    "if_then_happened",
    "if_then_remove",
    "if_then_save",
    "this_weeks_plan",
    "writing_delete",
    "writing_save",
    # The note to the future self and step 3's story.
    "note_delete",
    "note_skip",
    "note_write",
    "story_save",
]
