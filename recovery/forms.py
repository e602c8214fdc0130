"""The walkthrough's forms. Each has a prefix, so several can share one page without clashing ids;
querysets are always limited to the signed-in person's own rows."""

from datetime import timedelta

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F

from jobhunt import pickers
from jobhunt.models import Contact, Status
from recovery.endings import Ending
from recovery.models import MAX_WEEKLY_TARGET, RECONNECT_AFTER_DAYS, DecidingFactor, Mood, ResetActivity
from recovery.selectors import application_people
from recovery.steps import SkipReason


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class Form(forms.Form):
    """Crispy renders the fields; the templates write the <form> tag and its action.

    Built for the person (`user`), or for one of their journeys (`journey`, whose person it is).
    """

    def __init__(self, *args, user=None, journey=None, **kwargs):
        self.journey = journey
        self.user = user if user is not None else journey.user
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False

    @property
    def today(self):
        return self.user.local_today()

    def _not_in_future(self, field):
        value = self.cleaned_data.get(field)
        if value and value > self.today:
            raise ValidationError("That day hasn't come yet.")
        return value


def _people_met(field, application) -> None:
    """A select of the people met in this process: only they can be picked."""
    field.queryset = application_people(application)


def offer_people(field, people) -> None:
    """List `people` (already read: recovery.selectors.people_met) in a select of the people met,
    instead of reading them again as the select is written."""
    field.choices = [("", field.empty_label), *((person.pk, field.label_from_instance(person)) for person in people)]


class EndingForm(Form):
    prefix = "ending"
    ending = forms.ChoiceField(label="How it ended", choices=Ending.choices)


