"""What the walkthrough's forms and buttons do: each validates, calls one service, and goes back
to its step (or shows the step again with the form's errors)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse

from recovery import forms, services
from recovery.models import ImprovementAction, Lesson, StayConnected, WhatIf
from recovery.steps import Step
from recovery.views.common import add_errors, journey_view, safe_next
from recovery.views.journeys import render_step
from recovery.views.week import plan_save


def step_form(form_class, perform, *, step=None, anchor="", success=""):
    """A POST view for one form on a step page. A valid form goes to `perform(request, journey,
    data)`, then back to the step; an invalid one (or one the service refuses) shows the step
    again with its errors. `step` is fixed here, or comes from the URL."""

    @journey_view("POST")
    def view(request, journey, **kwargs):
        at = kwargs.get("step", step)
        form = form_class(request.POST, journey=journey)
        if form.is_valid():
            try:
                perform(request, journey, form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                if success:
                    messages.success(request, success)
                return redirect(journey.step_url(at) + anchor)
        return render_step(request, journey, at, {form.prefix: form})

    return view


def step_button(perform, *, step, anchor="", success="", part=None):
    """A POST view for a button on a step page: `perform(request, journey, part)`, back to the step.
    `success` is the confirmation, or a function of the request that says it."""

    @journey_view("POST", part=part)
    def view(request, journey, **kwargs):
        at = kwargs.pop("step", step)
        perform(request, journey, *kwargs.values())
        said = success(request) if callable(success) else success
        if said:
            messages.success(request, said)
        return redirect(journey.step_url(at) + anchor)

    return view


journey_ending = step_form(
    forms.EndingForm,
    lambda request, journey, data: services.journey_set_ending(journey=journey, ending=data["ending"]),
    success="Thanks, the walkthrough now follows how it really ended.",
)


@journey_view("POST")
def step_complete(request, journey, step):
    following = services.step_complete(journey=journey, step=step)
    if following:
        messages.success(
            request, f"{journey.title(step)}: done. Next, {journey.title(following).lower()}, whenever you're ready."
        )
    else:
        messages.success(request, f"{journey.title(step)}: done.")
    return redirect(journey.step_url(following or step))


@journey_view("POST")
def step_skip(request, journey, step):
    form = forms.SkipForm(request.POST, journey=journey)
    if form.is_valid():
        try:
            following = services.step_skip(journey=journey, step=step, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.info(request, "Skipped. You can come back to it any time.")
            return redirect(journey.step_url(following or step))
    return render_step(request, journey, step, {"skip": form})


@journey_view("POST")
def step_reopen(request, journey, step):
    services.step_reopen(journey=journey, step=step)
    messages.success(request, "Open again. Take it at your own pace.")
    return redirect(journey.step_url(step))


# Step 1 and the improvement actions (shown in steps 1 and 4).
request_sent = step_form(
    forms.FeedbackRequestForm,
    lambda request, journey, data: services.feedback_request_sent(journey=journey, **data),
    step=Step.FEEDBACK,
    anchor="#request",
    success="Sent. If no answer comes in five days, Rebound will remind you.",
)
feedback_record = step_form(
    forms.FeedbackForm,
    lambda request, journey, data: services.feedback_record(journey=journey, **data),
    step=Step.FEEDBACK,
    anchor="#feedback",
    success="Saved. Take what's useful and leave the rest.",
)
action_add = step_form(
    forms.ImprovementActionForm,
    lambda request, journey, data: services.improvement_action_add(journey=journey, **data),
    anchor="#actions",
    success="Added to your game plan.",
)
action_done = step_button(
    lambda request, journey, action: services.improvement_action_done(
        action=action, done=request.POST.get("done") != "0"
    ),
    step=None,
    anchor="#actions",
    success=lambda request: "Back on your list." if request.POST.get("done") == "0" else "Done. Nice work.",
    part=("action", ImprovementAction),
)

# Step 2.
lesson_add = step_form(
    forms.LessonForm,
    lambda request, journey, data: services.lesson_add(journey=journey, **data),
    step=Step.CLEAR_HEAD,
    anchor="#lessons",
    success="Lesson kept.",
)
lesson_remove = step_button(
    lambda request, journey, lesson: services.lesson_remove(lesson=lesson),
    step=Step.CLEAR_HEAD,
    anchor="#lessons",
    success="Removed. There's room for another now.",
    part=("lesson", Lesson),
)
what_if_add = step_form(
    forms.WhatIfForm,
    lambda request, journey, data: services.what_if_add(journey=journey, **data),
    step=Step.CLEAR_HEAD,
    anchor="#what-ifs",
    success="Written down. When you're ready, let it go.",
)
what_if_release = step_button(
    lambda request, journey, what_if: services.what_if_release(what_if=what_if),
    step=Step.CLEAR_HEAD,
    anchor="#what-ifs",
    success="Let go. It's written down, so you don't have to carry it.",
    part=("what_if", WhatIf),
)
reset_done = step_form(
    forms.ResetActivityForm,
    lambda request, journey, data: services.reset_activity_done(journey=journey, **data),
    step=Step.CLEAR_HEAD,
    anchor="#reset",
    success="Good. That counts.",
)
connect_add = step_form(
    forms.StayConnectedForm,
    lambda request, journey, data: services.stay_connected_add(journey=journey, **data),
    step=Step.CLEAR_HEAD,
    anchor="#stay-connected",
    success="Rebound will remind you to reconnect.",
)
connect_remove = step_button(
    lambda request, journey, row: services.stay_connected_remove(row=row),
    step=Step.CLEAR_HEAD,
    anchor="#stay-connected",
    success="Taken off the list, with their reminder.",
    part=("row", StayConnected),
)
chapter_close = step_button(
    lambda request, journey: services.chapter_close(journey=journey),
    step=Step.CLEAR_HEAD,
    anchor="#close",
    success="Chapter closed. The people stay; the replaying can stop.",
)

# Step 3.
journey_mood = step_form(
    forms.MoodForm,
    lambda request, journey, data: services.mood_check_in(user=journey.user, journey=journey, **data),
    step=Step.STAY_POSITIVE,
    anchor="#mood",
    success="Checked in. Thanks for being honest with yourself.",
)
win_add = step_form(
    forms.WinForm,
    lambda request, journey, data: services.win_add(user=journey.user, journey=journey, **data),
    step=Step.STAY_POSITIVE,
    anchor="#wins",
    success="Logged. It counts.",
)


# Step 4 (the plan and the habits are the person's, not the journey's: the week page has them too).
journey_plan = step_form(
    forms.PlanForm,
    lambda request, journey, data: plan_save(journey.user, data),
    step=Step.GAME_PLAN,
    anchor="#plan",
    success="Plan saved for this week.",
)


@journey_view("POST")
def journey_finish(request, journey):
    form = forms.FinishForm(request.POST, journey=journey)
    if form.is_valid():
        try:
            services.journey_finish(journey=journey, summary=form.cleaned_data["summary"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Journey finished. It's in your archive whenever you want to look back.")
            return HttpResponseRedirect(safe_next(request, reverse("recovery:journey_summary", args=[journey.pk])))
    return render_step(request, journey, Step.GAME_PLAN, {"finish": form})
