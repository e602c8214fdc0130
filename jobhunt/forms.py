"""Forms of the pipeline. Every choice of company or contact is limited to the person's own rows."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from jobhunt import pickers
from jobhunt.models import Application, Company, Contact, Document, HowApplied, Interview, Status
from jobhunt.salary import PayPeriod
from jobhunt.selectors import SORTS
from jobhunt.selectors.lists import COMPANY_SORTS, CONTACT_SORTS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
ONE_TO_FIVE = [(n, str(n)) for n in range(1, 6)]
# A currency's three-letter code, in capitals as typed in lower case.
CURRENCY = forms.TextInput(attrs={"maxlength": 3, "autocapitalize": "characters", "placeholder": "EUR", "size": 4})


# Under the company typed on a new application: what the person's history there suggests
# (jobhunt.views_companies), asked as they type. Beside the field, not on it: the field's own
# hx-get brings the names that match.
COMPANY_MEMORY_HINT = (
    '<div id="company-memory-hint" aria-live="polite" hx-get="{% url \'jobhunt:company_memory_hint\' %}" '
    'hx-trigger="{% if form.company_name.value %}load, {% endif %}change from:#id_company_name, '
    'keyup changed delay:400ms from:#id_company_name" hx-include="#id_company_name" hx-target="this" '
    'hx-sync="this:replace"></div>'
)


class AmountInput(forms.NumberInput):
    """An amount as people write it: 60000 and 27.5, not 60000.00."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            written = format(value, "f")
            return written.rstrip("0").rstrip(".") if "." in written else written
        return super().format_value(value)


def _formfield(model_field, **kwargs):
    # A web address typed without a scheme ("acme.example/jobs") is read as https.
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(model_field, models.ManyToManyField):
        kwargs["form_class"] = pickers.PeopleField
        kwargs["widget"] = pickers.PeoplePicker
    return model_field.formfield(**kwargs)


class OwnedForm(forms.ModelForm):
    """A model form for `user`: a company is typed by name (matched or added among the person's
    own), people are picked from the person's own contacts (see jobhunt.pickers)."""

    class Meta:
        formfield_callback = _formfield

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "company_name" in self.fields and self.instance.company_id:
            self.fields["company_name"].initial = self.instance.company.name
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def show_people(self, *, suggested) -> None:
        """The people field shows who is picked (as saved, or as just posted) and `suggested`."""
        field = self.fields["contacts"]
        if self.is_bound:
            chosen = pickers.posted(self.data, self.add_prefix("contacts"))
        else:
            chosen = self.initial.get("contacts") or (
                [contact.pk for contact in self.instance.contacts.all()] if self.instance.pk else []
            )
            chosen = [getattr(pk, "pk", pk) for pk in chosen]
        pickers.show_people(field, self.user, chosen=chosen, suggested=suggested)
        self.fields["new_people"].widget.people_field = self.add_prefix("contacts")

    def company_name(self) -> str:
        return self.cleaned_data.get("company_name", "").strip()


