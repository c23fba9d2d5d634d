"""Onward referrals to specialist services: sending with consent, and their status."""

from collections.abc import Sequence

from django.db import transaction

from victimcare.accounts.models import User
from victimcare.audit.services import audit_event_record, disclosure_record
from victimcare.cases.models import (
    ONWARD_TRANSITIONS,
    Case,
    OnwardReferral,
    OnwardReferralStatus,
    ShareGroup,
)
from victimcare.cases.services.versions import CaseChangeRefused
from victimcare.dataprotection.selectors import agreement_in_force
from victimcare.directory.models import Service


class SharingRefused(Exception):
    """A referral to a service cannot be sent; the message says why, for the officer."""


@transaction.atomic
def onward_referral_send(
    *,
    case: Case,
    service: Service,
    consent_given: bool,
    shared: Sequence[str],
    reason: str,
    actor: User,
) -> OnwardReferral:
    """Refer the victim to a specialist service: only with their consent, only the parts
    they agreed to share, only to an organisation the hub has a sharing agreement with.
    The disclosure is logged with the agreement as its basis."""
    if not consent_given:
        raise SharingRefused("The victim must agree before their details go to a service")
    unknown = set(shared) - set(ShareGroup.values)
    if not shared or unknown:
        raise SharingRefused("Choose what the victim agreed to share")
    provider = service.provider
    if provider is None:
        raise SharingRefused(
            f"{service.name} takes no referrals from the hub: give the victim its details"
        )
    in_house = case.team is not None and case.team.organisation_id == provider.pk
    agreement = None if in_house else agreement_in_force(organisation=provider)
    if agreement is None and not in_house:
        raise SharingRefused(
            f"There is no data sharing agreement in force with {provider.name}, so nothing "
            "can be sent to it. Ask your data protection officer."
        )
    onward = OnwardReferral.objects.create(
        case=case,
        service=service,
        consent_given=True,
        shared=[group for group in ShareGroup.values if group in shared],
        reason=reason,
        agreement=agreement,
        sent_by=actor,
    )
    audit_event_record(
        action="onward_referral.sent",
        obj=onward,
        actor=actor,
        data={"case_id": case.pk, "service_id": service.pk, "shared": onward.shared},
    )
    disclosure_record(
        recipient=provider.name,
        route="onward referral",
        object_type="cases.case",
        object_ids=[case.pk],
        person_ids=[case.person_id],
        lawful_basis="Consent of the victim"
        + (
            f"; data sharing agreement {agreement.reference}" if agreement else "; in-house service"
        ),
        actor=actor,
    )
    return onward


@transaction.atomic
def onward_referral_update(
    *, onward: OnwardReferral, status: str, actor: User, reason: str = ""
) -> OnwardReferral:
    """Move an onward referral on: the service accepts, declines (with a reason), works and
    completes it; the hub withdraws it. Anything else is refused."""
    current = OnwardReferral.objects.select_for_update().select_related("service").get(pk=onward.pk)
    mover = ONWARD_TRANSITIONS.get(current.status, {}).get(status)
    if mover is None:
        raise CaseChangeRefused(
            f"A referral that is {current.get_status_display().lower()} cannot become "
            f"{OnwardReferralStatus(status).label.lower()}"
        )
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
        action="onward_referral.status_changed", obj=current, actor=actor,
        data={"from": previous, "to": status},
    )  # fmt: skip
    onward.status = current.status
    return current
