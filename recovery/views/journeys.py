"""The journey pages: the list, the summary, each step of the walkthrough; starting a journey."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts.access import owned
from jobhunt.models import Application
from recovery import drafts, forms, selectors, services, steps
from recovery.forms_reflection import StoryForm
from recovery.forms_writing import IfThenForm, WritingForm
from recovery.models import MAX_LESSONS, WRITING_MINUTES, writing_invited
from recovery.steps import Step
from recovery.views.common import add_errors, focus_first_field, journey_view

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


def _feedback_form(journey, user, plan):
    return forms.FeedbackForm(
        user=user,
        initial={
            "feedback": journey.feedback,
            "received_on": journey.feedback_received_on,
            "their_perspective": journey.their_perspective,
            "deciding_factors": journey.deciding_factors,
        },
    )


def _written_today(journey, today):
    """Today's writing session of the journey, if there is one (from the rows step 2 reads)."""
    return next((session for session in journey.writing_sessions.all() if session.written_on == today), None)


def _writing_form(journey, user, plan):
    """The writing box, carrying on from today's text when there is some."""
    today_session = _written_today(journey, user.local_today())
    return WritingForm(user=user, initial={"text": today_session.text if today_session else ""})


# Every form a step page can show, by prefix. A page shows the forms due now (_due) and the one
# the person asked for (?open=prefix); the others are a button that brings theirs in place.
STEP_FORMS = {
    Step.FEEDBACK: {
        "request": lambda journey, user, plan: forms.FeedbackRequestForm(journey=journey),
        "feedback": _feedback_form,
        "action": lambda journey, user, plan: forms.ImprovementActionForm(user=user),
        "skip": lambda journey, user, plan: forms.SkipForm(user=user),
    },
    Step.CLEAR_HEAD: {
        "lesson": lambda journey, user, plan: forms.LessonForm(user=user),
        "whatif": lambda journey, user, plan: forms.WhatIfForm(user=user),
        "reset": lambda journey, user, plan: forms.ResetActivityForm(
            user=user, initial={"activity": journey.reset_activity, "other": journey.reset_activity_other}
        ),
        "connect": lambda journey, user, plan: forms.StayConnectedForm(journey=journey),
        "writing": _writing_form,
    },
    Step.STAY_POSITIVE: {
        "mood": lambda journey, user, plan: forms.MoodForm(user=user),
        "win": lambda journey, user, plan: forms.WinForm(user=user),
        "story": lambda journey, user, plan: StoryForm.for_journey(journey),
    },
    Step.GAME_PLAN: {
        "plan": lambda journey, user, plan: forms.PlanForm(user=user, plan=plan),
        "action": lambda journey, user, plan: forms.ImprovementActionForm(user=user),
        "finish": lambda journey, user, plan: forms.FinishForm(user=user, initial={"summary": journey.summary}),
        "ifthen": lambda journey, user, plan: IfThenForm(user=user),
    },
}
# Any step: correcting how it ended.
for _forms in STEP_FORMS.values():
    _forms["ending"] = lambda journey, user, plan: forms.EndingForm(user=user, initial={"ending": journey.ending})


def _due(journey, step: Step, *, has_plan: bool) -> set[str]:
    """The forms that are the next thing to do on this step: one at a time where there is an
    order (ask, then note the answer, then turn it into actions)."""
    if step == Step.FEEDBACK:
        if not journey.request_sent_on:
            return {"request"}
        if not journey.feedback_noted:
            return {"feedback"}
        return set() if journey.actions.all() else {"action"}
    if step == Step.CLEAR_HEAD:
        # The writing box stays open to carry on with today's writing (an invitation is a button).
        if "writing" not in steps.sections(step, journey.ending):
            return set()
        return {"writing"} if _written_today(journey, journey.user.local_today()) else set()
    if step == Step.STAY_POSITIVE:
        return {"mood"}
    if step == Step.GAME_PLAN:
        return {"finish"} if has_plan else {"plan", "finish"}
    return set()


def _step_forms(journey, step: Step, user, *, asked: str, bound: dict, plan=None) -> dict:
    """The forms the page shows: those due, the one asked for, and any sent back with errors."""
    makers = STEP_FORMS[step]
    shown = _due(journey, step, has_plan=plan is not None) | ({asked} & set(makers))
    made = {prefix: makers[prefix](journey, user, plan) for prefix in shown - set(bound)}
    if asked in made:
        focus_first_field(made[asked])
    return made | bound


def render_step(request, journey, step: Step, bound: dict | None = None):
    user = request.user
    selectors.load_parts(journey, step)
    today = user.local_today()
    bound = bound or {}
    asked = request.GET.get("open", "") if request.method in ("GET", "HEAD") else ""
    week = selectors.week_overview(user, today) if step == Step.GAME_PLAN else None
    step_forms = _step_forms(journey, step, user, asked=asked, bound=bound, plan=week and week["plan"])
    context = {
        "journey": journey,
        "step": step,
        "step_url": journey.step_url(step),
        "step_number": steps.number(step),
        "step_title": journey.title(step),
        "row": journey.step_states[step],
        "sections": steps.sections(step, journey.ending),
        "skippable": step in steps.SKIPPABLE,
        "progress": _progress(journey, step),
        "previous": _neighbour(journey, steps.previous(step)),
        "following": _neighbour(journey, steps.following(step)),
        "forms": step_forms,
    }
    if step == Step.FEEDBACK:
        request_form = step_forms.get("request")
        if request_form is not None:
            people = selectors.people_met(journey.application)
            forms.offer_people(request_form.fields["contact"], people)
            # Whoever the request went to is usually among the people met, read already.
            asked = next((someone for someone in people if someone.pk == journey.ask_contact_id), None)
            person = asked or (journey.ask_contact if journey.ask_contact_id else selectors.person_to_ask(people))
            draft = drafts.feedback_request(journey, person)
            if not request_form.is_bound:
                request_form.initial.update({"contact": person, "message": journey.request_message or draft["body"]})
                if journey.request_sent_on:
                    request_form.initial["sent_on"] = journey.request_sent_on
            context |= {"person": person, "draft": draft}
    elif step == Step.CLEAR_HEAD:
        context["lesson_cap_reached"] = len(journey.lessons.all()) >= MAX_LESSONS
        sessions = list(journey.writing_sessions.all())
        context["writing"] = {
            "today": _written_today(journey, today),
            "earlier": [session for session in reversed(sessions) if session.written_on != today],
            "invited": writing_invited(journey, sessions, today),
            "minutes": WRITING_MINUTES,
        }
        if "connect" in step_forms:
            forms.offer_people(step_forms["connect"].fields["contact"], selectors.people_met(journey.application))
    elif step == Step.STAY_POSITIVE:
        trend, extra_support = selectors.mood_overview(user, today)
        context |= {
            "perspective": selectors.perspective(journey),
            "trend": trend,
            "extra_support": extra_support,
            "wins": list(selectors.recent_wins(user)),
            # The note written before the first "no", and this journey's story with its evidence.
            **selectors.reflection_for_step(journey, today),
        }
    else:
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
