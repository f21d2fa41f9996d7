from django.urls import path

from verbinding.earlysignals import views

app_name = "earlysignals"
urlpatterns = [
    path("", views.signal_list, name="list"),
    path("export/", views.signal_export, name="export"),
    path("policy/", views.policy, name="policy"),
    path("household/<int:household_id>/", views.household_checklist, name="household"),
    path("signal/<int:signal_id>/outcome/", views.signal_outcome, name="outcome"),
]
