from django.urls import path

from verbinding.escalation import views

app_name = "escalation"
urlpatterns = [
    path("overrides/", views.override_report, name="overrides"),
    path("household/<int:household_id>/", views.escalation_page, name="household"),
]
