from django.urls import path

from victimcare.insights import views

app_name = "insights"
urlpatterns = [
    path("insights/needs-analysis/", views.needs_analysis, name="needs-analysis"),
    path("insights/needs-analysis/export.csv", views.needs_analysis_csv, name="needs-analysis-csv"),
    path("insights/victim-services-return/", views.quarterly_return, name="return"),
    *[
        path(
            f"insights/victim-services-return/export.{file_format}",
            views.quarterly_return_export,
            {"file_format": file_format},
            name=f"return-{file_format}",
        )
        for file_format in ("csv", "xlsx", "pdf")
    ],
]
