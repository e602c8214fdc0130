"""The upload form of the CV and cover-letter versions: the file is checked by its content
(jobhunt.documents), never by its name or the type the browser gave."""

from crispy_forms.helper import FormHelper
from django import forms

from jobhunt import documents
from jobhunt.models import MAX_DOCUMENT_BYTES, Document

ACCEPT = (
    ".pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain"
)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="What it is", choices=Document.Kind.choices, initial=Document.Kind.CV)
    name = forms.CharField(
        label="A name for this version",
        max_length=200,
        required=False,
        help_text="e.g. “CV – data roles, Nov”. Left empty, the file's own name is used.",
    )
    file = forms.FileField(
        label="The file",
        help_text=f"A PDF, a Word document (.docx) or plain text, up to {documents.MEGABYTES} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "Choose the file to keep.", "empty": documents.EMPTY},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Django's handlers already know the size: a file over the limit is refused unread.
        if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(documents.too_big_message(upload.size))
        try:
            documents.document_type(documents.read_upload(upload), upload.name or "")
        except documents.DocumentRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return upload
