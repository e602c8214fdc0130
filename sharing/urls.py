from django.urls import path

from sharing import views

app_name = "sharing"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("calendar/off/", views.calendar_off, name="calendar_off"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("interviews/<int:pk>.ics", views.interview_ics, name="interview_ics"),
    path("links/new/", views.share_link_create, name="share_link_create"),
    path("links/<int:pk>/revoke/", views.share_link_revoke, name="share_link_revoke"),
    path("coach/<str:token>/", views.coach_page, name="coach_page"),
]
