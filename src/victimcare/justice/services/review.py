"""The Victims' Right to Review a decision not to prosecute."""

import datetime

from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.models import Case, TaskKind
from victimcare.cases.services.tasks import task_open
from victimcare.cases.services.versions import CaseChangeRefused
from victimcare.entitlements.selectors import current_rule_values
from victimcare.justice import rules
from victimcare.justice.models import ReviewDecision, RightToReview
from victimcare.justice.services.duties import meet_duties


@transaction.atomic
def review_request_record(
    *, case: Case, review: RightToReview, requested_on: datetime.date, actor: User
) -> RightToReview:
    """The victim asked for a review: acknowledge within 10, decide within 30 working days."""
    review = (
        RightToReview.objects.select_for_update()
        .select_related("event")
        .get(pk=review.pk, case=case)
    )
    if review.requested_on is not None:
        raise CaseChangeRefused("A review has already been asked for")
    if requested_on > review.window_closes_on:
        raise CaseChangeRefused(
            f"The window to ask for a review closed on {review.window_closes_on:%-d %B %Y}",
            field="requested_on",
        )
    if requested_on > timezone.localdate():
        raise CaseChangeRefused(
            "The date the victim asked cannot be in the future", field="requested_on"
        )
    decided_on = rules.london_day(review.event.event_at)
    if requested_on < decided_on:
        raise CaseChangeRefused(
            f"The victim cannot have asked before the decision on {decided_on:%-d %B %Y}",
            field="requested_on",
        )
    review.requested_on = requested_on
    review.save(update_fields=["requested_on"])
    for spec in rules.review_duties(requested_on, current_rule_values()):
        task_open(
            case=case,
            kind=spec.kind,
            title=spec.title,
            due_on=spec.due_on,
            reason=spec.reason,
            source_event=review.event,
        )
    audit_event_record(
        action=AuditAction.JUSTICE_REVIEW_REQUESTED,
        obj=case,
        actor=actor,
        data={"review_id": review.pk},
    )
    return review


@transaction.atomic
def review_decision_record(
    *, case: Case, review: RightToReview, decision: str, actor: User
) -> RightToReview:
    review = RightToReview.objects.select_for_update().get(pk=review.pk, case=case)
    if review.requested_on is None:
        raise CaseChangeRefused("Record the victim's request for a review first")
    if review.decision:
        raise CaseChangeRefused("The review decision is already recorded")
    if decision not in (ReviewDecision.UPHELD, ReviewDecision.REVERSED):
        raise CaseChangeRefused("Choose the review decision")
    review.decision, review.decided_on = decision, timezone.localdate()
    review.save(update_fields=["decision", "decided_on"])
    label = ReviewDecision(decision).label
    meet_duties(case, [TaskKind.REVIEW_DECISION], actor, f"Review decision: {label}")
    audit_event_record(
        action=AuditAction.JUSTICE_REVIEW_DECIDED,
        obj=case,
        actor=actor,
        data={"review_id": review.pk, "decision": decision},
    )
    return review
