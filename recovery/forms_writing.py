"""The forms of step 2's private writing and step 4's if-then plans (the rest of the walkthrough's
forms are in recovery.forms, whose base they share)."""

from datetime import timedelta

from django import forms

from recovery.forms import Form
from recovery.models import WRITING_MAX_LENGTH, PlanTarget, plan_week_start
from recovery.services.clear_head import WRITING_EMPTY_MESSAGE


class WritingForm(Form):
    prefix = "writing"
    text = forms.CharField(
        label="Your writing",
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "true"}),
        max_length=WRITING_MAX_LENGTH,
        help_text="Only you can see this. Nothing is counted or marked; spelling and order don't matter.",
        error_messages={"required": WRITING_EMPTY_MESSAGE},
    )


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class IfThenForm(Form):
    """When, where and what for one of the week's targets. The days offered are those of the plan's
    week from today on (and the plan's own day, when changing a plan whose day has gone)."""

    prefix = "ifthen"
    target = forms.ChoiceField(label="For", choices=PlanTarget.choices)
    weekday = forms.TypedChoiceField(
        label="On",
        coerce=int,
        error_messages={"invalid_choice": "Pick today or a day still ahead this week."},
    )
    at = forms.TimeField(label="At (optional)", required=False, widget=TimeInput())
    place = forms.CharField(
        label="Where", max_length=120, help_text="Somewhere you can picture: the library, the kitchen table, a café."
    )
    action = forms.CharField(
        label="I'll…", max_length=200, help_text="Small and concrete: “send two applications”, “call Sam”."
    )

    def __init__(self, *args, week_start=None, keep_day=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = self.today
        start = week_start or plan_week_start(self.user, today)
        days = [start + timedelta(days=offset) for offset in range(7)]
        offered = [day for day in days if day >= today or day == keep_day]
        self.fields["weekday"].choices = [
            (day.weekday(), f"Today ({day:%A})" if day == today else f"{day:%A} {day.day} {day:%B}") for day in offered
        ]
