from django.urls import path

from verbinding.nuisance import views

app_name = "nuisance"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("report/", views.report_start, name="report_start"),
    path("report/<int:household_id>/", views.report_new, name="report_new"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/accounts/", views.account_add, name="account_add"),
    path(
        "<int:case_id>/parties/<int:party_id>/invite/",
        views.invitation_add,
        name="invitation_add",
    ),
    path("<int:case_id>/parties/<int:party_id>/as-seen/", views.party_view, name="party_view"),
    path("<int:case_id>/parties/", views.party_add, name="party_add"),
    path("<int:case_id>/incidents/", views.incident_add, name="incident_add"),
    path("<int:case_id>/steps/", views.step_add, name="step_add"),
    path("<int:case_id>/steps/<int:step_id>/done/", views.step_done, name="step_done"),
    path("<int:case_id>/mediations/", views.mediation_add, name="mediation_add"),
    path(
        "<int:case_id>/mediations/<int:mediation_id>/outcome/",
        views.mediation_outcome,
        name="mediation_outcome",
    ),
    path("<int:case_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:case_id>/close/", views.close, name="close"),
]
