from django.urls import path

from verbinding.security import views

app_name = "security"
urlpatterns = [
    path("", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
    path("codes/", views.recovery_codes, name="codes"),
]
