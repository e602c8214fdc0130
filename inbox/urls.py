from django.urls import path

from inbox import views

app_name = "inbox"

urlpatterns = [
    path("mailbox/", views.mailbox, name="mailbox"),
    path("mailbox/test/", views.mailbox_test, name="mailbox_test"),
    path("mailbox/look-back/", views.mailbox_look_back, name="mailbox_look_back"),
    path("mailbox/disconnect/", views.mailbox_disconnect, name="mailbox_disconnect"),
    path("quiet-senders/<int:pk>/remove/", views.quiet_sender_remove, name="quiet_sender_remove"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion_detail"),
    path("suggestions/<int:pk>/confirm/", views.suggestion_confirm, name="suggestion_confirm"),
    path("suggestions/<int:pk>/not-this-one/", views.suggestion_not_this_one, name="suggestion_not_this_one"),
    path("suggestions/<int:pk>/not-job-mail/", views.suggestion_not_job_mail, name="suggestion_not_job_mail"),
]
