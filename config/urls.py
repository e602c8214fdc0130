from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import RedirectView

from config import views

urlpatterns = [
    path("", include("home.urls")),
    path("", include("jobhunt.urls")),
    path("accounts/", include("accounts.urls")),
    path("recovery/", include("recovery.urls")),
    path("reminders/", include("reminders.urls")),
    path("insights/", include("insights.urls")),
    # Stats and insights were one page told twice: the old address leads to the one left.
    path(
        "stats/",
        login_required(RedirectView.as_view(pattern_name="insights:overview", permanent=True)),
        name="stats",
    ),
    path("sharing/", include("sharing.urls")),
    path("inbox/", include("inbox.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
