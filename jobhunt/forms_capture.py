"""The forms that read a posting into a new application: its link, its pasted text, and what the
bookmarklet read in the person's browser. None saves anything; they prefill ApplicationForm."""

from django import forms

from jobhunt import capture


class LinkForm(forms.Form):
    url = forms.CharField(
        label="The posting's link",
        max_length=1000,
        # Text, not type=url: "boards.example/jobs/7", as copied from an address bar, is fine too.
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://…", "autocomplete": "off"}),
        error_messages={
            "required": "Paste the link to the job posting.",
            "max_length": "That link is too long to read.",
        },
    )

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        # "boards.example/jobs/7", as people copy it from the address bar: a web address all the same.
        if "://" not in url and "." in url.split("/", 1)[0]:
            url = f"https://{url}"
        return url


class PostingTextForm(forms.Form):
    text = forms.CharField(
        label="The posting's text",
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "Copy the whole posting from its page, paste it here."}),
        error_messages={"required": "Paste the posting's text first.", "max_length": "That is more than a posting."},
    )


class PageText(forms.CharField):
    """Text a page sent: whatever it holds is read, never refused (NUL characters dropped)."""

    def __init__(self):
        super().__init__(required=False, strip=False)
        self.validators = []

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


class BrowserReadForm(forms.Form):
    """What the bookmarklet sends: long parts are cut to size, never refused (it is the page's
    markup, not the person's typing)."""

    url = PageText()
    title = PageText()
    selection = PageText()
    jsonld = PageText()
    tags = PageText()

    def posting_parts(self) -> dict:
        data = self.cleaned_data
        return {
            "url": capture.web_address(data["url"][:2000]),
            "title": data["title"][:1000],
            "selection": data["selection"][: capture.MAX_SELECTION_CHARS],
            "jsonld": capture.jsonld_blocks(data["jsonld"][: capture.MAX_JSONLD_CHARS]),
            "tags": capture.page_tags(data["tags"][:50_000]),
        }
