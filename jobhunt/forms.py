"""Forms of the pipeline. Every choice of company or contact is limited to the person's own rows."""

import html

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from jobhunt.models import Application, Company, Contact, Interview, Status
from jobhunt.selectors import SORTS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
ONE_TO_FIVE = [(n, str(n)) for n in range(1, 6)]
PICK_SEVERAL = "Hold Ctrl (or ⌘ on a Mac) to pick more than one."


def _attrs(attrs: dict):
    """name="value" pairs as django/forms/widgets/attrs.html writes them (True: the bare name)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickSelect(forms.Select):
    """Django's Select, the same HTML, written out in Python instead of two templates per option:
    a select of two thousand companies otherwise takes longer than the rest of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(iter(self.choices))  # iter(): list() would ask a ModelChoiceIterator for a COUNT first
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups: Django's own way
        chosen, options, has_selected = self.format_value(value), [], False
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            # As Select.optgroups: a single select marks only the first match.
            selected = (not has_selected or self.allow_multiple_selected) and option_value in chosen
            has_selected |= selected
            # html.escape is what django.utils.html.escape runs, without its per-call lazy-text check
            # (format_html per option costs ten times as much).
            options.append(
                f'\n  <option value="{html.escape(option_value)}"{" selected" if selected else ""}>'
                f"{html.escape(str(label))}</option>\n"
            )
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        # Every value and label was escaped above.
        return format_html('<select name="{}"{}>{}\n</select>', name, _attrs(attrs), SafeString("".join(options)))


class NamedChoiceIterator(forms.models.ModelChoiceIterator):
    """(pk, name) rows straight from the database: no model instance per choice."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class NamedChoiceField(forms.ModelChoiceField):
    """A choice of the person's own rows labelled by their `name`, for long lists (companies)."""

    widget = QuickSelect
    iterator = NamedChoiceIterator


class ContactsField(forms.ModelMultipleChoiceField):
    """Pick several contacts. An id no database row can have is an unknown choice like any other:
    Django checks the ids with one `IN` query, which SQLite can't even bind past 64 bits (a 500)."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            for pk in value:
                if _past_64_bits(pk):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super().clean(value)


def _past_64_bits(value) -> bool:
    try:
        return not -(2**63) <= int(str(value)) < 2**63
    except ValueError:
        return False  # not a number at all: Django's own check says so


def _formfield(model_field, **kwargs):
    # A web address typed without a scheme ("acme.example/jobs") is read as https.
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(model_field, models.ManyToManyField):
        kwargs["form_class"] = ContactsField
    return model_field.formfield(**kwargs)


class OwnedForm(forms.ModelForm):
    """A model form for `user`: its choice fields offer only that person's companies and contacts."""

    class Meta:
        formfield_callback = _formfield

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "company" in self.fields:
            self.fields["company"].queryset = Company.objects.for_user(user)
        if "contacts" in self.fields:
            self.fields["contacts"].queryset = Contact.objects.for_user(user).select_related("company")
            self.fields["contacts"].label_from_instance = _contact_label
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def _contact_label(contact):
    return f"{contact.name} ({contact.company.name})" if contact.company else contact.name


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
    """Create or edit an application. The status changes only through a move, so editing has no
    status field; creating may set the starting stage."""

    new_company = forms.CharField(
        label="…or a new company",
        max_length=200,
        required=False,
        help_text="Not in the list yet? Type its name and it will be added.",
    )

    class Meta(OwnedForm.Meta):
        model = Application
        fields = [
            "company",
            "new_company",
            "role_title",
            "status",
            "date_applied",
            "job_url",
            "location",
            "source",
            "salary",
            "interest",
            "next_step",
            "next_step_date",
            "contacts",
            "notes",
        ]
        widgets = {
            "date_applied": DATE,
            "next_step_date": DATE,
            "interest": forms.Select(choices=ONE_TO_FIVE),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "contacts": forms.SelectMultiple(attrs={"size": 5}),
        }
        labels = {"status": "Stage", "next_step": "Next step", "contacts": "People involved"}
        help_texts = {
            "status": "Where it stands today. Later changes are moves, so they show on the timeline.",
            "date_applied": "Left empty, it is today (unless the job is only saved).",
            "next_step": "e.g. “Send portfolio to the hiring manager”.",
            "contacts": PICK_SEVERAL,
        }

    def __init__(self, *args, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].required = False
        self.fields["company"].empty_label = "Pick a company"
        if not creating:
            del self.fields["status"]
            del self.fields["new_company"]
        self.helper.layout = Layout(
            Row(Column("company", css_class="col-md-6"), Column("new_company", css_class="col-md-6"))
            if creating
            else "company",
            "role_title",
            Row(Column("status", css_class="col-md-6"), Column("date_applied", css_class="col-md-6"))
            if creating
            else "date_applied",
            Row(Column("job_url", css_class="col-md-7"), Column("location", css_class="col-md-5")),
            Row(
                Column("source", css_class="col-md-4"),
                Column("salary", css_class="col-md-4"),
                Column("interest", css_class="col-md-4"),
            ),
            Row(Column("next_step", css_class="col-md-8"), Column("next_step_date", css_class="col-md-4")),
            "contacts",
            "notes",
        )

    def clean(self):
        cleaned = super().clean()
        if "new_company" in self.fields:
            if cleaned.get("new_company", "").strip():
                cleaned["company"] = None
            elif not cleaned.get("company") and "company" not in self.errors:
                self.add_error("company", "Pick a company, or type a new one below.")
        elif not cleaned.get("company") and "company" not in self.errors:
            self.add_error("company", "Pick a company.")
        return cleaned

    def details(self) -> dict:
        """The fields to hand to the service, without company, contacts and status."""
        skip = {"company", "new_company", "contacts", "status"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}


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
    class Meta(OwnedForm.Meta):
        model = Contact
        fields = [
            "name",
            "role",
            "company",
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
        fields = ["scheduled_at", "kind", "contacts", "outcome", "notes"]
        widgets = {
            "scheduled_at": DATETIME,
            "notes": forms.Textarea(attrs={"rows": 5}),
            "contacts": forms.SelectMultiple(attrs={"size": 5}),
        }
        labels = {"kind": "Type of interview"}
        help_texts = {
            "scheduled_at": "In your own time zone.",
            "notes": "Questions asked, what went well, what to prepare next time.",
            "contacts": PICK_SEVERAL,
        }


class ApplicationFilterForm(forms.Form):
    """The list's filters. A bad value is reported on its field and otherwise ignored."""

    q = forms.CharField(label="Search", max_length=200, required=False)
    status = forms.ChoiceField(label="Stage", required=False)
    company = NamedChoiceField(label="Company", queryset=Company.objects.none(), required=False)
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=[(key, label) for key, (label, _) in SORTS.items()]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any stage"), *Status.choices]
        self.fields["company"].queryset = Company.objects.for_user(user)
        self.fields["company"].empty_label = "Any company"

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
