"""An officer undoing a join they (or a colleague) made from the review queue."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.linkage.models import CandidateStatus, LinkCandidate, PersonMerge
from victimcare.linkage.services import LinkageRefused, people_unmerge


@transaction.atomic
def candidate_merge_undo(*, candidate: LinkCandidate, actor: Any) -> PersonMerge:
    """Undo the merge made from this pair: the two people are different after all. The pair
    is then decided as different people, so it is not offered for review again."""
    current = LinkCandidate.objects.select_for_update().get(pk=candidate.pk)
    merge = PersonMerge.objects.filter(candidate=current, unmerged_at__isnull=True).first()
    if merge is None:
        raise LinkageRefused("There is no merge to undo")
    undone = people_unmerge(merge=merge, actor=actor)
    current.status = CandidateStatus.REJECTED
    current.decided_by, current.decided_at = actor, timezone.now()
    current.save(update_fields=["status", "decided_by", "decided_at"])
    audit_event_record(action=AuditAction.LINKAGE_CANDIDATE_DECIDED, obj=current.left, actor=actor,
                       data={"candidate_id": current.pk, "same_person": False,
                             "undone_merge_id": undone.pk})  # fmt: skip
    return undone
