"""Restorative justice: the victim's request and its steps (RESTORATIVE_STATES)."""

import datetime

from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.models import Case, TaskKind
from victimcare.cases.services.tasks import task_open
from victimcare.cases.services.versions import CaseChangeRefused
from victimcare.core.states import InvalidTransition
from victimcare.justice import rules
from victimcare.justice.models import RESTORATIVE_STATES, RestorativeJustice, RestorativeStatus
from victimcare.justice.services.duties import meet_duties


@transaction.atomic
def restorative_request(
    *, case: Case, requested_on: datetime.date, actor: User
) -> RestorativeJustice:
    """The victim asked about restorative justice: information within 1 or 5 working days."""
    if requested_on > timezone.localdate():
        raise CaseChangeRefused(
            "The date the victim asked cannot be in the future", field="requested_on"
        )
    ended = [RestorativeStatus.FINISHED, RestorativeStatus.NOT_PROCEEDING]
    if case.restorative.exclude(status__in=ended).exists():
        raise CaseChangeRefused("This victim already has a restorative justice referral open")
    referral = case.referral
    restorative = RestorativeJustice.objects.create(
        case=case, requested_on=requested_on, updated_by=actor
    )
    within = referral.update_within_working_days
    task_open(
        case=case,
        kind=TaskKind.RJ_INFORMATION,
        title="Give the victim information about restorative justice",
        due_on=rules.restorative_justice_information_due(requested_on, within),
        reason=f"Victims' Code: within {within} working day{'s' if within != 1 else ''} "
        "of the victim asking",
    )
    audit_event_record(
        action=AuditAction.JUSTICE_RESTORATIVE_REQUESTED,
        obj=case,
        actor=actor,
        data={"restorative_id": restorative.pk},
    )
    return restorative


@transaction.atomic
def restorative_advance(
    *,
    case: Case,
    restorative: RestorativeJustice,
    to_status: str,
    actor: User,
    suitable: bool | None = None,
    assessment_notes: str = "",
    offender_consent: bool | None = None,
    facilitator: str = "",
    outcome: str = "",
) -> RestorativeJustice:
    """Move a restorative justice referral one step, recording what that step needs."""
    current = RestorativeJustice.objects.select_for_update().get(pk=restorative.pk, case=case)
    try:
        RESTORATIVE_STATES.transition(current.status, to_status)
    except InvalidTransition as refused:
        raise CaseChangeRefused(refused.reason) from None
    if to_status == RestorativeStatus.ASSESSED:
        if suitable is None:
            raise CaseChangeRefused(
                "Say whether restorative justice is suitable and safe", field="suitable"
            )
        if not suitable:
            raise CaseChangeRefused(
                "If it is not suitable or safe, choose 'not going ahead'", field="suitable"
            )
        current.suitable, current.assessment_notes = suitable, assessment_notes  # type: ignore[assignment]
    if to_status == RestorativeStatus.OFFENDER_ASKED:
        if offender_consent is not True:
            raise CaseChangeRefused(
                "Record that the offender agreed, or choose 'not going ahead' if they did not"
            )
        current.offender_consent = True
    if to_status == RestorativeStatus.FACILITATED:
        if not facilitator.strip():
            raise CaseChangeRefused("Enter the facilitator", field="facilitator")
        current.facilitator = facilitator.strip()
    if to_status in (RestorativeStatus.FINISHED, RestorativeStatus.NOT_PROCEEDING):
        if not outcome.strip():
            raise CaseChangeRefused("Enter the outcome", field="outcome")
        current.outcome = outcome.strip()  # type: ignore[assignment]
    if to_status == RestorativeStatus.INFORMED:
        meet_duties(
            case, [TaskKind.RJ_INFORMATION], actor, "Information about restorative justice given"
        )
    current.status, current.updated_by = to_status, actor
    current.save()
    audit_event_record(
        action=AuditAction.JUSTICE_RESTORATIVE_MOVED,
        obj=case,
        actor=actor,
        data={"restorative_id": current.pk, "to": to_status},
    )
    return current
