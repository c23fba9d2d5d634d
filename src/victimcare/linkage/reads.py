"""Reads for the review queue and the automatic joins that show people's details: each
scopes to what the officer may see (through `selectors`) and writes the access-log row
itself, so a page cannot forget it. A pair with someone known only to another team is
read with the reason the officer gave, written with the row (ADR 43)."""

from victimcare.accounts.models import User
from victimcare.audit.services import access_record, access_record_of
from victimcare.linkage import selectors
from victimcare.linkage.models import LinkCandidate
from victimcare.linkage.selectors import AutomaticJoin
from victimcare.people.models import Person


def review_queue_for(
    user: User, *, size: int, route: str
) -> tuple[list[LinkCandidate], list[tuple[LinkCandidate, Person]]]:
    """The pairs the officer may review, and those waiting for a reason, each with the one
    person of theirs it names (the only one the queue shows)."""
    pending = list(selectors.candidates_for(user)[:size])
    others = list(selectors.candidates_needing_reason(user)[:size])
    elsewhere = [(c, selectors.seen_person(user, c)) for c in others]
    if pending or elsewhere:
        access_record(
            user=user,
            route=route,
            object_type="linkage.linkcandidate",
            object_ids=[c.pk for c in pending + others],
            person_ids=[p for c in pending for p in (c.left_id, c.right_id)]
            + [seen.pk for _, seen in elsewhere],
        )
    return pending, elsewhere


def pair_needing_reason(
    user: User, candidate_id: int, *, route: str
) -> tuple[LinkCandidate, Person] | None:
    """A pair of the officer's organisation, with the one person of it they may see, for
    the page asking why they need the other."""
    candidate = selectors.candidate_in_organisation(user, candidate_id)
    if candidate is None:
        return None
    seen = selectors.seen_person(user, candidate)
    access_record_of(user=user, route=route, obj=candidate, person_ids=[seen.pk])
    return candidate, seen


def pair_with_reason(
    user: User, candidate_id: int, *, reason: str
) -> tuple[LinkCandidate, str] | None:
    """The pair if the officer may see both people, or, with the `reason` they gave, if both
    are known to their organisation; unlogged, for a decision the page redirects from."""
    candidate = selectors.candidate_for(user, candidate_id, justified=False)
    if candidate is not None:
        return candidate, ""
    candidate = selectors.candidate_for(user, candidate_id, justified=True) if reason else None
    return None if candidate is None else (candidate, reason)


def pair_for(
    user: User, candidate_id: int, *, reason: str, route: str
) -> tuple[LinkCandidate, str] | None:
    """The pair (as `pair_with_reason`) for its page; the read is logged with the reason."""
    found = pair_with_reason(user, candidate_id, reason=reason)
    if found is not None:
        candidate, justification = found
        people = [candidate.left_id, candidate.right_id]
        access_record_of(
            user=user, route=route, obj=candidate, person_ids=people, justification=justification
        )
    return found


def _join_logged(user: User, join: AutomaticJoin, route: str, justification: str = "") -> None:
    people = [join.survivor.pk, join.merged.pk]
    access_record_of(
        user=user, route=route, obj=join.merge, person_ids=people, justification=justification
    )


def automatic_joins_shown(user: User, *, case_reference: str, route: str) -> list[AutomaticJoin]:
    """Recent automatic joins of people the officer may see on both sides (`?case=`: of one
    case's victim)."""
    joins = selectors.automatic_joins_for(user, case_reference=case_reference)
    if joins:
        access_record(
            user=user,
            route=route,
            object_type="linkage.personmerge",
            object_ids=[j.merge.pk for j in joins],
            person_ids=[p for j in joins for p in (j.survivor.pk, j.merged.pk)],
        )
    return joins


def automatic_join_scoped(user: User, merge_id: int) -> AutomaticJoin | None:
    """One automatic join the officer may see; unlogged, for the undo the page then
    redirects from."""
    found = selectors.automatic_joins_for(user, merge_id=merge_id)
    return found[0] if found else None


def automatic_join_for(user: User, merge_id: int, *, route: str) -> AutomaticJoin | None:
    """One automatic join the officer may see, side by side, for its page; logged."""
    join = automatic_join_scoped(user, merge_id)
    if join is not None:
        _join_logged(user, join, route)
    return join


def automatic_join_undone(*, user: User, join: AutomaticJoin, reason: str, route: str) -> None:
    """The officer read both people of the join to undo it: logged with their reason."""
    _join_logged(user, join, route, justification=reason)
