"""Picking a company or people from lists that can run to thousands, without sending them all.

- A company is one text field: type its name; a list of matches comes from the server as you
  type (htmx fills the field's <datalist>), and on saving the name is matched (any case) or the
  company is created. Without JavaScript it is a plain text field, and works the same.
- People are the ones already chosen (ticked), a few suggestions, and a "someone else" field:
  typing there brings matching contacts to tick (htmx), and a name typed and saved is matched
  among the person's contacts or added to them. Without JavaScript the typed names still work.
"""

import re

from django import forms
from django.urls import reverse_lazy

from jobhunt.models import Contact

SUGGESTED_PEOPLE = 8
# Names typed into "someone else": one per line, or separated by commas or semicolons.
NAME_SEPARATORS = re.compile(r"[,;\n]+")


class CompanyNameInput(forms.TextInput):
    """A text input with the person's matching companies offered as they type."""

    template_name = "jobhunt/widgets/company_name.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = reverse_lazy("jobhunt:company_search")
        return context


def company_name_field(*, required: bool = True, label: str = "Company") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=200,
        required=required,
        widget=CompanyNameInput(attrs={"autocomplete": "off"}),
        help_text="Type to find one of yours; a new name adds the company.",
    )


def contact_label(contact) -> str:
    return f"{contact.name} ({contact.company.name})" if contact.company_id else contact.name


class PeoplePicker(forms.CheckboxSelectMultiple):
    """Checkboxes for the people shown (chosen first, then suggestions); the field's own choices
    are every contact of the person's, so anyone found by the search can be ticked and saved."""

    template_name = "jobhunt/widgets/people_picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.shown: list[tuple[int, str]] = []

    def optgroups(self, name, value, attrs=None):
        self.choices = self.shown
        return super().optgroups(name, value, attrs)


class PeopleField(forms.ModelMultipleChoiceField):
    """Pick several of the person's contacts. An id no database row can have is an unknown choice
    like any other: Django checks the ids with one `IN` query, which SQLite can't even bind past
    64 bits (a 500)."""

    widget = PeoplePicker

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Contact.objects.none())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

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


class SomeoneElseInput(forms.TextInput):
    """Names of people not shown yet; as the person types, matches to tick come from the server."""

    template_name = "jobhunt/widgets/someone_else.html"
    people_field = ""  # the html name of the PeopleField the matches are ticked into

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"] |= {"search_url": reverse_lazy("jobhunt:people_search"), "people_field": self.people_field}
        return context


def someone_else_field(label: str = "Someone else") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=500,
        required=False,
        widget=SomeoneElseInput(attrs={"autocomplete": "off"}),
        help_text="Type a name: matches from your contacts show up to tick, and a new name is added to them.",
    )


def names(text: str) -> list[str]:
    """The names typed into "someone else", in order, each once."""
    found = []
    for name in NAME_SEPARATORS.split(text or ""):
        name = " ".join(name.split())
        if name and name.lower() not in {seen.lower() for seen in found}:
            found.append(name[:200])
    return found


def posted(data, name: str) -> list:
    """The values posted under `name` (a QueryDict's list, or whatever a plain dict holds)."""
    if hasattr(data, "getlist"):
        return data.getlist(name)
    value = data.get(name)
    return list(value) if isinstance(value, list | tuple) else [] if value is None else [value]


def show_people(field: PeopleField, user, *, chosen, suggested) -> None:
    """Set what the picker shows: `chosen` (pks, ticked) first, then up to SUGGESTED_PEOPLE of
    `suggested` (a queryset of the person's contacts). One query."""
    chosen = {int(pk) for pk in chosen if str(pk).isdigit() and not _past_64_bits(pk)}
    field.queryset = Contact.objects.for_user(user)
    suggested_ids = list(suggested.exclude(pk__in=chosen).values_list("pk", flat=True)[:SUGGESTED_PEOPLE])
    people = Contact.objects.for_user(user).filter(pk__in=chosen | set(suggested_ids)).select_related("company")
    by_pk = {person.pk: person for person in people}
    order = sorted(chosen & by_pk.keys(), key=lambda pk: by_pk[pk].name.lower()) + [
        pk for pk in suggested_ids if pk in by_pk
    ]
    field.widget.shown = [(pk, contact_label(by_pk[pk])) for pk in order]
