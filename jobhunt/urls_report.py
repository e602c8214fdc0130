"""The log of the search for a benefits office (jobhunt.views_report): included under /search-log/."""

from django.urls import path

from jobhunt import views_report

urlpatterns = [
    path("", views_report.search_log, name="search_log"),
    path("log.csv", views_report.search_log_csv, name="search_log_csv"),
    path("log.pdf", views_report.search_log_pdf, name="search_log_pdf"),
]
