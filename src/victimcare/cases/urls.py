from django.urls import path

from victimcare.cases import views

app_name = "cases"
urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("queue/consent/", views.queue, {"queue_list": "consent"}, name="queue-consent"),
    path("queue/recorded/", views.queue, {"queue_list": "recorded"}, name="queue-recorded"),
    path("cases/<int:case_id>/", views.case_detail, name="detail"),
]
