from django.urls import path

from verbinding.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("household/<int:household_id>/inzage.json", views.export_json, name="json"),
    path("household/<int:household_id>/inzage.pdf", views.export_pdf, name="pdf"),
]
