"""Imports: upload, results, history and the review list of unmatched bank lines."""

from django.urls import path

from verbinding.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:run_id>/", views.detail, name="detail"),
    path("review/", views.review, name="review"),
    path("review/<int:item_id>/assign/", views.assign, name="assign"),
]
