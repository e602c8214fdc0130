"""CV and cover-letter versions (jobhunt.views_documents): included under /documents/."""

from django.urls import path

from jobhunt import views_documents

urlpatterns = [
    path("", views_documents.document_list, name="document_list"),
    path("<int:pk>/", views_documents.document_detail, name="document_detail"),
    path("<int:pk>/download/", views_documents.document_download, name="document_download"),
    path("<int:pk>/delete/", views_documents.document_delete, name="document_delete"),
]
