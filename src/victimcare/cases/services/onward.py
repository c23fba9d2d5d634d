"""Onward referrals to specialist services: moving one on (accepted, declined, worked,
completed, withdrawn). Sending one, with consent and a sharing agreement, is a journey
(journeys/onward.py)."""

from django.db import transaction

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.models import (
    ONWARD_STATES,
    OnwardReferral,
    OnwardReferralStatus,
)
from victimcare.cases.services.versions import CaseChangeRefused
from victimcare.core.states import InvalidTransition


@transaction.atomic
def onward_referral_update(
    *, onward: OnwardReferral, status: str, actor: User, reason: str = ""
) -> OnwardReferral:
    """Move an onward referral on: the service accepts, declines (with a reason), works and
    completes it; the hub withdraws it. Anything else is refused."""
    current = OnwardReferral.objects.select_for_update().select_related("service").get(pk=onward.pk)
    try:
        mover = ONWARD_STATES.transition(current.status, status).by
    except InvalidTransition as refused:
        raise CaseChangeRefused(refused.reason) from None
    is_service = actor.organisation_id is not None and (
        actor.organisation_id == current.service.provider_id
    )
    if (mover == "service") != is_service:
        who = "the receiving service" if mover == "service" else "the hub"
        raise CaseChangeRefused(f"Only {who} can make this change")
    if status == OnwardReferralStatus.DECLINED and not reason.strip():
        raise CaseChangeRefused("Enter why the referral is declined")
    previous = current.status
    current.status = status
    current.declined_reason = reason.strip() if status == OnwardReferralStatus.DECLINED else ""
    current._history_user = actor  # type: ignore[attr-defined]
    current.save(update_fields=["status", "declined_reason", "updated_at"])
    audit_event_record(
        action=AuditAction.ONWARD_REFERRAL_STATUS_CHANGED, obj=current, actor=actor,
        data={"from": previous, "to": status},
    )  # fmt: skip
    onward.status = current.status
    return current
