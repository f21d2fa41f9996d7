from django.urls import path

from verbinding.referrals import views

app_name = "referrals"
urlpatterns = [
    path("household/<int:household_id>/", views.household, name="household"),
    path("<int:referral_id>/revoke/", views.revoke, name="revoke"),
    path("r/<str:token>/", views.answer, name="answer"),
]
