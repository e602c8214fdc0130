"""Connecting a mailbox, and picking the application a suggestion is about."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms

from inbox.imap import Security
from inbox.models import Mailbox
from inbox.services import MailboxDetails


class MailboxForm(forms.Form):
    host = forms.CharField(
        label="IMAP server",
        max_length=255,
        help_text="Gmail: imap.gmail.com · Outlook: outlook.office365.com · Fastmail: imap.fastmail.com",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}),
    )
    port = forms.IntegerField(label="Port", min_value=1, max_value=65535, initial=993)
    security = forms.ChoiceField(
        label="Security", choices=Mailbox._meta.get_field("security").choices, initial=Security.TLS.value
    )
    username = forms.CharField(
        label="Username",
        max_length=255,
        help_text="Usually your whole email address.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label="App password",
        max_length=500,
        strip=False,
        help_text="A password made for Rebound in your email account's security settings, not your usual one.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    folder = forms.CharField(label="Folder to watch", max_length=255, initial="INBOX")
    look_back = forms.BooleanField(
        label="Also look at the last 30 days, once",
        required=False,
        help_text="Otherwise only mail that arrives from now on is read.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("host", css_class="col-md-6"),
                Column("port", css_class="col-6 col-md-2"),
                Column("security", css_class="col-6 col-md-4"),
            ),
            Row(Column("username", css_class="col-md-6"), Column("password", css_class="col-md-6")),
            Row(Column("folder", css_class="col-md-6")),
            "look_back",
        )

    def clean_host(self):
        host = self.cleaned_data["host"].strip().lower()
        if any(character in host for character in "/:@ ") or not host:
            raise forms.ValidationError("Just the server's name, e.g. imap.gmail.com (no https:// or port).")
        return host

    def clean_folder(self):
        folder = self.cleaned_data["folder"].strip()
        if not folder or any(ord(character) < 32 for character in folder):
            raise forms.ValidationError("Type the folder's name as your email app shows it, e.g. INBOX.")
        return folder

    def details(self) -> MailboxDetails:
        data = self.cleaned_data
        return MailboxDetails(
            host=data["host"],
            port=data["port"],
            security=data["security"],
            username=data["username"].strip(),
            password=data["password"],
            folder=data["folder"],
        )


class PickApplicationForm(forms.Form):
    """Left empty, the suggestion is confirmed as it stands: its own application, or, for a note
    that they applied, a new one (the dashboard's one-click Confirm posts nothing else)."""

    application = forms.ModelChoiceField(
        label="The application it is about",
        queryset=None,
        required=False,
        error_messages={"invalid_choice": "Pick one of your applications."},
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda application: (
            f"{application.role_title} at {application.company.name} ({application.get_status_display()})"
        )
