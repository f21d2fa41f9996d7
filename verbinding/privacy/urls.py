from django.urls import path

from verbinding.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("household/<int:household_id>/", views.household, name="household"),
    path("household/<int:household_id>/rectify/", views.rectify, name="rectify"),
    path("household/<int:household_id>/erase/", views.erase, name="erase"),
    path("household/<int:household_id>/inzage.json", views.export_json, name="json"),
    path("household/<int:household_id>/inzage.pdf", views.export_pdf, name="pdf"),
]
