"""The insights pages: read-only, the signed-in person's own figures only. Three tabs: the search
itself, mood and bouncing back, the feedback ledger; and every rejection of the year."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.pages import page_of
from insights import charts, selectors

# Rows per page of the year's rejections.
REJECTIONS_PER_PAGE = 50


@login_required
@require_safe
def overview(request):
    """The search itself: figures, the funnel, where replies come from, stage times, the weeks."""
    page = selectors.search_page(request.user, request.user.local_today())
    return render(
        request, "insights/search.html", {"insights": page, "charts": charts.for_search(page), "tab": "search"}
    )


@login_required
@require_safe
def mood(request):
    """Mood next to what happened, and bouncing back after each rejection."""
    page = selectors.mood_page(request.user, request.user.local_today())
    return render(request, "insights/mood.html", {"insights": page, "charts": charts.for_mood(page), "tab": "mood"})


@login_required
@require_safe
def feedback(request):
    """The feedback ledger."""
    return render(
        request, "insights/feedback.html", {"ledger": selectors.feedback_ledger(request.user), "tab": "feedback"}
    )


@login_required
@require_safe
def rejections(request):
    """Every rejection of the look-back year with how the mood went after it, newest first."""
    recovery = selectors.recovery(request.user, request.user.local_today())
    page = page_of(request, recovery.newest_first, REJECTIONS_PER_PAGE)
    selectors.name_the_companies(list(page.object_list))
    return render(request, "insights/rejections.html", {"recovery": recovery, "page": page, "tab": "mood"})
