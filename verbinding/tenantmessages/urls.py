from django.urls import path

from verbinding.tenantmessages import views

app_name = "tenantmessages"
urlpatterns = [
    path("household/<int:household_id>/send/", views.send, name="send"),
    path("household/<int:household_id>/reminders/", views.consent, name="consent"),
]
