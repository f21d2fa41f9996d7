from django.urls import path

from verbinding.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:job_id>/retry/", views.retry, name="retry"),
]
