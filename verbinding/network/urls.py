from django.urls import path

from verbinding.network import views

app_name = "network"
urlpatterns = [
    path("household/<int:household_id>/", views.network_map, name="map"),
    path("member/<int:member_id>/", views.member_detail, name="member"),
    path("member/<int:member_id>/tie/", views.tie_change, name="tie"),
    path("member/<int:member_id>/details/", views.member_details, name="details"),
    path("member/<int:member_id>/consent/", views.consent_add, name="consent"),
    path("member/<int:member_id>/end/", views.member_end, name="end"),
]
