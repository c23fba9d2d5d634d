"""Writes to cases. Each service runs in one transaction and writes its audit event there."""

from collections.abc import Sequence

from django.db import transaction

from victimcare.accounts.models import User
from victimcare.audit.services import (
    audit_event,
    audit_event_record,
    audit_events_save,
    disclosure_record,
)
from victimcare.cases.allocation import cases_allocate
from victimcare.cases.models import (
    Case,
    CaseStatus,
    OnwardReferral,
    ShareGroup,
    new_case_reference,
)
from victimcare.dataprotection.selectors import agreement_in_force
from victimcare.directory.models import Service
from victimcare.referrals.models import Referral


@transaction.atomic
def cases_open_for_referrals(
    *, referrals: Sequence[Referral], actor: User | None = None, actor_label: str = ""
) -> list[Case]:
    """Open the case for each new referral: routed to its hub, with its contact deadline
    and, where the hub allocates automatically, its named officer."""
    cases = [
        Case(
            reference=new_case_reference(),
            referral=referral,
            person=referral.person,
            team=referral.team,
            contact_deadline=referral.contact_due_by,
            contact_deadline_reason=referral.contact_due_reason,
            lawful_basis=referral.lawful_basis,
        )
        for referral in referrals
    ]
    cases_allocate(cases=cases)
    Case.objects.bulk_create(cases)
    Case.history.bulk_history_create(
        cases, default_user=actor, default_change_reason=actor_label or "case opened"
    )
    events = []
    for case in cases:
        opened = {"referral_id": case.referral_id, "team_id": case.team_id}
        events.append(
            audit_event(
                action="case.opened", obj=case, actor=actor, actor_label=actor_label, data=opened
            )
        )
        if case.officer_id:
            allocated = {"officer_id": case.officer_id, "reason": case.allocation_reason}
            events.append(
                audit_event(
                    action="case.allocated",
                    obj=case,
                    actor=actor,
                    actor_label=actor_label,
                    data=allocated,
                )
            )
    audit_events_save(events)
    return cases


@transaction.atomic
def case_refresh_from_referral(
    *, case: Case, actor: User | None = None, actor_label: str = ""
) -> list[str]:
    """After a referral was updated: recompute the deadline and, while new, the hub.

    Returns the names of the case fields that changed.
    """
    referral = case.referral
    changed: list[str] = []
    due = (referral.contact_due_by, referral.contact_due_reason)
    if (case.contact_deadline, case.contact_deadline_reason) != due:
        case.contact_deadline, case.contact_deadline_reason = due
        changed += ["contact_deadline", "contact_deadline_reason"]
    if case.status == CaseStatus.NEW and case.team_id != referral.team_id:
        case.team_id = referral.team_id
        changed.append("team")
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
        audit_event_record(
            action="case.updated_from_referral",
            obj=case,
            actor=actor,
            actor_label=actor_label,
            data={"fields": changed},
        )
    return changed


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
