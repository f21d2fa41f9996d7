"""Tenant appreciation: asking (advisor), answering (tenant, on the advisor's phone or by link)."""

from django.urls import path

from verbinding.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.ask, name="ask"),
    path("contact/<int:contact_id>/hand-over/", views.handover, name="handover"),
    path("contact/<int:contact_id>/tenant/", views.kitchen, name="kitchen"),
    path("contact/<int:contact_id>/thanks/", views.kitchen_thanks, name="kitchen_thanks"),
    path("contact/<int:contact_id>/link/", views.link_new, name="link"),
    path("named/", views.named, name="named"),
    # Public, without logging in:
    path("t/<str:token>/", views.answer, name="answer"),
    path("code/", views.code_entry, name="code"),
    path("thanks/", views.answer_thanks, name="answer_thanks"),
]
