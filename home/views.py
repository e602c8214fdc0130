"""The dashboard: what needs the person today, read from each app's selectors by plain calls."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.access import owned
from inbox import selectors as inbox
from insights import selectors as insights
from jobhunt import selectors as jobhunt
from jobhunt.forms import QuickAddForm
from jobhunt.models import Application, Status
from recovery import selectors as recovery
from recovery.forms import MoodForm


@login_required
@require_safe
def dashboard(request):
    user = request.user
    today, now = user.local_today(), timezone.now()
    # The pace guard's applications of the week are counted with the pipeline's own.
    pipeline = jobhunt.today(user, today=today, now=now, sent_in={"recently": insights.burst_days(today)})
    journeys, more_journeys = recovery.journeys_in_progress(user, today=today)
    mood = recovery.check_in_today(user, today)
    return render(
        request,
        "home/dashboard.html",
        {
            "today": today,
            "pipeline": pipeline,
            "journeys": journeys,
            "more_journeys": more_journeys,
            "mood": mood,
            "habits": recovery.habits_today(user, today),
            "week": recovery.this_week(user, today),
            "pace": insights.pace_guard(user, today, sent=pipeline.sent_in["recently"], good_run=True),
            "inbox": inbox.inbox(user),
            "protected": user.protected_on(today),
            "quick_add": QuickAddForm(),
            "mood_form": MoodForm(user=user),
            # "Before the first no": one query, and none once there are journeys or before anything is tracked.
            "future_self": None if pipeline.is_new or journeys else recovery.future_self_card(user),
        },
    )


@owned(lambda user: Application.objects.for_user(user).select_related("company"), "GET", "HEAD")
def offer_accepted(request, application):
    """The happy ending: a moment to take it in, then what is left to close, each with a click."""
    if application.status != Status.ACCEPTED:
        return redirect(application)
    user = request.user
    others, others_count = jobhunt.still_in_play(user, besides=application)
    journeys, more_journeys = recovery.journeys_in_progress(user, limit=10)
    return render(
        request,
        "home/offer_accepted.html",
        {
            "application": application,
            "others": others,
            "others_count": others_count,
            "journeys": journeys,
            "more_journeys": more_journeys,
        },
    )
