from django.urls import path

from verbinding.arrangements import views

app_name = "arrangements"
urlpatterns = [
    path("", views.arrangement_list, name="list"),
    path("policy/", views.policy, name="policy"),
    path("new/<int:household_id>/", views.arrangement_new, name="new"),
    path("offer/<int:household_id>/", views.arrangement_offer, name="offer"),
    path("<int:arrangement_id>/", views.arrangement_detail, name="detail"),
    path("<int:arrangement_id>/decide/", views.arrangement_decide, name="decide"),
    path("<int:arrangement_id>/status/", views.arrangement_status, name="status"),
]