class CompanyForm(OwnedForm):
    class Meta(OwnedForm.Meta):
        model = Company
        fields = ["name", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"website": "The careers page is often the most useful link."}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Company.objects.for_user(self.user).filter(name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("You already have a company called “%(name)s”.", params={"name": name})
        return name


class ApplicationForm(OwnedForm):
    """Create or edit an application, in sections: the job, pay, what I sent, what's next, the
    posting. The status changes only through a move, so editing has no status field; creating may
    set the starting stage."""

    company_name = pickers.company_name_field()
    new_people = pickers.someone_else_field()

    class Meta(OwnedForm.Meta):
        model = Application
        fields = [
            "company_name",
            "role_title",
            "status",
            "date_applied",
            "job_url",
            "location",
            "workplace",
            "employment_type",
            "date_posted",
            "closes_on",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "asked_salary",
            "asked_currency",
            "asked_period",
            "offered_salary",
            "offered_currency",
            "offered_period",
            "applied_how",
            "cv",
            "cover_letter",
            "source",
            "interest",
            "learning_goal",
            "next_step",
            "next_step_date",
            "contacts",
            "new_people",
            "description",
            "notes",
        ]
        widgets = {
            "date_applied": DATE,
            "date_posted": DATE,
            "closes_on": DATE,
            "next_step_date": DATE,
            "interest": forms.Select(choices=ONE_TO_FIVE),
            "description": forms.Textarea(attrs={"rows": 6}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            **dict.fromkeys(("salary_currency", "asked_currency", "offered_currency"), CURRENCY),
            **dict.fromkeys(
                ("salary_min", "salary_max", "asked_salary", "offered_salary"), AmountInput(attrs={"step": "any"})
            ),
        }
        labels = {"status": "Stage", "next_step": "Next step", "contacts": "People involved"}
        help_texts = {
            "status": "Where it stands today. Later changes are moves, so they show on the timeline.",
            "date_applied": "Left empty, it is today (unless the job is only saved).",
            "closes_on": "For a saved job: a reminder comes two days before.",
            "next_step": "e.g. “Send portfolio to the hiring manager”.",
            "description": "Kept with the application, so you can read it again once the posting is gone.",
            "learning_goal": "e.g. “how a product team runs its interviews”. Whatever the answer, you'll come "
            "back to it.",
        }

    def __init__(self, *args, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["status"]
        # Left out (an older page's form, a test): online, as most applications go.
        self.fields["applied_how"].required = False
        documents = Document.objects.for_user(self.user)
        self.fields["cv"].queryset = documents.filter(kind=Document.Kind.CV)
        self.fields["cover_letter"].queryset = documents.filter(kind=Document.Kind.COVER_LETTER)
        for name in ("cv", "cover_letter"):
            self.fields[name].empty_label = "None recorded"
        for name in ("salary_period", "asked_period", "offered_period"):
            self.fields[name].choices = [("", "Not said"), *PayPeriod.choices]
        self.fields["cv"].help_text = format_html(
            'Your versions are kept under <a href="{}">CVs and cover letters</a>.', reverse("jobhunt:document_list")
        )
        # Suggested: the people at this company, then the ones most recently in touch.
        company = self.instance.company if self.instance.company_id else None
        suggested = Contact.objects.for_user(self.user)
        suggested = suggested.filter(company=company) if company else suggested.order_by("-last_contacted", "name")
        self.show_people(suggested=suggested.order_by("name") if company else suggested)
        self.helper.layout = Layout(
            Fieldset(
                "The job",
                Row(
                    Column("company_name", HTML(COMPANY_MEMORY_HINT) if creating else HTML(""), css_class="col-md-6"),
                    Column("role_title", css_class="col-md-6"),
                ),
                Row(Column("status", css_class="col-md-6"), Column("date_applied", css_class="col-md-6"))
                if creating
                else "date_applied",
                Row(Column("job_url", css_class="col-md-7"), Column("location", css_class="col-md-5")),
                Row(
                    Column("workplace", css_class="col-6 col-md-3"),
                    Column("employment_type", css_class="col-6 col-md-3"),
                    Column("date_posted", css_class="col-6 col-md-3"),
                    Column("closes_on", css_class="col-6 col-md-3"),
                ),
            ),
            Fieldset(
                "Pay",
                *(
                    Row(
                        Column(amount, css_class="col-6 col-md-3"),
                        Column(second, css_class="col-6 col-md-3") if second else HTML(""),
                        Column(currency, css_class="col-6 col-md-3"),
                        Column(period, css_class="col-6 col-md-3"),
                    )
                    for amount, second, currency, period in PAY_ROWS
                ),
            ),
            Fieldset(
                "What I sent",
                Row(
                    Column("applied_how", css_class="col-md-4"),
                    Column("cv", css_class="col-md-4"),
                    Column("cover_letter", css_class="col-md-4"),
                ),
            ),
            Fieldset(
                "What's next",
                Row(Column("source", css_class="col-md-6"), Column("interest", css_class="col-md-6")),
                "learning_goal",
                Row(Column("next_step", css_class="col-md-8"), Column("next_step_date", css_class="col-md-4")),
                "contacts",
                "new_people",
            ),
            Fieldset("The posting and my notes", "description", "notes"),
        )

    def clean_company_name(self):
        return _not_blank(self.cleaned_data["company_name"])

    def clean_applied_how(self):
        return self.cleaned_data.get("applied_how") or HowApplied.ONLINE

    def clean_salary_currency(self):
        return self.cleaned_data.get("salary_currency", "").strip().upper()

    def clean_asked_currency(self):
        return self.cleaned_data.get("asked_currency", "").strip().upper()

    def clean_offered_currency(self):
        return self.cleaned_data.get("offered_currency", "").strip().upper()

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "This is below where the range starts.")
        return cleaned

    def details(self) -> dict:
        """The fields to hand to the service, without company, people and status."""
        skip = {"company_name", "contacts", "new_people", "status"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}


# The pay section's rows: (amount, upper amount, currency, period).
PAY_ROWS = [
    ("salary_min", "salary_max", "salary_currency", "salary_period"),
    ("asked_salary", None, "asked_currency", "asked_period"),
    ("offered_salary", None, "offered_currency", "offered_period"),
]


class QuickAddForm(forms.Form):
    company_name = forms.CharField(label="Company", max_length=200)
    role_title = forms.CharField(label="Role", max_length=200)

    def clean_company_name(self):
        return _not_blank(self.cleaned_data["company_name"])

    def clean_role_title(self):
        return _not_blank(self.cleaned_data["role_title"])


def _not_blank(value: str) -> str:
    value = value.strip()
    if not value:
        raise forms.ValidationError("This field is required.")
    return value


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(
        label="Move to",
        choices=Status.choices,
        error_messages={"invalid_choice": "“%(value)s” is not a stage Rebound knows."},
    )
    note = forms.CharField(label="Note", max_length=500, required=False, help_text="Optional: it goes on the timeline.")


class ContactForm(OwnedForm):
    company_name = pickers.company_name_field(required=False)

    class Meta(OwnedForm.Meta):
        model = Contact
        fields = [
            "name",
            "role",
            "company_name",
            "email",
            "phone",
            "linkedin_url",
            "last_contacted",
            "relationship_strength",
            "notes",
        ]
        widgets = {
            "last_contacted": DATE,
            "relationship_strength": forms.Select(choices=ONE_TO_FIVE),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"relationship_strength": "How well you know each other"}


class InterviewForm(OwnedForm):
    new_people = pickers.someone_else_field("Someone else you met")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.instance.application
        # Suggested: the people of the application, then everyone at its company.
        suggested = Contact.objects.for_user(self.user).filter(
            Q(pk__in=application.contacts.values("pk")) | Q(company_id=application.company_id)
        )
        self.show_people(suggested=suggested.order_by("name"))

    def clean(self):
        cleaned = super().clean()
        interview = self.instance
        if cleaned.get("scheduled_at") and cleaned.get("outcome"):
            interview.scheduled_at, interview.outcome = cleaned["scheduled_at"], cleaned["outcome"]
            if interview.is_planned_on_an_ended_application:
                self.add_error("scheduled_at", Interview.ENDED_APPLICATION)
        return cleaned

    class Meta(OwnedForm.Meta):
        model = Interview
        fields = ["scheduled_at", "kind", "contacts", "new_people", "outcome", "notes"]
        widgets = {
            "scheduled_at": DATETIME,
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"kind": "Type of interview"}
        help_texts = {
            "scheduled_at": "In your own time zone.",
            "notes": "Questions asked, what went well, what to prepare next time.",
        }


class ApplicationFilterForm(forms.Form):
    """The list's filters. A bad value is reported on its field and otherwise ignored."""

    q = forms.CharField(label="Search", max_length=200, required=False, help_text="Role, company, place or notes.")
    status = forms.ChoiceField(label="Stage", required=False)
    # From a company's page ("its applications"): shown as a filter to clear, not as a field.
    company = forms.ModelChoiceField(queryset=Company.objects.none(), required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=[(key, label) for key, (label, _) in SORTS.items()]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any stage"), *Status.choices]
        self.fields["company"].queryset = Company.objects.for_user(user)

    def filters(self) -> dict:
        """The valid filters only (an invalid field is dropped from cleaned_data)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "status": data.get("status") or "",
            "company": data.get("company"),
            "sort": data.get("sort") or "recent",
        }


def _sort_choices(sorts: dict) -> list[tuple[str, str]]:
    return [(key, label) for key, (label, _) in sorts.items()]


class CompanyFilterForm(forms.Form):
    """The companies list's filters. A bad value is reported on its field and otherwise ignored."""

    q = forms.CharField(label="Search", max_length=200, required=False, help_text="Name, website or notes.")
    # A choice rather than a checkbox: the filter bar is built from selects, and a stray value is
    # refused rather than read as "on".
    show = forms.ChoiceField(
        label="Show", required=False, choices=[("", "Every company"), ("live", "Still in play only")]
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=_sort_choices(COMPANY_SORTS))

    def filters(self) -> dict:
        """The valid filters only (an invalid field is dropped from cleaned_data)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "live_only": data.get("show") == "live",
            "sort": data.get("sort") or "name",
        }


class ContactFilterForm(forms.Form):
    """The contacts list's filters. A bad value is reported on its field and otherwise ignored."""

    q = forms.CharField(label="Search", max_length=200, required=False, help_text="Name, email, company or notes.")
    role = forms.ChoiceField(label="Role", required=False, choices=[("", "Any role"), *Contact.Role.choices])
    sort = forms.ChoiceField(label="Sort by", required=False, choices=_sort_choices(CONTACT_SORTS))

    def filters(self) -> dict:
        """The valid filters only (an invalid field is dropped from cleaned_data)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "role": data.get("role") or "",
            "sort": data.get("sort") or "name",
        }
