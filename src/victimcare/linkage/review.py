"""An officer undoing a join they (or a colleague) made from the review queue."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.linkage.models import CandidateStatus, LinkCandidate, PersonMerge
from victimcare.linkage.services import LinkageRefused, people_unmerge
from victimcare.people.models import Person


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
    audit_event_record(
        action=AuditAction.LINKAGE_CANDIDATE_DECIDED,
        obj=current.left,
        actor=actor,
        data={"candidate_id": current.pk, "same_person": False, "undone_merge_id": undone.pk},
    )
    return undone


@transaction.atomic
def automatic_join_undo(*, merge: PersonMerge, actor: Any, reason: str) -> PersonMerge:
    """Undo a join intake made on its own: the two are different people. The referrals and
    cases it moved go back exactly (`people_unmerge`), the reason is kept with the merge, and
    the pair is recorded as decided "different people" so it is not offered for review."""
    reason = reason.strip()
    if not reason:
        raise LinkageRefused("Give the reason they are different people")
    current = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if not current.automatic:
        raise LinkageRefused("An officer made this join: undo it from the pair they decided")
    undone = people_unmerge(merge=current, actor=actor)
    undone.unmerge_reason = reason
    undone.save(update_fields=["unmerge_reason"])
    low, high = sorted((current.survivor_id, current.merged_id))
    pair, _ = LinkCandidate.objects.get_or_create(
        left=Person(pk=low),
        right=Person(pk=high),
        defaults={"probability": 0.0, "match_weight": 0.0, "fields": [], "model_version": 0},
    )
    pair.status = CandidateStatus.REJECTED
    pair.decided_by, pair.decided_at = actor, timezone.now()
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    audit_event_record(
        action=AuditAction.LINKAGE_AUTOMATIC_JOIN_UNDONE,
        obj=current.survivor,
        actor=actor,
        data={"merge_id": current.pk, "candidate_id": pair.pk},
    )
    return undone
