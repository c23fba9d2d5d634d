from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from victimcare.core.spreadsheets import csv_dict_writer
from victimcare.directory.csvio import COLUMNS, export_rows
from victimcare.directory.models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "service_type", "provider", "is_national", "commissioned"]
    list_filter = ["service_type", "is_national", "commissioned"]
    search_fields = ["name"]
    actions = ["export_csv"]

    @admin.action(description="Export the selected services as CSV")
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="services.csv"'
        writer = csv_dict_writer(response, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(export_rows(queryset.select_related("provider").order_by("name")))
        return response
