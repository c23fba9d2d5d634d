"""Reads for the review queue. A pair is the officer's to review only if they may see both
people under the case rules (a case of their team, or allocated to them); a pair with one
person of theirs and the other known only to another team of their organisation is shown
after they give a reason, as for opening another team's case (ADR 43)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.accounts.selectors import runs_area_hubs
from victimcare.cases.models import Case
from victimcare.cases.permissions import CASEWORK_ROLES
from victimcare.cases.selectors import cases_visible_to
from victimcare.linkage.models import CandidateStatus, LinkCandidate, PersonMerge
from victimcare.people.models import Person


def received_out_of_area(user: User) -> QuerySet[Case]:
    """Cases of out-of-area referrals that reached the intake of the user's organisation:
    they belong to no hub, so to the organisation that runs the area's hubs, whose case
    workers see them (as on the transfers page). Without this a possible repeat victim
    found among them was in no officer's review queue."""
    if not user.is_active or user.role not in CASEWORK_ROLES:
        return Case.objects.none()
    if not runs_area_hubs(user.organisation):
        return Case.objects.none()
    return Case.objects.filter(team__isnull=True, referral__out_of_area=True)


def reviewable_cases(user: User) -> QuerySet[Case]:
    """The cases whose people the user may review pairs of without giving a reason."""
    return cases_visible_to(user) | received_out_of_area(user)


def cases_in_organisation(user: User) -> QuerySet[Case]:
    """Every case of the user's organisation, which a case worker may open with a reason."""
    if not user.is_active or user.role not in CASEWORK_ROLES or user.organisation_id is None:
        return Case.objects.none()
    return Case.objects.filter(team__organisation_id=user.organisation_id) | received_out_of_area(
        user
    )


def _side(side: str, cases: QuerySet[Case]) -> Q:
    """One person of the pair has one of these cases, or has been joined into one who has."""
    people = cases.values("person_id")
    return Q(**{f"{side}_id__in": people}) | Q(**{f"{side}__merged_into_id__in": people})


def _both(cases: QuerySet[Case]) -> Q:
    return _side("left", cases) & _side("right", cases)


def candidates_for(user: User, *, pending: bool = True) -> QuerySet[LinkCandidate]:
    """Pairs where the user may see both people."""
    found = LinkCandidate.objects.filter(_both(reviewable_cases(user)))
    if pending:
        found = found.filter(status=CandidateStatus.PENDING)
    return found.select_related("left", "right")


def candidates_needing_reason(user: User) -> QuerySet[LinkCandidate]:
    """Waiting pairs with one person the user may see and the other known only to another
    team of their organisation: reviewed only after the user says why."""
    visible, organisation = reviewable_cases(user), cases_in_organisation(user)
    return (
        LinkCandidate.objects.filter(status=CandidateStatus.PENDING)
        .filter(_side("left", visible) | _side("right", visible))
        .filter(_both(organisation))
        .exclude(pk__in=candidates_for(user).values("pk"))
        .select_related("left", "right")
    )


def candidate_for(user: User, candidate_id: int, *, justified: bool) -> LinkCandidate | None:
    """The pair if the user may see both people, or (`justified`: they gave a reason) both
    are known to their organisation."""
    cases = cases_in_organisation(user) if justified else reviewable_cases(user)
    pairs = LinkCandidate.objects.filter(_both(cases)).select_related("left", "right", "decided_by")
    return pairs.filter(pk=candidate_id).first()


def candidate_in_organisation(user: User, candidate_id: int) -> LinkCandidate | None:
    return candidate_for(user, candidate_id, justified=True)


def seen_person(user: User, candidate: LinkCandidate) -> Person:
    """The person of the pair the user may see under the case rules (the left one if both)."""
    visible = set(
        reviewable_cases(user)
        .filter(person_id__in=_people_of(candidate))
        .values_list("person_id", flat=True)
    )
    left = candidate.left
    return left if {left.pk, left.merged_into_id} & visible else candidate.right


def _people_of(candidate: LinkCandidate) -> list[int]:
    ids = [candidate.left_id, candidate.right_id]
    ids += [p.merged_into_id for p in (candidate.left, candidate.right) if p.merged_into_id]
    return ids


@dataclass(frozen=True)
class CaseLink:
    reference: str
    case_id: int
    team: str
    may_open: bool  # under the case rules; otherwise only with a reason


def person_cases(user: User, person: Person) -> list[CaseLink]:
    """The person's cases in the user's organisation, saying which the user may open."""
    visible = set(cases_visible_to(user).filter(person_id=person.pk).values_list("pk", flat=True))
    cases = cases_in_organisation(user).filter(person_id=person.pk).select_related("team")
    return [
        CaseLink(case.reference, case.pk, case.team.name if case.team else "", case.pk in visible)
        for case in cases.order_by("opened_at", "pk")
    ]


def candidate_merge(candidate: LinkCandidate) -> PersonMerge | None:
    """The latest merge an officer made from this pair, undone or not."""
    merges = PersonMerge.objects.filter(candidate=candidate).select_related(
        "merged_by", "unmerged_by"
    )
    return merges.order_by("-merged_at", "-pk").first()


# How far back the automatic joins page looks: a wrong join is found when the victim is
# next contacted, well within this.
AUTOMATIC_JOINS_DAYS = 90


@dataclass(frozen=True)
class AutomaticJoin:
    merge: PersonMerge
    survivor: Person
    merged: Person
    moved_cases: list[Case]  # the joined person's cases, now with the survivor
    kept_cases: list[Case]  # the survivor's own cases


def automatic_joins_for(
    user: User, *, merge_id: int | None = None, case_reference: str = "", limit: int = 100
) -> list[AutomaticJoin]:
    """Joins intake made on its own in the last AUTOMATIC_JOINS_DAYS days, not undone,
    where the user may see both people under the case rules: a case of each side visible
    to them (deny by default: a side without a case they may open hides the join). Newest
    first; optionally one join, or those involving one case."""
    visible = cases_visible_to(user)
    since = timezone.now() - datetime.timedelta(days=AUTOMATIC_JOINS_DAYS)
    merges = PersonMerge.objects.filter(
        merged_by__isnull=True,
        candidate__isnull=True,
        unmerged_at__isnull=True,
        merged_at__gte=since,
        survivor_id__in=visible.values("person_id"),
    ).select_related("survivor", "merged")
    if merge_id is not None:
        merges = merges.filter(pk=merge_id)
    if case_reference:
        people = Case.objects.filter(reference=case_reference.strip()).values("person_id")
        merges = merges.filter(survivor_id__in=people)
    found = []
    for merge in merges.order_by("-merged_at", "-pk")[:limit]:
        cases = list(visible.filter(person_id=merge.survivor_id).order_by("opened_at", "pk"))
        moved = {int(pk) for pk in merge.moved.get("cases", [])}
        moved_cases = [case for case in cases if case.pk in moved]
        kept_cases = [case for case in cases if case.pk not in moved]
        if moved_cases and kept_cases:
            found.append(
                AutomaticJoin(merge, merge.survivor, merge.merged, moved_cases, kept_cases)
            )
    return found
