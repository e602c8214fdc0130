"""Thin views: find the person's own object (404 otherwise), validate a form, call one service, redirect."""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import owned
from jobhunt import services as jobhunt
from jobhunt.models import Application, Contact
from recovery import drafts, forms, selectors, services, steps
from recovery.models import MAX_LESSONS, ImprovementAction, Lesson, StayConnected, WeeklyPlan, WhatIf, plan_week_start
from recovery.steps import Step


def journey_view(*methods, part=None):
    """Find the journey (and `part`, one of its rows, given as (URL keyword, model)) among the
    signed-in person's own first, so another person's is a 404 whatever the method; only then
    allow `methods`. The view gets the objects instead of their ids."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, pk, **kwargs):
            journey = get_object_or_404(selectors.journeys_for_pages(request.user), pk=pk)
            if part:
                name, model = part
                kwargs[name] = get_object_or_404(model.objects.for_user(request.user), pk=kwargs[name], journey=journey)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, journey, **kwargs)

        return login_required(wrapper)

    return decorator


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal shown on the form: on its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


# Journey pages ---------------------------------------------------------------------------------


@login_required
@require_safe
def journey_list(request):
    journeys = list(selectors.journeys_for_list(request.user))
    return render(
        request,
        "recovery/journey_list.html",
        {
            "in_progress": [journey for journey in journeys if not journey.is_finished],
            "finished": [journey for journey in journeys if journey.is_finished],
        },
    )


@journey_view("GET", "HEAD")
def journey_resume(request, journey):
    """Pick up where the person left off; a finished journey opens on its summary."""
    if journey.is_finished:
        return redirect("recovery:journey_summary", pk=journey.pk)
    return redirect(journey.step_url(journey.resume_step))


@journey_view("GET", "HEAD")
def journey_summary(request, journey):
    selectors.load_parts(journey)
    return render(
        request,
        "recovery/journey_summary.html",
        {
            "journey": journey,
            "progress": _progress(journey, None),
            "moods": list(journey.mood_check_ins.all()[:20]),
            "wins": list(journey.wins.all()[:20]),
        },
    )


def _progress(journey, current: Step | None) -> list[dict]:
    return [
        {
            "step": step,
            "number": steps.number(step),
            "title": journey.title(step),
            "url": journey.step_url(step),
            "row": row,
            "current": step == current,
        }
        for step, row in journey.step_states.items()
    ]


def _neighbour(journey, step: Step | None) -> dict | None:
    return step and {"step": step, "title": journey.title(step), "url": journey.step_url(step)}


def _step_forms(journey, step: Step, user) -> dict:
    """The blank (or pre-filled) forms a step page shows."""
    if step == Step.FEEDBACK:
        return {
            "request": forms.FeedbackRequestForm(journey=journey),
            "feedback": forms.FeedbackForm(
                user=user,
                initial={
                    "feedback": journey.feedback,
                    "received_on": journey.feedback_received_on,
                    "their_perspective": journey.their_perspective,
                    "deciding_factors": journey.deciding_factors,
                },
            ),
            "skip": forms.SkipForm(user=user),
            "action": forms.ImprovementActionForm(user=user),
        }
    if step == Step.CLEAR_HEAD:
        return {
            "lesson": forms.LessonForm(user=user),
            "whatif": forms.WhatIfForm(user=user),
            "reset": forms.ResetActivityForm(
                user=user, initial={"activity": journey.reset_activity, "other": journey.reset_activity_other}
            ),
            "connect": forms.StayConnectedForm(journey=journey),
        }
    if step == Step.STAY_POSITIVE:
        return {"mood": forms.MoodForm(user=user), "win": forms.WinForm(user=user)}
    return {
        "action": forms.ImprovementActionForm(user=user),
        "finish": forms.FinishForm(user=user, initial={"summary": journey.summary}),
    }


def _render_step(request, journey, step: Step, bound: dict | None = None):
    user = request.user
    selectors.load_parts(journey, step)
    today = user.local_today()
    step_forms = _step_forms(journey, step, user) | (bound or {})
    context = {
        "journey": journey,
        "step": step,
        "step_number": steps.number(step),
        "step_title": journey.title(step),
        "row": journey.step_states[step],
        "sections": steps.sections(step, journey.ending),
        "skippable": step in steps.SKIPPABLE,
        "progress": _progress(journey, step),
        "previous": _neighbour(journey, steps.previous(step)),
        "following": _neighbour(journey, steps.following(step)),
        "ending_form": (bound or {}).get("ending") or forms.EndingForm(user=user, initial={"ending": journey.ending}),
        "forms": step_forms,
    }
    if step == Step.FEEDBACK:
        person = journey.ask_contact or selectors.person_to_ask(journey.application)
        draft = drafts.feedback_request(journey, person)
        request_form = step_forms["request"]
        if not request_form.is_bound:
            request_form.initial.update({"contact": person, "message": journey.request_message or draft["body"]})
            if journey.request_sent_on:
                request_form.initial["sent_on"] = journey.request_sent_on
        context |= {"person": person, "draft": draft}
    elif step == Step.CLEAR_HEAD:
        context["lesson_cap_reached"] = len(journey.lessons.all()) >= MAX_LESSONS
    elif step == Step.STAY_POSITIVE:
        trend, extra_support = selectors.mood_overview(user, today)
        context |= {
            "perspective": selectors.perspective(journey),
            "trend": trend,
            "extra_support": extra_support,
            "wins": list(selectors.recent_wins(user)),
        }
    else:
        week = selectors.week_overview(user, today)
        step_forms.setdefault("plan", forms.PlanForm(user=user, plan=week["plan"]))
        context["week"] = week
    return render(request, f"recovery/step_{step.value.replace('-', '_')}.html", context)


@journey_view("GET", "HEAD")
def journey_step(request, journey, step):
    return _render_step(request, journey, step)


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
                _add_errors(form, error)
            else:
                if success:
                    messages.success(request, success)
                return redirect(journey.step_url(at) + anchor)
        return _render_step(request, journey, at, {form.prefix: form})

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
            _add_errors(form, error)
        else:
            messages.info(request, "Skipped. You can come back to it any time.")
            return redirect(journey.step_url(following or step))
    return _render_step(request, journey, step, {"skip": form})


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
    lambda request, journey, data: services.plan_save(user=journey.user, **data),
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
            _add_errors(form, error)
        else:
            messages.success(request, "Journey finished. It's in your archive whenever you want to look back.")
            return HttpResponseRedirect(_safe_next(request, reverse("recovery:journey_summary", args=[journey.pk])))
    return _render_step(request, journey, Step.GAME_PLAN, {"finish": form})


# Starting a journey ----------------------------------------------------------------------------


@owned(Application, "POST")
def turned_down(request, application):
    try:
        journey = services.application_turned_down(application=application)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(application.get_absolute_url())
    return redirect(journey.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def log_rejection(request):
    form = forms.RejectionLogForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            journey = services.rejection_log(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(journey.get_absolute_url())
    return render(request, "recovery/log_rejection.html", {"form": form})


# The week and the dashboard's forms ----------------------------------------------------------


def _render_week(request, bound: dict | None = None):
    user = request.user
    week = selectors.week_overview(user, user.local_today())
    week_forms = {"plan": forms.PlanForm(user=user, plan=week["plan"])} | (bound or {})
    return render(
        request,
        "recovery/week.html",
        {"week": week, "forms": week_forms, "actions": list(selectors.open_actions(user))},
    )


@login_required
@require_safe
def week(request):
    return _render_week(request)


def _week_action(request, form, perform, success, anchor):
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(reverse("recovery:week") + anchor)
    return _render_week(request, {form.prefix: form})


@login_required
@require_POST
def week_plan(request):
    form = forms.PlanForm(request.POST, user=request.user)
    return _week_action(
        request, form, lambda data: services.plan_save(user=request.user, **data), "Plan saved for this week.", "#plan"
    )


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
    return HttpResponseRedirect(_safe_next(request, reverse("home:dashboard")))


@login_required
@require_POST
def week_log(request):
    """+1 (or −1 to correct a slip) on this week's conversations or practice."""
    user = request.user
    back = _safe_next(request, reverse("recovery:week"))
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
    return HttpResponseRedirect(_safe_next(request, reverse("recovery:week")))


@login_required
@require_http_methods(["GET", "POST"])
def mood_check_in(request):
    """The quick check-in from the dashboard (any time, not tied to a journey)."""
    form = forms.MoodForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.mood_check_in(user=request.user, mood=form.cleaned_data["mood"], note=form.cleaned_data["note"])
        messages.success(request, "Checked in. Thanks for being honest with yourself.")
        return HttpResponseRedirect(_safe_next(request, reverse("home:dashboard")))
    return render(request, "recovery/mood_check_in.html", {"form": form, "next": _safe_next(request, "")})
