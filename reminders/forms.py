from django import forms

from reminders import registry
from reminders.services import MAX_PAUSE_DAYS


class PreferencesForm(forms.Form):
    reminders_enabled = forms.BooleanField(label="Send me reminder emails", required=False)
    reminders_bundled = forms.BooleanField(
        label="Everything due on a day in one email",
        required=False,
        help_text="One email at your reminder hour, the most pressing first. Untick to get each reminder on its own.",
    )
    kinds = forms.MultipleChoiceField(
        label="The reminders I want",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick the ones you would rather not get.",
    )

    def __init__(self, *args, user, **kwargs):
        kinds = registry.all_kinds()
        muted = set(user.muted_reminder_kinds or [])
        kwargs.setdefault(
            "initial",
            {
                "reminders_enabled": user.reminders_enabled,
                "reminders_bundled": user.reminders_bundled,
                "kinds": [k.name for k in kinds if k.name not in muted],
            },
        )
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kinds"].choices = [(kind.name, kind.label) for kind in kinds]

    def muted_kinds(self) -> list[str]:
        """Every known kind left unticked, plus names muted earlier that no app declares today."""
        wanted = set(self.cleaned_data["kinds"])
        known = {name for name, _ in self.fields["kinds"].choices}
        earlier = {name for name in self.user.muted_reminder_kinds or [] if name not in known}
        return sorted((known - wanted) | earlier)


class PauseForm(forms.Form):
    days = forms.IntegerField(
        label="Pause every reminder for",
        min_value=1,
        max_value=MAX_PAUSE_DAYS,
        initial=7,
        help_text=f"Days, 1 to {MAX_PAUSE_DAYS}. Nothing is lost: appointments wait until you are back.",
    )
