from django.urls import path

from jobhunt import views, views_transfer

app_name = "jobhunt"

urlpatterns = [
    path("board/", views.board, name="board"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/quick-add/", views.application_quick_add, name="application_quick_add"),
    path("applications/import-export/", views_transfer.transfer, name="transfer"),
    path("applications/export/<slug:kind>.csv", views_transfer.export_csv, name="export_csv"),
    path("applications/import/", views_transfer.import_upload, name="import_upload"),
    path("applications/import/<int:pk>/", views_transfer.import_status, name="import_status"),
    path("applications/import/<int:pk>/columns/", views_transfer.import_columns, name="import_columns"),
    path("applications/import/<int:pk>/preview/", views_transfer.import_preview, name="import_preview"),
    path("applications/import/<int:pk>/progress/", views_transfer.import_progress, name="import_progress"),
    path("applications/import/<int:pk>/discard/", views_transfer.import_discard, name="import_discard"),
    path("applications/from-email/", views_transfer.email_read, name="email_read"),
    path("applications/from-email/confirm/", views_transfer.email_confirm, name="email_confirm"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/delete/", views.application_delete, name="application_delete"),
    path("applications/<int:pk>/move/", views.application_move, name="application_move"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/ends-search/", views.offer_ends_search, name="offer_ends_search"),
    path("applications/<int:pk>/interviews/new/", views.interview_create, name="interview_create"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/edit/", views.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/delete/", views.interview_delete, name="interview_delete"),
    path("interviews/<int:pk>/put-back/", views.interview_put_back, name="interview_put_back"),
    path("companies/", views.company_list, name="company_list"),
    path("companies/new/", views.company_create, name="company_create"),
    path("companies/<int:pk>/", views.company_detail, name="company_detail"),
    path("companies/<int:pk>/edit/", views.company_edit, name="company_edit"),
    path("companies/<int:pk>/delete/", views.company_delete, name="company_delete"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
]
