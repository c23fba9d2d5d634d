"""Administrators set the retention schedule, sharing agreements and legal holds.

Each change is written with an audit event in the same transaction.
"""

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.core.access import staff_user
from victimcare.dataprotection.models import (
    DataSharingAgreement,
    DisposalLogEntry,
    LegalHold,
    RetentionRule,
)


class AuditedAdmin(admin.ModelAdmin):
    # What the audit trail says when a record is added, and when one is changed.
    audit_actions: tuple[AuditAction, AuditAction]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actor = staff_user(request)
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_event_record(
                action=self.audit_actions[1] if change else self.audit_actions[0],
                obj=obj,
                actor=actor,
                data={"fields": sorted(form.changed_data)},
            )

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(DataSharingAgreement)
class DataSharingAgreementAdmin(AuditedAdmin):
    list_display = ["reference", "party", "starts_on", "ends_on", "revoked_at"]
    list_filter = ["lawful_basis"]
    audit_actions = (
        AuditAction.DATA_SHARING_AGREEMENT_ADDED,
        AuditAction.DATA_SHARING_AGREEMENT_CHANGED,
    )


@admin.register(RetentionRule)
class RetentionRuleAdmin(AuditedAdmin):
    list_display = ["record_type", "keep_for_months", "basis"]
    audit_actions = (AuditAction.RETENTION_RULE_ADDED, AuditAction.RETENTION_RULE_CHANGED)


@admin.register(LegalHold)
class LegalHoldAdmin(AuditedAdmin):
    list_display = ["pk", "person_id", "placed_at", "lifted_at"]
    raw_id_fields = ["person"]
    readonly_fields = ["placed_by"]
    audit_actions = (AuditAction.LEGAL_HOLD_ADDED, AuditAction.LEGAL_HOLD_CHANGED)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.placed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(DisposalLogEntry)
class DisposalLogEntryAdmin(admin.ModelAdmin):
    list_display = ["disposed_at", "record_type", "object_type", "object_id", "rule"]
    list_filter = ["record_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
