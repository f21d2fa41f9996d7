"""Arrears and early signals: the policy page for management."""

from django.urls import path

from verbinding.arrears import views

app_name = "arrears"
urlpatterns = [
    path("policy/", views.policy, name="policy"),
]
