from django.urls import path

from verbinding.plans import views

app_name = "plans"
urlpatterns = [
    path("household/<int:household_id>/", views.plan_detail, name="plan"),
    path("household/<int:household_id>/goals/", views.goal_add, name="goal_add"),
    path("household/<int:household_id>/agreements/", views.agreement_add, name="agreement_add"),
    path("household/<int:household_id>/print/", views.plan_print, name="print"),
    path("household/<int:household_id>/plan.pdf", views.plan_pdf, name="pdf"),
    path("agreements/<int:agreement_id>/status/", views.agreement_status, name="agreement_status"),
]
