from django.urls import path, re_path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("pause/", views.pause, name="pause"),
    path("resume/", views.resume, name="resume"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("outbox/", views.outbox, name="outbox"),
    # Plain .eml file names only: nothing else in (or outside) the folder can be reached.
    re_path(r"^outbox/(?P<name>[\w-]+\.eml)$", views.outbox_message, name="outbox_message"),
    re_path(r"^outbox/(?P<name>[\w-]+\.eml)/html$", views.outbox_message_html, name="outbox_message_html"),
]
