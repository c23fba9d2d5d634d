from django.urls import path

from victimcare.commissioning import views

app_name = "commissioning"
urlpatterns = [
    path("commissioning/", views.home, name="home"),
    path("commissioning/funding/", views.funding, name="funding"),
    path("commissioning/cycle/", views.cycle, name="cycle"),
    path("commissioning/cycle/stages/<int:stage_id>/", views.stage_dates, name="stage-dates"),
    path("commissioning/performance/", views.performance, name="performance"),
    path("commissioning/returns/template.csv", views.return_template, name="return-template"),
    path("commissioning/lots/<int:lot_id>/returns/", views.provider_return, name="lot-returns"),
    path("commissioning/lots/<int:lot_id>/kpis/", views.kpi_add, name="lot-kpi"),
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
