"""Forms of "Import / export" and "Paste an email"."""

from django import forms

from jobhunt import csv_import
from jobhunt.models import Application, Status


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"Up to {csv_import.MAX_BYTES // 1024 // 1024} MB and {csv_import.MAX_ROWS:,} rows, "
        "with the column names on the first line.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.tsv,.txt,text/csv,text/plain"}),
        error_messages={"required": "Choose a CSV file to upload.", "empty": "This file is empty."},
    )

    def __init__(self, *args, too_big: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_big = too_big  # the upload handler stopped reading: the file never arrived whole

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > csv_import.MAX_BYTES:
            raise forms.ValidationError(csv_import.too_big_message(upload.size))
        return upload

    def clean(self):
        if self.too_big:
            self.errors.pop("file", None)
            raise forms.ValidationError(csv_import.too_big_message())
        return super().clean()


DATE_ORDERS = [
    ("", "Work it out from the file"),
    ("dmy", "Day first: 31/12/2025"),
    ("mdy", "Month first: 12/31/2025"),
]


class ColumnsForm(forms.Form):
    """One choice per column of the file: which of Rebound's fields it fills, if any."""

    date_order = forms.ChoiceField(
        label="Dates like 04/03/2025 are written",
        choices=DATE_ORDERS,
        required=False,
        help_text="Only matters for dates that could be read both ways.",
    )

    def __init__(self, *args, header: list[str], samples: list[list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = []
        choices = [("", "Leave out"), *csv_import.FIELDS]
        for index, name in enumerate(header):
            example = next((row[index] for row in samples if index < len(row) and row[index]), "")
            key = f"column_{index}"
            self.fields[key] = forms.ChoiceField(label=name or f"Column {index + 1}", choices=choices, required=False)
            self.columns.append({"field": self[key], "example": example})

    def mapping(self) -> dict[str, str]:
        return {
            key.removeprefix("column_"): value
            for key, value in self.cleaned_data.items()
            if key.startswith("column_") and value
        }

    def clean(self):
        cleaned = super().clean()
        for problem in csv_import.mapping_problems(self.mapping()):
            self.add_error(None, problem)
        return cleaned

    @classmethod
    def initial_for(cls, job) -> dict:
        return {"date_order": job.date_order} | {f"column_{index}": name for index, name in job.mapping.items()}


class EmailForm(forms.Form):
    text = forms.CharField(
        label="The email",
        max_length=50_000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="Paste the whole email, with its From and Subject lines if you can. It isn't stored.",
    )


# The stages an email usually brings news of come first in the choice.
EMAIL_STAGES = [Status.REJECTED, Status.INTERVIEWING, Status.OFFER, Status.SCREENING, Status.GHOSTED]


class EmailConfirmForm(forms.Form):
    """The person's own choice of application and stage; only the person's applications count."""

    application = forms.ModelChoiceField(
        label="Application",
        queryset=Application.objects.none(),
        error_messages={"invalid_choice": "Pick one of your applications."},
    )
    to_status = forms.ChoiceField(
        label="Move it to",
        choices=[("", "Pick a stage")]
        + [(status.value, status.label) for status in EMAIL_STAGES]
        + [choice for choice in Status.choices if choice[0] not in EMAIL_STAGES],
        error_messages={"invalid_choice": "“%(value)s” is not a stage Rebound knows."},
    )
    note = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = Application.objects.for_user(user).select_related("company")
