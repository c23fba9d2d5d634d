from django.urls import path

from victimcare.referrals import views

app_name = "referrals"
urlpatterns = [
    path("imports/", views.imports, name="imports"),
    path("imports/<int:run_id>/", views.import_detail, name="import"),
    path("imports/<int:run_id>/report.csv", views.import_report, name="import-report"),
    path("imports/<int:run_id>/progress.json", views.import_progress, name="import-progress"),
]
