"""Step 4's if-then plans: adding one (on the week page or the game-plan step), changing one, saying
it happened, removing one. No view here plans an email: the weekly digest lists them, nothing more."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import owned
from recovery import services
from recovery.forms_writing import IfThenForm
from recovery.models import IfThenPlan
from recovery.services.plan import NO_PLAN_YET
from recovery.steps import Step
from recovery.views.common import add_errors, focus_first_field, journey_view, safe_next
from recovery.views.journeys import render_step
from recovery.views.week import render_week

SAVED = "Planned. Picture it happening: that's half the work."


def _save(user, form, if_then=None):
    data = form.cleaned_data
    return services.if_then_save(
        user=user,
        target=data["target"],
        weekday=data["weekday"],
        at=data["at"],
        place=data["place"],
        action=data["action"],
        if_then=if_then,
    )


def _mine(user):
    """The person's own if-then plans (another person's is a 404, whatever the method)."""
    return IfThenPlan.objects.for_user(user).select_related("plan__user")


def edit_form(if_then: IfThenPlan, data=None) -> IfThenForm:
    """The form for changing `if_then`, filled with it (or with what was just sent)."""
    return IfThenForm(
        data,
        user=if_then.plan.user,
        week_start=if_then.plan.week_start,
        keep_day=if_then.day,
        initial={
            "target": if_then.target,
            "weekday": if_then.day.weekday(),
            "at": if_then.at,
            "place": if_then.place,
            "action": if_then.action,
        },
    )


def _no_plan_yet(request, back: str):
    """Without this week's targets there is nothing to plan against: said, and back to the plan."""
    if services.this_weeks_plan(request.user) is not None:
        return None
    messages.info(request, NO_PLAN_YET)
    return redirect(back + "#plan")


@login_required
@require_POST
def if_then_add(request):
    if refused := _no_plan_yet(request, reverse("recovery:week")):
        return refused
    form = IfThenForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            _save(request.user, form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, SAVED)
            return redirect(reverse("recovery:week") + "#if-then")
    return render_week(request, {"ifthen": form})


@journey_view("POST")
def journey_if_then_add(request, journey):
    if refused := _no_plan_yet(request, journey.step_url(Step.GAME_PLAN)):
        return refused
    form = IfThenForm(request.POST, journey=journey)
    if form.is_valid():
        try:
            _save(journey.user, form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, SAVED)
            return redirect(journey.step_url(Step.GAME_PLAN) + "#if-then")
    return render_step(request, journey, Step.GAME_PLAN, {"ifthen": form})


@owned(_mine, "GET", "HEAD", "POST")
def if_then_edit(request, if_then):
    """The week page with this plan's form open (GET), or the change saved (POST)."""
    action = reverse("recovery:if_then_edit", args=[if_then.pk])
    if request.method != "POST":
        form = edit_form(if_then)
        focus_first_field(form)
        return render_week(request, {"ifthen": form}, ifthen_action=action)
    form = edit_form(if_then, request.POST)
    if form.is_valid():
        try:
            _save(request.user, form, if_then)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Changed. The new version is the plan now.")
            return redirect(reverse("recovery:week") + "#if-then")
    return render_week(request, {"ifthen": form}, ifthen_action=action)


@owned(_mine, "POST")
def if_then_happened(request, if_then):
    happened = request.POST.get("happened") != "0"
    try:
        services.if_then_happened(if_then=if_then, happened=happened)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "It happened. Well done for following through." if happened else "Unticked.")
    return HttpResponseRedirect(safe_next(request, reverse("recovery:week") + "#if-then"))


@owned(_mine, "POST")
def if_then_remove(request, if_then):
    services.if_then_remove(if_then=if_then)
    messages.success(request, "Removed from this week's plans.")
    return HttpResponseRedirect(safe_next(request, reverse("recovery:week") + "#if-then"))
