"""Closing a case: what happened to each open task, outcomes in the five MoJ areas, the
exit needs assessment when there was support to measure, the reason; then the
satisfaction survey invitation (feedback), sent after commit by the outbox."""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases import lifecycle
from victimcare.cases.closing import CLOSABLE, exit_assessment_required
from victimcare.cases.models import (
    Case,
    CaseOutcome,
    CaseStatus,
    CaseTransition,
    ClosureReason,
    OutcomeArea,
)
from victimcare.cases.services.record import case_transition
from victimcare.cases.services.tasks import task_end_at_closure
from victimcare.cases.services.versions import CaseChangeRefused, locked_case, save_version
from victimcare.feedback.services import survey_invitation_open
from victimcare.notifications.delivery import outbox_enqueue
from victimcare.notifications.models import OutboxMessage, OutboxStatus

# Messages not yet on their way: a case sent in error withholds them (a sending one is
# already with the provider and its result is recorded as usual).
NOT_YET_SENT = (OutboxStatus.AWAITING_APPROVAL, OutboxStatus.PENDING, OutboxStatus.FAILED)


@transaction.atomic
def case_close(
    *,
    case: Case,
    outcomes: dict[str, str],
    reason: str,
    actor: User,
    expected_version: int | None = None,
    tasks: Mapping[int, tuple[str, str]] | None = None,
) -> Case:
    """Close a case in one step from needs assessed, supported or closing: `tasks` says
    what happened to each task still open (task id -> (done, handed_over or not_needed,
    a note)) and none is left open; an outcome for each of the five MoJ areas; the exit
    needs assessment when the reason says support was given; a closure reason. The
    satisfaction survey invitation is queued for after commit."""
    current = locked_case(case, expected_version)
    if current.status not in CLOSABLE:
        raise CaseChangeRefused(
            f"A case that is {current.get_status_display().lower()} cannot be closed: "
            "assess the victim's needs first"
        )
    if reason not in ClosureReason.values:
        raise CaseChangeRefused("Choose why the case is closing", field="reason")
    if (
        exit_assessment_required(reason)
        and not current.needs_assessments.filter(stage="exit").exists()
    ):
        raise CaseChangeRefused("Record the exit needs assessment before closing the case")
    missing = [label for area, label in OutcomeArea.choices if area not in outcomes]
    if missing:
        raise CaseChangeRefused(f"Record an outcome for: {'; '.join(missing)}")
    endings = tasks or {}
    open_tasks = list(current.tasks.filter(done_at__isnull=True, ended_at__isnull=True))
    unanswered = [task.title for task in open_tasks if task.pk not in endings]
    if unanswered:
        raise CaseChangeRefused(f"Say what happened to each open task: {'; '.join(unanswered)}")
    for task in open_tasks:
        how, note = endings[task.pk]
        task_end_at_closure(task=task, how=how, note=note, actor=actor)
    CaseOutcome.objects.filter(case=current).delete()
    CaseOutcome.objects.bulk_create(
        CaseOutcome(case=current, area=area, result=result) for area, result in outcomes.items()
    )
    current.closure_reason = reason
    save_version(current, ["closure_reason"], actor)
    label = ClosureReason(reason).label
    if current.status != CaseStatus.CLOSING:
        case_transition(case=current, target=CaseStatus.CLOSING, reason=label, actor=actor)
    case_transition(case=current, target=CaseStatus.CLOSED, reason=label, actor=actor)
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


@transaction.atomic
def case_end(
    *,
    case: Case,
    target: str,
    reason: str,
    actor: User,
    expected_version: int | None = None,
    tasks: Mapping[int, tuple[str, str]] | None = None,
) -> CaseTransition:
    """End a case from the status page without closing it (the victim declined support,
    could not be reached, was transferred out): like closing, `tasks` says what happened to
    each task still open and none is left open on "My tasks". Closing has its own page."""
    if target not in lifecycle.ENDED or target == CaseStatus.CLOSED:
        raise CaseChangeRefused("Choose a move that ends the case", field="target")
    current = locked_case(case, expected_version)
    endings = tasks or {}
    open_tasks = list(current.tasks.filter(done_at__isnull=True, ended_at__isnull=True))
    unanswered = [task.title for task in open_tasks if task.pk not in endings]
    if unanswered:
        raise CaseChangeRefused(f"Say what happened to each open task: {'; '.join(unanswered)}")
    transition = case_transition(case=current, target=target, reason=reason, actor=actor)
    for task in open_tasks:
        how, note = endings[task.pk]
        task_end_at_closure(task=task, how=how, note=note, actor=actor, ended="ended")
    if target == CaseStatus.SENT_IN_ERROR:
        _messages_withheld(current, actor)
    case.status, case.version, case.closed_at = current.status, current.version, current.closed_at
    return transition


def _messages_withheld(case: Case, actor: User) -> int:
    """The referral was about someone else (ADR 71): nothing more goes to the person it
    named. Each message to them still waiting (for approval, to send, to retry) is withheld,
    by this officer, and the count audited in the same transaction."""
    waiting = OutboxMessage.objects.select_for_update().filter(case=case, status__in=NOT_YET_SENT)
    ids = list(waiting.values_list("pk", flat=True))
    if ids:
        OutboxMessage.objects.filter(pk__in=ids).update(
            status=OutboxStatus.WITHHELD,
            decided_by=actor,
            decided_at=timezone.now(),
            next_attempt_at=None,
            last_error="Not sent: the case was sent in error",
        )
    audit_event_record(
        action=AuditAction.CASE_MESSAGES_WITHHELD,
        obj=case,
        actor=actor,
        data={"messages_withheld": len(ids)},
    )
    return len(ids)
