"""Reads for the review queue: only pairs where the user may see one of the two people."""

from django.db.models import Q, QuerySet

from victimcare.accounts.models import User
from victimcare.cases.selectors import cases_visible_to
from victimcare.linkage.models import CandidateStatus, LinkCandidate


def candidates_for(user: User, *, pending: bool = True) -> QuerySet[LinkCandidate]:
    people = cases_visible_to(user).values("person_id")
    found = LinkCandidate.objects.filter(Q(left_id__in=people) | Q(right_id__in=people))
    if pending:
        found = found.filter(status=CandidateStatus.PENDING)
    return found.select_related("left", "right")


def candidate_for(user: User, candidate_id: int) -> LinkCandidate | None:
    return candidates_for(user, pending=False).filter(pk=candidate_id).first()
