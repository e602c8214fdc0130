"""The app's URLs plus the benchmarks' floor: a trivial signed-in page rendering base.html.

Only bench/bench_settings.py points here; the app itself never serves the floor page.
"""

from functools import cache

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_safe

from config.urls import urlpatterns as app_urlpatterns

FLOOR_TEMPLATE = """{% extends "base.html" %}
{% block title %}Floor{% endblock %}
{% block content %}<h1 class="h3">Floor</h1><p>A signed-in page with nothing on it but the layout.</p>{% endblock %}
"""


@cache
def _floor_template():
    # Compiled once, as the cached template loader does for the app's own pages.
    return engines["django"].from_string(FLOOR_TEMPLATE)


@login_required
@require_safe
def floor(request):
    return HttpResponse(_floor_template().render({}, request))


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *app_urlpatterns]
