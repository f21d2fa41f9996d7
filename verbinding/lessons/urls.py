"""Shared lessons: browse and search, write one on a closed case (``new/?case=<id>``)."""

from django.urls import path

from verbinding.lessons import views

app_name = "lessons"
urlpatterns = [
    path("", views.lesson_list, name="list"),
    path("new/", views.lesson_new, name="new"),
    path("<int:lesson_id>/", views.lesson_detail, name="detail"),
]
