from django.urls import path

from verbinding.cases import views

app_name = "cases"
urlpatterns = [
    path("open/", views.case_open, name="open"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/status/", views.case_status, name="status"),
]
