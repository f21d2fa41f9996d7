from django.urls import path

from verbinding.letters import views

app_name = "letters"
urlpatterns = [
    path("new/<int:household_id>/", views.letter_new, name="new"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<str:kind>/", views.template_edit, name="template_edit"),
    path("<int:letter_id>/", views.letter_detail, name="detail"),
    path("<int:letter_id>/pdf/", views.letter_download, name="pdf"),
    path("<int:letter_id>/receipt/", views.letter_receipt, name="receipt"),
]
