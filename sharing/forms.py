from crispy_forms.helper import FormHelper
from django import forms

from sharing.models import SHARE_LINK_DAYS


class ShareLinkForm(forms.Form):
    label = forms.CharField(
        label="Who it's for",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "For my career coach"}),
        help_text="Only you see this name. It helps you tell your links apart.",
    )
    days = forms.TypedChoiceField(
        label="Open for",
        choices=[(days, f"{days} days") for days in SHARE_LINK_DAYS],
        coerce=int,
        initial=30,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
