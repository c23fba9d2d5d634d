"""Writes to cases. Each service runs in one transaction and writes its audit event there."""

from django.db import transaction

from victimcare.accounts.models import Team, User
from victimcare.audit.services import audit_event_record
from victimcare.cases.models import Case, CaseStatus
from victimcare.entitlements.rules import contact_deadline
from victimcare.referrals.models import Referral


@transaction.atomic
def case_open_for_referral(
    *, referral: Referral, actor: User | None = None, actor_label: str = ""
) -> Case:
    """Open the case for a new referral, routed to the referral's hub, deadline set."""
    deadline = contact_deadline(referral.reported_at)
    case = Case.objects.create(
        referral=referral,
        person=referral.person,
        team=referral.team,
        contact_deadline=deadline.due,
        contact_deadline_reason=deadline.reason,
    )
    audit_event_record(
        action="case.opened",
        obj=case,
        actor=actor,
        actor_label=actor_label,
        data={"referral_id": referral.pk, "team_id": case.team_id},
    )
    return case


@transaction.atomic
def case_refresh_from_referral(
    *, case: Case, actor: User | None = None, actor_label: str = ""
) -> list[str]:
    """After a referral was updated: recompute the deadline and, while new, the hub.

    Returns the names of the case fields that changed.
    """
    referral = case.referral
    deadline = contact_deadline(referral.reported_at)
    changed: list[str] = []
    if (case.contact_deadline, case.contact_deadline_reason) != (deadline.due, deadline.reason):
        case.contact_deadline = deadline.due
        case.contact_deadline_reason = deadline.reason
        changed += ["contact_deadline", "contact_deadline_reason"]
    if case.status == CaseStatus.NEW and case.team_id != referral.team_id:
        case.team = referral.team if isinstance(referral.team, Team) else None
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
