from django.urls import path, register_converter

from recovery import views
from recovery.steps import Step


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
    path("", views.journey_list, name="journey_list"),
    path("log-rejection/", views.log_rejection, name="log_rejection"),
    path("applications/<int:pk>/turned-down/", views.turned_down, name="turned_down"),
    path("journeys/<int:pk>/", views.journey_resume, name="journey_resume"),
    path("journeys/<int:pk>/summary/", views.journey_summary, name="journey_summary"),
    path("journeys/<int:pk>/finish/", views.journey_finish, name="journey_finish"),
    # Any step.
    path("journeys/<int:pk>/step/<step:step>/", views.journey_step, name="journey_step"),
    path("journeys/<int:pk>/step/<step:step>/ending/", views.journey_ending, name="journey_ending"),
    path("journeys/<int:pk>/step/<step:step>/complete/", views.step_complete, name="step_complete"),
    path("journeys/<int:pk>/step/<step:step>/skip/", views.step_skip, name="step_skip"),
    path("journeys/<int:pk>/step/<step:step>/reopen/", views.step_reopen, name="step_reopen"),
    path("journeys/<int:pk>/step/<step:step>/actions/", views.action_add, name="action_add"),
    path("journeys/<int:pk>/step/<step:step>/actions/<int:action>/", views.action_done, name="action_done"),
    # Step 1.
    path("journeys/<int:pk>/request/", views.request_sent, name="request_sent"),
    path("journeys/<int:pk>/feedback/", views.feedback_record, name="feedback_record"),
    # Step 2.
    path("journeys/<int:pk>/lessons/", views.lesson_add, name="lesson_add"),
    path("journeys/<int:pk>/lessons/<int:lesson>/remove/", views.lesson_remove, name="lesson_remove"),
    path("journeys/<int:pk>/what-ifs/", views.what_if_add, name="what_if_add"),
    path("journeys/<int:pk>/what-ifs/<int:what_if>/release/", views.what_if_release, name="what_if_release"),
    path("journeys/<int:pk>/reset/", views.reset_done, name="reset_done"),
    path("journeys/<int:pk>/stay-connected/", views.connect_add, name="connect_add"),
    path("journeys/<int:pk>/stay-connected/<int:row>/remove/", views.connect_remove, name="connect_remove"),
    path("journeys/<int:pk>/close-chapter/", views.chapter_close, name="chapter_close"),
    # Step 3.
    path("journeys/<int:pk>/mood/", views.journey_mood, name="journey_mood"),
    path("journeys/<int:pk>/wins/", views.win_add, name="win_add"),
    # Step 4.
    path("journeys/<int:pk>/plan/", views.journey_plan, name="journey_plan"),
    # The week, outside any one journey.
    path("week/", views.week, name="week"),
    path("week/plan/", views.week_plan, name="week_plan"),
    path("habits/mark/", views.habit_mark, name="habit_mark"),
    path("week/log/", views.week_log, name="week_log"),
    path("week/contacts/<int:pk>/reached/", views.contact_reached, name="contact_reached"),
    path("mood/", views.mood_check_in, name="mood_check_in"),
]
