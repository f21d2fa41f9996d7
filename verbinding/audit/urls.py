from django.urls import path

from verbinding.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("register.csv", views.audit_csv, name="csv"),
]
