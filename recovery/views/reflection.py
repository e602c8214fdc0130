"""The note to the future self (the dashboard's card posts here; a small page reads, changes or
deletes it) and step 3's story, saved in place with htmx or as a plain form without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from recovery import selectors, services
from recovery.forms_reflection import NoteToFutureSelfForm, StoryForm
from recovery.steps import Step
from recovery.views.common import add_errors, journey_view, safe_next
from recovery.views.journeys import render_step

# The note to the future self ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def future_self(request):
    """Read, write or change the note. A refused note comes back with its words and the reason."""
    user = request.user
    note = selectors.note_for(user)
    if request.method == "POST":
        form = NoteToFutureSelfForm(request.POST, user=user)
        if form.is_valid():
            try:
                services.note_write(user=user, text=form.cleaned_data["text"])
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Saved. It will be here for you on the day you need it.")
                return HttpResponseRedirect(safe_next(request, reverse("recovery:future_self")))
    else:
        form = NoteToFutureSelfForm(user=user, initial={"text": note.text if note else ""})
    return render(
        request,
        "recovery/future_self.html",
        {"form": form, "note": note, "next": safe_next(request, "")},
    )


@login_required
@require_POST
def future_self_skip(request):
    services.note_skip(user=request.user)
    messages.info(request, "No problem. The card won't come back; you can write one any time from step 3.")
    return HttpResponseRedirect(safe_next(request, reverse("home:dashboard")))


@login_required
@require_POST
def future_self_delete(request):
    services.note_delete(user=request.user)
    messages.success(request, "Deleted. Nothing of it is kept.")
    return HttpResponseRedirect(safe_next(request, reverse("recovery:future_self")))


# Step 3: the story I'm telling myself ------------------------------------------------------------


def _story_section(request, journey, *, form=None, saved=False):
    """The story's section alone, for htmx to put in place of the one on the page."""
    user = request.user
    context = {
        "journey": journey,
        "step_url": journey.step_url(Step.STAY_POSITIVE),
        "forms": {"story": form} if form is not None else {},
        "story_saved": saved,
        **selectors.reflection_for_step(journey, user.local_today()),
    }
    return render(request, "recovery/_story.html", context)


@journey_view("POST")
def story_save(request, journey):
    form = StoryForm(request.POST, journey=journey)
    if form.is_valid():
        try:
            services.story_save(journey=journey, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if request.htmx:
                return _story_section(request, journey, saved=True)
            messages.success(request, "Saved. Come back to it whenever the old story gets loud.")
            return redirect(journey.step_url(Step.STAY_POSITIVE) + "#story")
    if request.htmx:
        return _story_section(request, journey, form=form)
    return render_step(request, journey, Step.STAY_POSITIVE, {form.prefix: form})
