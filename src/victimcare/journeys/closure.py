"""Closing a case: outcomes in the five MoJ areas, the exit needs assessment, the reason;
then the satisfaction survey invitation (feedback), sent after commit by the outbox."""

from django.db import transaction

from victimcare.accounts.models import User
from victimcare.cases.models import Case, CaseOutcome, CaseStatus, ClosureReason, OutcomeArea
from victimcare.cases.services.record import case_transition
from victimcare.cases.services.versions import CaseChangeRefused, locked_case, save_version
from victimcare.feedback.services import survey_invitation_open
from victimcare.notifications.delivery import outbox_enqueue


@transaction.atomic
def case_close(
    *,
    case: Case,
    outcomes: dict[str, str],
    reason: str,
    actor: User,
    expected_version: int | None = None,
) -> Case:
    """Close a case: exit needs assessment taken, an outcome for each of the five MoJ areas,
    a closure reason; the satisfaction survey invitation is queued for after commit."""
    current = locked_case(case, expected_version)
    if current.status != CaseStatus.CLOSING:
        raise CaseChangeRefused("Start closing the case before closing it")
    if not current.needs_assessments.filter(stage="exit").exists():
        raise CaseChangeRefused("Record the exit needs assessment before closing the case")
    missing = [label for area, label in OutcomeArea.choices if area not in outcomes]
    if missing:
        raise CaseChangeRefused(f"Record an outcome for: {'; '.join(missing)}")
    if reason not in ClosureReason.values:
        raise CaseChangeRefused("Choose why the case is closing")
    CaseOutcome.objects.filter(case=current).delete()
    CaseOutcome.objects.bulk_create(
        CaseOutcome(case=current, area=area, result=result) for area, result in outcomes.items()
    )
    current.closure_reason = reason
    save_version(current, ["closure_reason"], actor)
    case_transition(
        case=current, target=CaseStatus.CLOSED, reason=ClosureReason(reason).label, actor=actor
    )
    person = current.victim
    if person.safe_to_contact is not False and (person.email or person.phone):
        survey_invitation_open(current)
        outbox_enqueue(
            kind="survey_invitation",
            destination="email" if person.email else "sms",
            payload={"case_id": current.pk},
            related_type="cases.case",
            related_id=current.pk,
            case=current,
        )
    case.status, case.version = current.status, current.version
    return current
