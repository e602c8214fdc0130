"""The insights pages: read-only, the signed-in person's own figures only."""

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
    insights = selectors.overview(request.user, request.user.local_today())
    return render(request, "insights/overview.html", {"insights": insights, "charts": charts.for_overview(insights)})


@login_required
@require_safe
def rejections(request):
    """Every rejection of the look-back year with how the mood went after it, newest first."""
    recovery = selectors.recovery(request.user, request.user.local_today())
    page = page_of(request, recovery.newest_first, REJECTIONS_PER_PAGE)
    return render(request, "insights/rejections.html", {"recovery": recovery, "page": page})
