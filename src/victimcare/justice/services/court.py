"""Court support: the statement, special measures, the court visit and the referrals."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.models import Case, TaskKind
from victimcare.justice.models import CourtSupport
from victimcare.justice.services.duties import meet_duties

COURT_SUPPORT_SETTLES: dict[str, tuple[str, object, str]] = {
    "personal_statement": (TaskKind.VPS_OFFER, "not_offered", "Victim Personal Statement: {}"),
    "special_measures": (TaskKind.SPECIAL_MEASURES, "not_considered", "Special measures: {}"),
    "pre_trial_visit": (TaskKind.PRE_TRIAL_VISIT, "not_offered", "Pre-trial visit: {}"),
    "witness_service_referred": (
        TaskKind.WITNESS_SERVICE,
        False,
        "Referred to the Witness Service",
    ),
    "vcs_referred": (TaskKind.VCS_REFERRAL, False, "Referred to the Victim Contact Scheme"),
}


@transaction.atomic
def court_support_update(*, case: Case, changes: Mapping[str, Any], actor: User) -> CourtSupport:
    """Record the statement, special measures, court visit and referrals; what they settle
    (the offer of a statement, special measures, the visit, the referrals) is met."""
    support, _ = CourtSupport.objects.select_for_update().get_or_create(case=case)
    changed = [name for name, value in changes.items() if getattr(support, name) != value]
    for name in changed:
        setattr(support, name, changes[name])
    support.save()
    for name in changed:
        kind, unsettled, words = COURT_SUPPORT_SETTLES[name]
        value = getattr(support, name)
        if value != unsettled:
            display = getattr(support, f"get_{name}_display", None)
            label = display() if display else ""
            meet_duties(case, [kind], actor, words.format(str(label).lower()))
    if changed:
        audit_event_record(
            action=AuditAction.JUSTICE_COURT_SUPPORT_CHANGED,
            obj=case,
            actor=actor,
            data={"changed": changed},
        )
    return support
