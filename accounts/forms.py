from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core import validators

from accounts.models import Theme, User, Weekday, time_zone_choices
from accounts.services import PROTECTION_DAYS

GHOSTING_DAYS_MIN, GHOSTING_DAYS_MAX = 3, 180
REMINDER_HOURS = [(hour, f"{hour:02d}:00") for hour in range(8, 21)]


def _time_zone_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label="Time zone", choices=time_zone_choices, initial="UTC", **kwargs)


class SignUpForm(forms.Form):
    email = forms.EmailField(label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    display_name = forms.CharField(
        label="What should we call you?",
        max_length=User._meta.get_field("display_name").max_length,
        required=False,
        help_text="Optional. A first name or nickname is plenty.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    time_zone = _time_zone_field(help_text="Reminders arrive at a sensible hour where you are.")
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # static/js/timezone.js swaps UTC for the browser's zone, on a fresh form only:
            # a form sent back with errors keeps what the person chose.
            self.fields["time_zone"].widget.attrs["data-detect-timezone"] = ""

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "There's already an account with this email. Log in, or reset your password if it slipped away.",
                code="email_taken",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", forms.ValidationError("The two passwords don't match.", code="mismatch"))
        elif password1:
            # An unsaved user lets the similarity check compare the password with the email and name.
            candidate = User(email=cleaned.get("email", ""), display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form (it posts `username` and `password`), worded for an email login."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password don't match an account. Check for a typo, or reset your password.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["username"]
        # Django sets the length but adds no check for it: a longer "address" would reach the
        # login trail, whose column refuses it (a 500 on PostgreSQL).
        email.validators.append(validators.MaxLengthValidator(email.max_length))
        email.label = "Email"
        email.widget.input_type = "email"
        email.widget.attrs["autocomplete"] = "email"


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label="Display name",
        max_length=User._meta.get_field("display_name").max_length,
        required=False,
        help_text="How Rebound greets you. Leave it empty to use the start of your email.",
    )
    time_zone = _time_zone_field(help_text="Dates, times and reminder emails follow this zone.")
    ghosting_days = forms.IntegerField(
        label="Count an application as ghosted after",
        min_value=GHOSTING_DAYS_MIN,
        max_value=GHOSTING_DAYS_MAX,
        help_text=f"Days without any answer ({GHOSTING_DAYS_MIN}–{GHOSTING_DAYS_MAX}). Three weeks is a fair default.",
    )
    reminder_hour = forms.TypedChoiceField(
        label="Send reminder emails at",
        choices=REMINDER_HOURS,
        coerce=int,
        help_text="Your local time, 08:00 to 20:00: nothing is sent at night.",
    )
    weekly_plan_day = forms.TypedChoiceField(
        label="Weekly plan email on",
        choices=Weekday.choices,
        coerce=int,
    )
    theme = forms.ChoiceField(
        label="Appearance",
        choices=Theme.choices,
        widget=forms.RadioSelect,
        required=False,  # left out (an older page's form): the appearance stays as it is
        help_text="Light or dark, or the same as your phone or computer.",
    )

    @classmethod
    def for_user(cls, user, data=None):
        initial = {name: getattr(user, name) for name in cls.base_fields}
        return cls(data=data, initial=initial)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="So nobody else can do this from a computer you left signed in.",
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That's not your current password.", code="password_incorrect")
        return password


class ProtectionForm(forms.Form):
    days = forms.TypedChoiceField(
        label="For how long",
        coerce=int,
        choices=[(days, f"{days} days") for days in PROTECTION_DAYS],
        initial=7,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": "Pick one of the lengths offered.", "required": "Pick how long."},
    )
