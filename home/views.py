"""The dashboard: what needs the person today, read from each app's selectors by plain calls."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from insights import selectors as insights
from jobhunt import selectors as jobhunt
from jobhunt.forms import QuickAddForm
from recovery import selectors as recovery
from recovery.forms import MoodForm


@login_required
@require_safe
def dashboard(request):
    user = request.user
    today, now = user.local_today(), timezone.now()
    pipeline = jobhunt.today(user, today=today, now=now)
    journeys, more_journeys = recovery.journeys_in_progress(user)
    mood = recovery.check_in_today(user, today)
    habits = recovery.habits_today(user, today)
    return render(
        request,
        "home/dashboard.html",
        {
            "today": today,
            "pipeline": pipeline,
            "journeys": journeys,
            "more_journeys": more_journeys,
            "mood": mood,
            "habits": habits,
            "week": recovery.this_week(user, today),
            "pace": insights.pace_guard(user, today) if not pipeline.is_new else None,
            "quick_add": QuickAddForm(),
            "mood_form": MoodForm(user=user),
        },
    )
