from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("", include("home.urls")),
    path("", include("jobhunt.urls")),
    path("accounts/", include("accounts.urls")),
    path("recovery/", include("recovery.urls")),
    path("reminders/", include("reminders.urls")),
    path("insights/", include("insights.urls")),
    path("sharing/", include("sharing.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
