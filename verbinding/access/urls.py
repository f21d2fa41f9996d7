from django.urls import path

from verbinding.access import views

app_name = "access"
urlpatterns = [
    path("household/<int:household_id>/", views.glass, name="glass"),
    path("grants/", views.grants, name="grants"),
]
