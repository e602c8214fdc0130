"""The week outside any one journey (the plan, the habits, people to reach) and the dashboard's
quick forms."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import owned
from jobhunt import services as jobhunt
from jobhunt.models import Contact
from recovery import forms, selectors, services
from recovery.forms_writing import IfThenForm
from recovery.models import WeeklyPlan, plan_week_start
from recovery.views.common import add_errors, focus_first_field, safe_next


def plan_save(user, data):
    """This week's plan from the plan form: the people ticked, and those typed (found or added)."""
    data = dict(data)
    people = jobhunt.people_picked(user=user, picked=data.pop("contacts"), typed=data.pop("new_people"))
    return services.plan_save(user=user, contacts=people, **data)


# The week and the dashboard's forms ----------------------------------------------------------


def render_week(request, bound: dict | None = None, *, ifthen_action: str = ""):
    """The week page, with the forms in `bound` (sent back with their errors, or opened)."""
    user = request.user
    week = selectors.week_overview(user, user.local_today())
    week_forms = dict(bound or {})
    # The plan's form when there is no plan yet, or when the person asks to adjust it.
    opened = request.GET.get("open") if request.method in ("GET", "HEAD") else None
    asked = opened == "plan"
    if "plan" not in week_forms and (week["plan"] is None or asked):
        week_forms["plan"] = forms.PlanForm(user=user, plan=week["plan"])
        if asked:
            focus_first_field(week_forms["plan"])
    # An if-then plan's form, once there is a plan to attach it to, when the person asks for it.
    if "ifthen" not in week_forms and week["plan"] is not None and opened == "ifthen":
        week_forms["ifthen"] = IfThenForm(user=user)
        focus_first_field(week_forms["ifthen"])
    return render(
        request,
        "recovery/week.html",
        {
            "week": week,
            "forms": week_forms,
            "actions": list(selectors.open_actions(user)),
            "ifthen_action": ifthen_action or reverse("recovery:if_then_add"),
        },
    )


@login_required
@require_safe
def week(request):
    return render_week(request)


def _week_action(request, form, perform, success, anchor):
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(reverse("recovery:week") + anchor)
    return render_week(request, {form.prefix: form})


@login_required
@require_POST
def week_plan(request):
    form = forms.PlanForm(request.POST, user=request.user)
    return _week_action(request, form, lambda data: plan_save(request.user, data), "Plan saved for this week.", "#plan")


HABIT_DONE = {
    "active": "Stayed active: noted.",
    "ate_well": "Ate well: noted.",
    "slept_well": "Slept well: noted.",
    "rest_day": "A rest day: it keeps your streak.",
}


@login_required
@require_POST
def habit_mark(request):
    """One habit of one day (today unless `day` says otherwise) ticked, or unticked: the
    dashboard's check-in row and the week's table. The day's other habits stay as they were."""
    done = "habit" in request.POST  # the button of a habit not yet ticked; "untick" takes it back
    habit = request.POST.get("habit") or request.POST.get("untick", "")
    try:
        day = date.fromisoformat(request.POST["day"]) if request.POST.get("day") else request.user.local_today()
        services.habit_mark(user=request.user, day=day, habit=habit, done=done)
    except ValueError:
        messages.error(request, "That didn't work: the day wasn't one Rebound could read.")
    except ValidationError as error:
        messages.error(request, "That didn't work: " + error.messages[0][0].lower() + error.messages[0][1:])
    else:
        messages.success(request, HABIT_DONE[habit] if done else "Unticked.")
    return HttpResponseRedirect(safe_next(request, reverse("home:dashboard")))


@login_required
@require_POST
def week_log(request):
    """+1 (or −1 to correct a slip) on this week's conversations or practice."""
    user = request.user
    back = safe_next(request, reverse("recovery:week"))
    plan = WeeklyPlan.objects.for_user(user).filter(week_start=plan_week_start(user, user.local_today())).first()
    if plan is None:
        messages.info(request, "Set this week's plan first, then log your progress against it.")
        return HttpResponseRedirect(back)
    what = request.POST.get("what", "")
    try:
        change = int(request.POST.get("change", "1"))
        services.plan_progress_log(plan=plan, what=what, change=change)
    except (ValueError, ValidationError):
        messages.error(request, "That didn't work: log one conversation or one practice session at a time.")
    else:
        logged = "conversation" if what == "conversations" else "practice session"
        messages.success(request, f"One more {logged} this week. Nice." if change > 0 else f"One {logged} taken off.")
    return HttpResponseRedirect(back)


@owned(Contact, "POST")
def contact_reached(request, contact):
    jobhunt.contact_touch(contact=contact, day=request.user.local_today())
    messages.success(request, f"Nice: you reached out to {contact.name}.")
    return HttpResponseRedirect(safe_next(request, reverse("recovery:week")))


@login_required
@require_http_methods(["GET", "POST"])
def mood_check_in(request):
    """The quick check-in from the dashboard (any time, not tied to a journey)."""
    form = forms.MoodForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.mood_check_in(user=request.user, mood=form.cleaned_data["mood"], note=form.cleaned_data["note"])
        messages.success(request, "Checked in. Thanks for being honest with yourself.")
        return HttpResponseRedirect(safe_next(request, reverse("home:dashboard")))
    return render(request, "recovery/mood_check_in.html", {"form": form, "next": safe_next(request, "")})
