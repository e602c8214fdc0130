"""Thin views: find the person's own object (404 otherwise), validate a form, call one service, redirect."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

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


def owned(model, *methods):
    """The same for a view about one of the person's own jobhunt rows (an application, a contact)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, pk):
            found = get_object_or_404(model.objects.for_user(request.user), pk=pk)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, found)

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
        "habits": forms.HabitForm(user=user),
        "action": forms.ImprovementActionForm(user=user),
        "finish": forms.FinishForm(user=user, initial={"summary": journey.summary}),
    }


def _render_step(request, journey, step: Step, bound: dict | None = None):
    user = request.user
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
        context |= {
            "perspective": selectors.perspective(journey),
            "trend": selectors.mood_trend(user, today),
            "moods": list(selectors.recent_moods(user)),
            "extra_support": selectors.needs_extra_support(user),
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


def _step_action(request, journey, step: Step, form, perform, success: str, anchor: str = ""):
    """Validate `form`, run `perform(cleaned_data)`; back to the step, or the step again with errors."""
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if success:
                messages.success(request, success)
            return redirect(journey.step_url(step) + anchor)
    return _render_step(request, journey, step, {form.prefix: form})


@journey_view("POST")
def journey_ending(request, journey, step):
    form = forms.EndingForm(request.POST, user=request.user)
    return _step_action(
        request,
        journey,
        step,
        form,
        lambda data: services.journey_set_ending(journey=journey, ending=data["ending"]),
        "Thanks, the walkthrough now follows how it really ended.",
    )


@journey_view("POST")
def step_complete(request, journey, step):
    following = services.step_complete(journey=journey, step=step)
    if following is None:
        return redirect(journey.step_url(step))
    return redirect(journey.step_url(following))


@journey_view("POST")
def step_skip(request, journey, step):
    form = forms.SkipForm(request.POST, user=request.user)
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
    return redirect(journey.step_url(step))


# Step 1 ----------------------------------------------------------------------------------------


@journey_view("POST")
def request_sent(request, journey):
    form = forms.FeedbackRequestForm(request.POST, journey=journey)
    return _step_action(
        request,
        journey,
        Step.FEEDBACK,
        form,
        lambda data: services.feedback_request_sent(
            journey=journey, message=data["message"], sent_on=data["sent_on"], contact=data["contact"]
        ),
        "Sent. If no answer comes in five days, Rebound will remind you.",
        "#request",
    )


@journey_view("POST")
def feedback_record(request, journey):
    form = forms.FeedbackForm(request.POST, user=request.user)
    return _step_action(
        request,
        journey,
        Step.FEEDBACK,
        form,
        lambda data: services.feedback_record(journey=journey, **data),
        "Saved. Take what's useful and leave the rest.",
        "#feedback",
    )


@journey_view("POST")
def action_add(request, journey, step):
    form = forms.ImprovementActionForm(request.POST, user=request.user)
    return _step_action(
        request,
        journey,
        step,
        form,
        lambda data: services.improvement_action_add(journey=journey, title=data["title"], due_on=data["due_on"]),
        "Added to your game plan.",
        "#actions",
    )


@journey_view("POST", part=("action", ImprovementAction))
def action_done(request, journey, step, action):
    services.improvement_action_done(action=action, done=request.POST.get("done") != "0")
    return redirect(journey.step_url(step) + "#actions")


# Step 2 ----------------------------------------------------------------------------------------


@journey_view("POST")
def lesson_add(request, journey):
    form = forms.LessonForm(request.POST, user=request.user)
    return _step_action(
        request,
        journey,
        Step.CLEAR_HEAD,
        form,
        lambda data: services.lesson_add(journey=journey, text=data["text"]),
        "Lesson kept.",
        "#lessons",
    )


@journey_view("POST", part=("lesson", Lesson))
def lesson_remove(request, journey, lesson):
    services.lesson_remove(lesson=lesson)
    return redirect(journey.step_url(Step.CLEAR_HEAD) + "#lessons")


@journey_view("POST")
def what_if_add(request, journey):
    form = forms.WhatIfForm(request.POST, user=request.user)
    return _step_action(
        request,
        journey,
        Step.CLEAR_HEAD,
        form,
        lambda data: services.what_if_add(journey=journey, text=data["text"]),
        "",
        "#what-ifs",
    )


@journey_view("POST", part=("what_if", WhatIf))
def what_if_release(request, journey, what_if):
    services.what_if_release(what_if=what_if)
    messages.success(request, "Let go. It's written down, so you don't have to carry it.")
    return redirect(journey.step_url(Step.CLEAR_HEAD) + "#what-ifs")


@journey_view("POST")
def reset_done(request, journey):
    form = forms.ResetActivityForm(request.POST, user=request.user)
    return _step_action(
        request,
        journey,
        Step.CLEAR_HEAD,
        form,
        lambda data: services.reset_activity_done(journey=journey, activity=data["activity"], other=data["other"]),
        "Good. That counts.",
        "#reset",
    )


@journey_view("POST")
def connect_add(request, journey):
    form = forms.StayConnectedForm(request.POST, journey=journey)
    return _step_action(
        request,
        journey,
        Step.CLEAR_HEAD,
        form,
        lambda data: services.stay_connected_add(
            journey=journey,
            contact=data["contact"],
            name=data["name"],
            email=data["email"],
            reconnect_on=data["reconnect_on"],
        ),
        "Rebound will remind you to reconnect.",
        "#stay-connected",
    )


@journey_view("POST", part=("row", StayConnected))
def connect_remove(request, journey, row):
    services.stay_connected_remove(row=row)
    return redirect(journey.step_url(Step.CLEAR_HEAD) + "#stay-connected")


@journey_view("POST")
def chapter_close(request, journey):
    services.chapter_close(journey=journey)
    messages.success(request, "Chapter closed. The people stay; the replaying can stop.")
    return redirect(journey.step_url(Step.CLEAR_HEAD) + "#close")


# Step 3 ----------------------------------------------------------------------------------------


@journey_view("POST")
def journey_mood(request, journey):
    form = forms.MoodForm(request.POST, user=request.user)
    return _step_action(
        request,
        journey,
        Step.STAY_POSITIVE,
        form,
        lambda data: services.mood_check_in(user=request.user, mood=data["mood"], note=data["note"], journey=journey),
        "Checked in. Thanks for being honest with yourself.",
        "#mood",
    )


@journey_view("POST")
def win_add(request, journey):
    form = forms.WinForm(request.POST, user=request.user)
    return _step_action(
        request,
        journey,
        Step.STAY_POSITIVE,
        form,
        lambda data: services.win_add(
            user=request.user, text=data["text"], happened_on=data["happened_on"], journey=journey
        ),
        "Logged. It counts.",
        "#wins",
    )


# Step 4 ----------------------------------------------------------------------------------------


def _plan_save(request):
    return lambda data: services.plan_save(user=request.user, **data)


def _habit_check_in(request):
    return lambda data: services.habit_check_in(user=request.user, **data)


@journey_view("POST")
def journey_plan(request, journey):
    form = forms.PlanForm(request.POST, user=request.user)
    return _step_action(
        request, journey, Step.GAME_PLAN, form, _plan_save(request), "Plan saved for this week.", "#plan"
    )


@journey_view("POST")
def journey_habits(request, journey):
    form = forms.HabitForm(request.POST, user=request.user)
    return _step_action(
        request, journey, Step.GAME_PLAN, form, _habit_check_in(request), "Checked in for the day.", "#habits"
    )


@journey_view("POST")
def journey_finish(request, journey):
    form = forms.FinishForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.journey_finish(journey=journey, summary=form.cleaned_data["summary"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Journey finished. It's in your archive whenever you want to look back.")
            return redirect("recovery:journey_summary", pk=journey.pk)
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
    week_forms = {
        "plan": forms.PlanForm(user=user, plan=week["plan"]),
        "habits": forms.HabitForm(user=user),
    } | (bound or {})
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
    return _week_action(request, form, _plan_save(request), "Plan saved for this week.", "#plan")


@login_required
@require_POST
def week_habits(request):
    form = forms.HabitForm(request.POST, user=request.user)
    return _week_action(request, form, _habit_check_in(request), "Checked in for the day.", "#habits")


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
    try:
        change = int(request.POST.get("change", "1"))
        services.plan_progress_log(plan=plan, what=request.POST.get("what", ""), change=change)
    except (ValueError, ValidationError):
        messages.error(request, "That didn't work: log one conversation or one practice session at a time.")
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
        return HttpResponseRedirect(_safe_next(request, reverse("jobhunt:dashboard")))
    return render(request, "recovery/mood_check_in.html", {"form": form, "next": _safe_next(request, "")})
