"""Writing the audit trail. Callers are services (changes) and views (reads)."""

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from victimcare.accounts.models import User
from victimcare.audit.models import AccessLogEntry, AuditEvent


def audit_event_record(
    *,
    action: str,
    obj: models.Model,
    actor: User | None = None,
    actor_label: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record a change. Must run inside the caller's transaction so both land or neither."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"audit event {action} written outside a transaction")
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data or {},
    )


def access_record(
    *,
    user: User | None,
    route: str,
    object_type: str,
    object_ids: Iterable[Any],
    justification: str = "",
    actor_label: str = "",
) -> AccessLogEntry:
    """Record that `user` read these records of `object_type` through `route`."""
    return AccessLogEntry.objects.create(
        user=user,
        actor_label=actor_label,
        route=route,
        object_type=object_type,
        object_ids=[str(pk) for pk in object_ids],
        justification=justification,
    )
