"""Referring the victim on to a specialist service: with their consent, only what they
agreed to share, only under a data sharing agreement in force (dataprotection); the
disclosure is logged with its basis. The consent given is the case's consent to referral
from then on."""

from collections.abc import Sequence

from django.db import transaction

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record, disclosure_record
from victimcare.cases.models import Case, OnwardReferral, ShareGroup
from victimcare.cases.services.onward import case_consent_given
from victimcare.cases.services.versions import refuse_once_ended
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
    The disclosure is logged with the agreement as its basis. An ended case refers no one
    until it is reopened (CaseEnded)."""
    refuse_once_ended(case, "referring the victim to a service")
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
    case_consent_given(case=case, service_name=service.name, actor=actor)
    audit_event_record(
        action=AuditAction.ONWARD_REFERRAL_SENT,
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
