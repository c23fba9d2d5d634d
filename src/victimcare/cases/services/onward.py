"""Onward referrals to specialist services: moving one on (accepted, declined, worked,
completed, withdrawn). Sending one, with consent and a sharing agreement, is a journey
(journeys/onward.py)."""

from django.db import transaction

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.models import (
    ONWARD_STATES,
    Case,
    OnwardReferral,
    OnwardReferralStatus,
)
from victimcare.cases.services.opening import cases_triage_sync
from victimcare.cases.services.versions import CaseChangeRefused
from victimcare.core.states import InvalidTransition
from victimcare.referrals.models import AutoReferralChoice, Consent, Referral

CONSENTED = "The victim consented to referral to support services"


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
        raise CaseChangeRefused("Enter why the referral is declined", field="reason")
    previous = current.status
    current.status = status
    current.declined_reason = reason.strip() if status == OnwardReferralStatus.DECLINED else ""
    current._history_user = actor  # type: ignore[attr-defined]
    current.save(update_fields=["status", "declined_reason", "updated_at"])
    audit_event_record(
        action=AuditAction.ONWARD_REFERRAL_STATUS_CHANGED,
        obj=current,
        actor=actor,
        data={"from": previous, "to": status},
    )
    onward.status = current.status
    return current


def case_consent_given(*, case: Case, service_name: str, actor: User) -> bool:
    """The victim agreed to be referred to a service (inside the referral's transaction): the
    case's referral now records their consent, so it no longer awaits consent or says "not
    asked". A business is still not referred automatically. Returns whether it changed."""
    referral = Referral.objects.select_for_update().get(pk=case.referral_id)
    route = (
        referral.auto_referral
        if referral.entitlement_level == "business"
        else AutoReferralChoice.CONSENT_GIVEN
    )
    if referral.referral_consent == Consent.GIVEN and referral.auto_referral == route:
        return False
    before = {
        "referral_consent": referral.referral_consent,
        "auto_referral": referral.auto_referral,
    }
    referral.referral_consent = Consent.GIVEN
    if route != referral.auto_referral:
        referral.auto_referral = route
        referral.auto_referral_reason = f"{CONSENTED} (given with the referral to {service_name})"[
            :300
        ]
    referral._history_user = actor  # type: ignore[attr-defined]
    referral.save(update_fields=["referral_consent", "auto_referral", "auto_referral_reason"])
    cases_triage_sync(referral_ids=[referral.pk])
    audit_event_record(
        action=AuditAction.REFERRAL_CONSENT_GIVEN,
        obj=case,
        actor=actor,
        data={"before": before, "referral_id": referral.pk},
    )
    case.referral = referral
    return True
