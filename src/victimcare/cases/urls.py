from django.urls import path

from victimcare.cases import views

app_name = "cases"
urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("cases/<int:case_id>/", views.case_detail, name="detail"),
]
