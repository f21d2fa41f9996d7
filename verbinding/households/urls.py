from django.urls import path

from verbinding.households import views, views_team

app_name = "households"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("<int:household_id>/", views.household_detail, name="detail"),
    path("<int:household_id>/ledger/", views.household_ledger, name="ledger"),
    path("<int:household_id>/owner/", views_team.household_owner, name="owner"),
    path("team/", views_team.team_caseload, name="team"),
    path("<int:household_id>/contact/", views.household_contact_preferences, name="contact"),
    path("<int:household_id>/flags/", views.safety_flag_add, name="flag_add"),
    path("<int:household_id>/flags/<int:flag_id>/end/", views.safety_flag_end, name="flag_end"),
]
