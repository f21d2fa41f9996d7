"""Arrears and early signals: the policy page for management."""

from django.urls import path

from verbinding.arrears import views

app_name = "arrears"
urlpatterns = [
    path("policy/", views.policy, name="policy"),
    path("households/<int:household_id>/due-day/", views.due_day, name="due_day"),
]
