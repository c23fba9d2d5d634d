"""Writing the audit trail. Callers are services (changes) and selectors (reads: never a
page, tests/audit/test_reads_logged.py)."""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from victimcare.audit.actions import AuditAction
from victimcare.audit.models import AccessLogEntry, AuditEvent, DisclosureEntry
from victimcare.core.bulk import bulk_insert, new_unsaved

if TYPE_CHECKING:  # audit sits below accounts: it names the user type, never imports it
    from victimcare.accounts.models import User


def audit_event(
    *,
    action: AuditAction,
    obj: models.Model,
    actor: "User | None" = None,
    actor_label: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """An unsaved audit event, for `audit_events_save` to write with others in one go."""
    return new_unsaved(
        AuditEvent,
        {
            "action": action,
            "actor": actor,
            "actor_label": actor_label,
            "object_type": obj._meta.label_lower,
            "object_id": str(obj.pk),
            "data": data or {},
        },
    )


def audit_events_save(events: Sequence[AuditEvent]) -> None:
    """Write audit events. Must run inside the caller's transaction so both land or neither."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events written outside a transaction")
    bulk_insert(events)


def audit_event_record(
    *,
    action: AuditAction,
    obj: models.Model,
    actor: "User | None" = None,
    actor_label: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one change, inside the caller's transaction."""
    event = audit_event(action=action, obj=obj, actor=actor, actor_label=actor_label, data=data)
    audit_events_save([event])
    return event


def people_key(person_ids: Iterable[Any]) -> str:
    """The people a log row is about, as ",1,2," so an auditor can search for ",1,"."""
    ids = sorted({int(pk) for pk in person_ids if pk is not None})
    return f",{','.join(map(str, ids))}," if ids else ""


def access_record(
    *,
    user: "User | None",
    route: str,
    object_type: str,
    object_ids: Iterable[Any],
    person_ids: Iterable[Any],
    justification: str = "",
    actor_label: str = "",
) -> AccessLogEntry:
    """Record that `user` (or a named non-web actor) read these records through `route`,
    naming the people whose data they hold so the auditor can search by person."""
    return AccessLogEntry.objects.create(
        user=user,
        actor_label=actor_label,
        route=route,
        object_type=object_type,
        object_ids=[str(pk) for pk in object_ids],
        people=people_key(person_ids),
        justification=justification,
    )


def access_record_of(
    *,
    user: "User",
    route: str,
    obj: models.Model,
    person_ids: Iterable[Any],
    justification: str = "",
) -> AccessLogEntry:
    """Record that `user` read one record (named by its model and id) through `route`."""
    return access_record(
        user=user,
        route=route,
        object_type=obj._meta.label_lower,
        object_ids=[obj.pk],
        person_ids=person_ids,
        justification=justification,
    )


def disclosure_record(
    *,
    recipient: str,
    route: str,
    object_type: str,
    object_ids: Iterable[Any],
    person_ids: Iterable[Any],
    lawful_basis: str,
    actor: "User | None" = None,
    actor_label: str = "",
) -> DisclosureEntry:
    """Record that these records left the hub, to whom and on what lawful basis."""
    return DisclosureEntry.objects.create(
        recipient=recipient,
        route=route,
        object_type=object_type,
        object_ids=[str(pk) for pk in object_ids],
        people=people_key(person_ids),
        lawful_basis=lawful_basis,
        actor=actor,
        actor_label=actor_label,
    )
