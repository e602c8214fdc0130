"""Step 2's private writing: saving the day's text (a plain POST, or htmx as the person types) and
deleting a day's writing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from recovery import services
from recovery.forms_writing import WritingForm
from recovery.models import WritingSession
from recovery.steps import Step
from recovery.views.common import add_errors, journey_view
from recovery.views.journeys import render_step

STATUS = "recovery/_writing_status.html"


@journey_view("POST")
def writing_save(request, journey):
    """Save today's writing. Typed-as-you-go saves (htmx) get a one-line status back; the Save
    button goes back to the step, or shows it again with the problem and the text as typed."""
    form = WritingForm(request.POST, journey=journey)
    if form.is_valid():
        try:
            session = services.writing_save(journey=journey, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            if request.htmx:
                return render(request, STATUS, {"session": session})
            messages.success(request, "Saved, just for you. Coming back later today carries on from here.")
            return redirect(journey.step_url(Step.CLEAR_HEAD) + "#writing")
    if request.htmx:
        # Nothing saved (an emptied box, say): said quietly, the text in the box stays as it is.
        return render(request, STATUS, {"form": form})
    return render_step(request, journey, Step.CLEAR_HEAD, {"writing": form})


@journey_view("POST", part=("session", WritingSession))
def writing_delete(request, journey, session):
    services.writing_delete(session=session)
    messages.success(
        request,
        f"The writing from {session.written_on:%A} {session.written_on.day} {session.written_on:%B} is deleted.",
    )
    return redirect(journey.step_url(Step.CLEAR_HEAD) + "#writing")
