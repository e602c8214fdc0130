from django.urls import path

from home import views

app_name = "home"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("applications/<int:pk>/accepted/", views.offer_accepted, name="offer_accepted"),
]
