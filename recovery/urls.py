from django.urls import path, register_converter

from recovery.steps import Step
from recovery.views import journeys, plans, reflection, step_actions, week, writing


class StepConverter:
    """A step's slug in the URL; anything else is a 404."""

    regex = "|".join(step.value for step in Step)

    def to_python(self, value):
        return Step(value)

    def to_url(self, value):
        return Step(value).value


register_converter(StepConverter, "step")

app_name = "recovery"

urlpatterns = [
    path("", journeys.journey_list, name="journey_list"),
    path("log-rejection/", journeys.log_rejection, name="log_rejection"),
    path("applications/<int:pk>/turned-down/", journeys.turned_down, name="turned_down"),
    path("journeys/<int:pk>/", journeys.journey_resume, name="journey_resume"),
    path("journeys/<int:pk>/summary/", journeys.journey_summary, name="journey_summary"),
    path("journeys/<int:pk>/finish/", step_actions.journey_finish, name="journey_finish"),
    # Any step.
    path("journeys/<int:pk>/step/<step:step>/", journeys.journey_step, name="journey_step"),
    path("journeys/<int:pk>/step/<step:step>/ending/", step_actions.journey_ending, name="journey_ending"),
    path("journeys/<int:pk>/step/<step:step>/complete/", step_actions.step_complete, name="step_complete"),
    path("journeys/<int:pk>/step/<step:step>/skip/", step_actions.step_skip, name="step_skip"),
    path("journeys/<int:pk>/step/<step:step>/reopen/", step_actions.step_reopen, name="step_reopen"),
    path("journeys/<int:pk>/step/<step:step>/actions/", step_actions.action_add, name="action_add"),
    path("journeys/<int:pk>/step/<step:step>/actions/<int:action>/", step_actions.action_done, name="action_done"),
    # Step 1.
    path("journeys/<int:pk>/request/", step_actions.request_sent, name="request_sent"),
    path("journeys/<int:pk>/feedback/", step_actions.feedback_record, name="feedback_record"),
    # Step 2.
    path("journeys/<int:pk>/lessons/", step_actions.lesson_add, name="lesson_add"),
    path("journeys/<int:pk>/lessons/<int:lesson>/remove/", step_actions.lesson_remove, name="lesson_remove"),
    path("journeys/<int:pk>/what-ifs/", step_actions.what_if_add, name="what_if_add"),
    path("journeys/<int:pk>/what-ifs/<int:what_if>/release/", step_actions.what_if_release, name="what_if_release"),
    path("journeys/<int:pk>/reset/", step_actions.reset_done, name="reset_done"),
    path("journeys/<int:pk>/stay-connected/", step_actions.connect_add, name="connect_add"),
    path("journeys/<int:pk>/stay-connected/<int:row>/remove/", step_actions.connect_remove, name="connect_remove"),
    path("journeys/<int:pk>/close-chapter/", step_actions.chapter_close, name="chapter_close"),
    path("journeys/<int:pk>/writing/", writing.writing_save, name="writing_save"),
    path("journeys/<int:pk>/writing/<int:session>/delete/", writing.writing_delete, name="writing_delete"),
    # Step 3.
    path("journeys/<int:pk>/mood/", step_actions.journey_mood, name="journey_mood"),
    path("journeys/<int:pk>/wins/", step_actions.win_add, name="win_add"),
    path("journeys/<int:pk>/story/", reflection.story_save, name="story_save"),
    # Step 4.
    path("journeys/<int:pk>/plan/", step_actions.journey_plan, name="journey_plan"),
    path("journeys/<int:pk>/if-then/", plans.journey_if_then_add, name="journey_if_then_add"),
    # The week, outside any one journey.
    path("week/", week.week, name="week"),
    path("week/plan/", week.week_plan, name="week_plan"),
    path("habits/mark/", week.habit_mark, name="habit_mark"),
    path("week/log/", week.week_log, name="week_log"),
    path("week/if-then/", plans.if_then_add, name="if_then_add"),
    path("week/if-then/<int:pk>/", plans.if_then_edit, name="if_then_edit"),
    path("week/if-then/<int:pk>/happened/", plans.if_then_happened, name="if_then_happened"),
    path("week/if-then/<int:pk>/remove/", plans.if_then_remove, name="if_then_remove"),
    path("week/contacts/<int:pk>/reached/", week.contact_reached, name="contact_reached"),
    path("mood/", week.mood_check_in, name="mood_check_in"),
    # The note to the future self, written before the first "no" (the dashboard's card posts here).
    path("future-self/", reflection.future_self, name="future_self"),
    path("future-self/skip/", reflection.future_self_skip, name="future_self_skip"),
    path("future-self/delete/", reflection.future_self_delete, name="future_self_delete"),
]
