from django.urls import path

from verbinding.dayplan import offline, views

app_name = "dayplan"
urlpatterns = [
    path("", views.today, name="today"),
    path("visits/<int:visit_id>/not-home/", views.not_home, name="not_home"),
    path("cards/", views.cards, name="cards"),
    path("offline/", offline.offline_round, name="offline"),
    path("offline/<int:household_id>/", offline.offline_household, name="offline_household"),
]
