from dataclasses import asdict
from typing import Any

from django.db import transaction

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.entitlements.models import RuleConfiguration
from victimcare.entitlements.rules import RuleValues


@transaction.atomic
def rule_configuration_update(*, actor: User, values: RuleValues) -> RuleConfiguration:
    """Change the deployment's rule values; the old and new values are audited."""
    configuration, _ = RuleConfiguration.objects.select_for_update().get_or_create(pk=1)
    # Tuples are stored as JSON lists; compare them as lists.
    before = {
        k: list(v) if isinstance(v, tuple) else v
        for k, v in asdict(configuration.as_values()).items()
    }
    after: dict[str, Any] = {
        k: list(v) if isinstance(v, tuple) else v for k, v in asdict(values).items()
    }
    for name, value in after.items():
        setattr(configuration, name, value)
    configuration.save()
    changed = {
        name: {"from": before[name], "to": after[name]}
        for name in after
        if before[name] != after[name]
    }
    audit_event_record(
        action=AuditAction.ENTITLEMENTS_RULES_CHANGED,
        obj=configuration,
        actor=actor,
        data={"changed": changed},
    )
    return configuration
