"""API keys for sending organisations: issue, verify, revoke."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import ApiKey, Organisation, User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record

KEY_PREFIX = "vch"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_key_issue(
    *, organisation: Organisation, name: str, actor: User | None = None, token: str | None = None
) -> tuple[ApiKey, str]:
    """Create a key; the token is returned once and never stored. `token` is for demo data."""
    prefix = secrets.token_hex(4)
    token = token or f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    if token.count("_") >= 2:
        prefix = token.split("_", 2)[1][:16]
    key = ApiKey.objects.create(
        organisation=organisation, name=name, prefix=prefix, digest=_digest(token)
    )
    audit_event_record(
        action=AuditAction.API_KEY_ISSUED,
        obj=key,
        actor=actor,
        actor_label="" if actor else "system",
        data={"organisation_id": organisation.pk, "prefix": prefix},
    )
    return key, token


@transaction.atomic
def api_key_revoke(*, key: ApiKey, actor: User) -> ApiKey:
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    audit_event_record(
        action=AuditAction.API_KEY_REVOKED, obj=key, actor=actor, data={"prefix": key.prefix}
    )
    return key


def api_key_verify(token: str) -> ApiKey | None:
    """The live key for this token, or None (unknown or revoked)."""
    key = (
        ApiKey.objects.select_related("organisation")
        .filter(digest=_digest(token), revoked_at__isnull=True)
        .first()
    )
    if key is not None:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key
