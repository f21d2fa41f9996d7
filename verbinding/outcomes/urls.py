"""The outcomes dashboard: figures, their CSV, and the households behind them."""

from django.urls import path

from verbinding.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:key>.csv", views.figure_csv, name="csv"),
    path("<slug:key>/households/", views.figure_households, name="households"),
]
