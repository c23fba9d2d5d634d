from django.urls import path

from victimcare.commissioning import views

app_name = "commissioning"
urlpatterns = [
    path("commissioning/", views.home, name="home"),
    path("commissioning/funding/", views.funding, name="funding"),
    path("commissioning/cycle/", views.cycle, name="cycle"),
    path("commissioning/consultations/", views.consultations, name="consultations"),
    path(
        "commissioning/consultations/<uuid:consultation_id>/",
        views.consultation_responses,
        name="consultation-responses",
    ),
    path(
        "commissioning/consultations/<uuid:consultation_id>/export.csv",
        views.consultation_export,
        name="consultation-export",
    ),
]
