from django.contrib import admin

from victimcare.directory.models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "service_type", "provider", "is_national"]
    list_filter = ["service_type", "is_national"]
    search_fields = ["name"]
