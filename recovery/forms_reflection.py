"""The forms of the note to the future self and of step 3's story (see recovery.models.reflection)."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import Layout
from django import forms

from recovery.forms import Form
from recovery.models import NOTE_MAX_LENGTH, STORY_MAX_LENGTH, Story, StoryAnswer
from recovery.selectors import story_for


class NoteToFutureSelfForm(Form):
    prefix = "note"
    text = forms.CharField(
        label="A sentence for your future self, for the day a “no” arrives",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What would you like to hear that day? Rebound shows it back to you then, and to nobody else.",
    )


def _answer(question: str, other_side: str) -> forms.ChoiceField:
    """One of the three questions about the story: yes, partly or no, and the other side to weigh."""
    return forms.ChoiceField(
        label=question, choices=StoryAnswer.choices, required=False, widget=forms.RadioSelect, help_text=other_side
    )


class StoryForm(Form):
    prefix = "story"
    explanation = forms.CharField(
        label="The story you're telling yourself about this “no”",
        max_length=STORY_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Write it the way it sounds in your head, however harsh. Only you see it.",
    )
    all_about_me = _answer(
        "Is it all about me?", "Or did things you couldn't see play a part: other candidates, budgets, timing?"
    )
    always = _answer(
        "Will it always be so?", "Or is this one moment in one search, which can go differently next time?"
    )
    everything = _answer(
        "Does it spoil everything?",
        "Or is it about this one role, with your skills, people and plans still where they were?",
    )
    fairer_version = forms.CharField(
        label="A fairer version",
        max_length=STORY_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Tell it again the way a friend who knew all the facts would tell it.",
    )

    @classmethod
    def for_journey(cls, journey) -> "StoryForm":
        """The form as the step page offers it: filled with the story kept so far, if any."""
        story = story_for(journey)
        fields = ("explanation", *Story.QUESTIONS, "fairer_version")
        return cls(journey=journey, initial={name: getattr(story, name) for name in fields} if story else {})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.disable_csrf = True  # the template's <form> has its token
        self.helper.layout = Layout(
            "explanation",
            InlineRadios("all_about_me"),
            InlineRadios("always"),
            InlineRadios("everything"),
            "fairer_version",
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(str(value).strip() for value in cleaned.values()):
            raise forms.ValidationError("Write the story, or answer one of the questions, before saving.")
        return cleaned
