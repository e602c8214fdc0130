"""The journey pages: the list, the summary, each step of the walkthrough; starting a journey."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts.access import owned
from jobhunt.models import Application
from recovery import drafts, forms, selectors, services, steps
from recovery.models import MAX_LESSONS
from recovery.steps import Step
from recovery.views.common import add_errors, journey_view

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


def render_step(request, journey, step: Step, bound: dict | None = None):
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
    return render_step(request, journey, step)


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
            add_errors(form, error)
        else:
            return redirect(journey.get_absolute_url())
    return render(request, "recovery/log_rejection.html", {"form": form})
