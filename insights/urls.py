from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("mood/", views.mood, name="mood"),
    path("feedback/", views.feedback, name="feedback"),
    path("rejections/", views.rejections, name="rejections"),
]
