from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from victimcare.audit.actions import AuditAction, action_description
from victimcare.audit.models import AccessLogEntry, AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class WhatHappenedFilter(admin.SimpleListFilter):
    """Filter the trail by action, named in words."""

    title = "what happened"
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(value), str(label)) for value, label in AuditAction.choices]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "occurred_at",
        "what_happened",
        "actor",
        "actor_label",
        "object_type",
        "object_id",
    ]
    list_filter = [WhatHappenedFilter]

    @admin.display(description="What happened", ordering="action")
    def what_happened(self, event: AuditEvent) -> str:
        return action_description(event.action)


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "user", "route", "object_type"]
