from django.contrib import admin
from django.http import HttpRequest

from victimcare.core.access import staff_user
from victimcare.entitlements.models import RuleConfiguration
from victimcare.entitlements.services import rule_configuration_update


@admin.register(RuleConfiguration)
class RuleConfigurationAdmin(admin.ModelAdmin):
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not RuleConfiguration.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: RuleConfiguration, form: object, change: bool
    ) -> None:
        actor = staff_user(request)
        obj.pk = 1
        rule_configuration_update(actor=actor, values=obj.as_values())
