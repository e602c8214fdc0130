"""The insights page: read-only, the signed-in person's own figures only."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.freshness import kept_until_changed
from insights import charts, selectors


@login_required
@require_safe
@kept_until_changed
def overview(request):
    insights = selectors.overview(request.user, request.user.local_today())
    return render(request, "insights/overview.html", {"insights": insights, "charts": charts.for_overview(insights)})
