from django.urls import path

from victimcare.assessments import views

app_name = "assessments"
urlpatterns = [
    path("cases/<int:case_id>/needs/<str:stage>/", views.needs_assessment, name="needs"),
    path("cases/<int:case_id>/risk/", views.risk_checklist, name="risk"),
    path("cases/<int:case_id>/protection/", views.protection_needs, name="protection"),
]
