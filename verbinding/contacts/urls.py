from django.urls import path

from verbinding.contacts import offline, views

app_name = "contacts"
urlpatterns = [
    path("new/", views.contact_new, name="new"),
    path("offline/", offline.contact_offline, name="offline"),
    path("household/<int:household_id>/", views.household_timeline, name="timeline"),
    path("<int:contact_id>/follow-up-done/", views.follow_up_done, name="follow_up_done"),
]
