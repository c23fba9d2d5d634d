"""Opening and refreshing cases from referrals (called by intake)."""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import OuterRef, Subquery

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event, audit_event_record, audit_events_save
from victimcare.cases.allocation import cases_allocate
from victimcare.cases.models import Case, CaseStatus, new_case_reference
from victimcare.core.bulk import History, bulk_insert, new_unsaved
from victimcare.referrals.models import Referral


@transaction.atomic
def cases_open_for_referrals(
    *,
    referrals: Sequence[Referral],
    actor: User | None = None,
    actor_label: str = "",
    people_new: bool = False,
) -> list[Case]:
    """Open the case for each new referral: routed to its hub, with its contact deadline
    and, where the hub allocates automatically, its named officer. `people_new`: each
    referral's person was made with it in this transaction (intake), so has no other case."""
    cases = [
        new_unsaved(
            Case,
            {
                "reference": new_case_reference(),
                "referral": referral,
                "person": referral.person,
                "team": referral.team,
                "contact_deadline": referral.contact_due_by,
                "contact_deadline_reason": referral.contact_due_reason,
                "lawful_basis": referral.lawful_basis,
                "triage": referral.auto_referral,
            },
        )
        for referral in referrals
    ]
    cases_allocate(cases=cases, people_new=people_new)
    bulk_insert(cases, history=History(user=actor, reason=actor_label or "case opened"))
    events = []
    for case in cases:
        opened = {"referral_id": case.referral_id, "team_id": case.team_id}
        events.append(
            audit_event(
                action=AuditAction.CASE_OPENED,
                obj=case,
                actor=actor,
                actor_label=actor_label,
                data=opened,
            )
        )
        if case.officer_id:
            allocated = {"officer_id": case.officer_id, "reason": case.allocation_reason}
            events.append(
                audit_event(
                    action=AuditAction.CASE_ALLOCATED,
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
    if case.triage != referral.auto_referral:
        case.triage = referral.auto_referral
        changed.append("triage")
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
        audit_event_record(
            action=AuditAction.CASE_UPDATED_FROM_REFERRAL,
            obj=case,
            actor=actor,
            actor_label=actor_label,
            data={"fields": changed},
        )
    return changed


def cases_triage_sync(*, referral_ids: Sequence[int]) -> int:
    """Copy each referral's automatic-referral route to its case (the triage queue reads it
    there), after the route changed outside intake: linkage, or undoing a merge."""
    route = Referral.objects.filter(pk=OuterRef("referral_id")).values("auto_referral")[:1]
    return (
        Case.objects.filter(referral_id__in=list(referral_ids))
        .exclude(triage=Subquery(route))
        .update(triage=Subquery(route))
    )