class FeedbackRequestForm(Form):
    prefix = "request"
    contact = forms.ModelChoiceField(
        label="Sent to", queryset=Contact.objects.none(), required=False, empty_label="Someone not in my contacts"
    )
    message = forms.CharField(label="Your message", widget=forms.Textarea(attrs={"rows": 10}), max_length=5000)
    sent_on = forms.DateField(label="Sent on", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _people_met(self.fields["contact"], self.journey.application)
        self.fields["sent_on"].initial = self.today

    def clean_sent_on(self):
        return self._not_in_future("sent_on")


class FeedbackForm(Form):
    prefix = "feedback"
    feedback = forms.CharField(
        label="What they said",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        required=False,
        help_text="Their words, as close as you remember them.",
    )
    received_on = forms.DateField(label="Heard back on", widget=DateInput(), required=False)
    their_perspective = forms.CharField(
        label="How might they have seen it?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text="Sit in their chair for a minute: what were they weighing up?",
    )
    deciding_factors = forms.MultipleChoiceField(
        label="What decided it",
        choices=DecidingFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_received_on(self):
        return self._not_in_future("received_on")


class SkipForm(Form):
    prefix = "skip"
    reason = forms.ChoiceField(label="Why skip it?", choices=SkipReason.choices, widget=forms.RadioSelect)


class ImprovementActionForm(Form):
    prefix = "action"
    title = forms.CharField(label="Something to get better at", max_length=200)
    due_on = forms.DateField(label="By when (optional)", widget=DateInput(), required=False)


class LessonForm(Form):
    prefix = "lesson"
    text = forms.CharField(label="A lesson to keep", max_length=300)


class WhatIfForm(Form):
    prefix = "whatif"
    text = forms.CharField(label="What if…", max_length=500, help_text="Write it down, then let it go.")


class ResetActivityForm(Form):
    prefix = "reset"
    activity = forms.ChoiceField(label="What reset you", choices=ResetActivity.choices, widget=forms.RadioSelect)
    other = forms.CharField(label="Your own", max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("activity") == ResetActivity.OWN and not cleaned.get("other", "").strip():
            self.add_error("other", "Say what you did.")
        return cleaned


class StayConnectedForm(Form):
    prefix = "connect"
    contact = forms.ModelChoiceField(
        label="Someone you met", queryset=Contact.objects.none(), required=False, empty_label="Someone new…"
    )
    name = forms.CharField(label="Or add their name", max_length=200, required=False)
    email = forms.EmailField(label="Their email (optional)", required=False)
    reconnect_on = forms.DateField(label="Reconnect on", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _people_met(self.fields["contact"], self.journey.application)
        self.fields["reconnect_on"].initial = self.today + timedelta(days=RECONNECT_AFTER_DAYS)

    def clean_reconnect_on(self):
        value = self.cleaned_data["reconnect_on"]
        if value < self.today:
            raise ValidationError("Pick a day from today on.")
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("contact") and not cleaned.get("name", "").strip() and "name" not in self.errors:
            self.add_error("name", "Pick someone you met, or give a name.")
        elif cleaned.get("contact") and cleaned.get("name", "").strip():
            self.add_error("name", "Pick someone or add someone new, not both.")
        return cleaned


class MoodForm(Form):
    prefix = "mood"
    mood = forms.TypedChoiceField(
        label="How are you feeling?",
        choices=[(value, f"{value} · {label}") for value, label in Mood.choices],
        coerce=int,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="A few words (optional)", max_length=500, required=False)


class WinForm(Form):
    prefix = "win"
    text = forms.CharField(label="A win, big or small", max_length=300)
    happened_on = forms.DateField(label="When", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = self.today

    def clean_happened_on(self):
        return self._not_in_future("happened_on")


class PlanForm(Form):
    prefix = "plan"
    applications_target = forms.IntegerField(label="Applications", min_value=0, max_value=MAX_WEEKLY_TARGET)
    conversations_target = forms.IntegerField(
        label="Networking conversations", min_value=0, max_value=MAX_WEEKLY_TARGET
    )
    practice_target = forms.IntegerField(
        label="Volunteering or skills practice", min_value=0, max_value=MAX_WEEKLY_TARGET
    )
    contacts = pickers.PeopleField(label="People to reach this week")
    new_people = pickers.someone_else_field()

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.disable_csrf = True  # the template's <form> has its token
        if plan is not None:
            self.initial.setdefault("applications_target", plan.applications_target)
            self.initial.setdefault("conversations_target", plan.conversations_target)
            self.initial.setdefault("practice_target", plan.practice_target)
            self.initial.setdefault("contacts", list(plan.contact_ids))
        else:
            self.initial.setdefault("applications_target", 3)
            self.initial.setdefault("conversations_target", 2)
            self.initial.setdefault("practice_target", 1)
        bound = pickers.posted(self.data, self.add_prefix("contacts")) if self.is_bound else None
        chosen = bound if bound is not None else self.initial.get("contacts", [])
        # Suggested: the people the person knows best, then those longest without a word.
        suggested = Contact.objects.for_user(self.user).order_by(
            "-relationship_strength", F("last_contacted").asc(nulls_first=True), "name"
        )
        pickers.show_people(self.fields["contacts"], self.user, chosen=chosen, suggested=suggested)
        self.fields["new_people"].widget.people_field = self.add_prefix("contacts")


class FinishForm(Form):
    prefix = "finish"
    summary = forms.CharField(
        label="What this one taught you",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="A line or two for your future self. It stays in your archive.",
    )


class RejectionLogForm(Form):
    prefix = "log"
    company_name = forms.CharField(label="Company", max_length=200)
    role_title = forms.CharField(label="Role", max_length=200)
    stage = forms.ChoiceField(
        label="How far it got",
        choices=[
            (Status.APPLIED.value, "I applied, nothing more"),
            (Status.SCREENING.value, "A first call or screening"),
            (Status.INTERVIEWING.value, "Interviews"),
            (Status.OFFER.value, "The final round or an offer"),
        ],
        initial=Status.APPLIED,
    )
    note = forms.CharField(label="Anything to remember (optional)", max_length=500, required=False)
