"""Linkage at intake: each new person is scored against the people already known who share
a blocking key (postcode, date of birth, phonetic family name, phone, email), with the
stored model. Three outcomes by threshold: joined at once to the known person (a merge, so
it can be undone), queued for an officer to review, or left as a new person."""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q

from victimcare.linkage.models import CandidateStatus, LinkCandidate
from victimcare.linkage.scorer import CompiledModel, Score, probability
from victimcare.linkage.services import (
    current_scorer,
    merge_consequences,
    people_merge,
    scoring_record,
)
from victimcare.people.models import Person, VictimKind

logger = logging.getLogger(__name__)

# The blocking keys a candidate must share with the newcomer, as stored on Person (each
# indexed); name_block is the phonetic family name with the given name's initial.
BLOCKING_FIELDS = ("postcode", "date_of_birth", "name_block", "phone_index", "email_index")
_SCORED_FIELDS = ("pk", "kind", "given_name", "family_name", "date_of_birth", "postcode",
                  "address_line_1", "address_line_2", "town", "name_block", "phone_index",
                  "email_index", "name_key", "merged_into")  # fmt: skip


@dataclass
class IntakeLinks:
    joined: int = 0
    queued: int = 0


def _linkable(people: Any) -> Any:
    return (
        people.filter(merged_into__isnull=True)
        .exclude(kind=VictimKind.BUSINESS)
        .exclude(name_key="")
    )


def _known_candidates(new: list[Person]) -> list[Person]:
    """Everyone already known who shares a blocking key with one of the newcomers: one
    indexed query for the whole batch."""
    blocked = Q()
    for field in BLOCKING_FIELDS:
        values = {getattr(person, field) for person in new} - {None, ""}
        if values:
            blocked |= Q(**{f"{field}__in": sorted(values, key=str)})
    if not blocked:
        return []
    return list(
        _linkable(Person.objects.filter(blocked))
        .exclude(pk__in=[p.pk for p in new])
        .only(*_SCORED_FIELDS)
    )


def _best_match(
    compiled: CompiledModel, person: Person, candidates: Iterable[Person],
    records: dict[int, dict[str, Any]],
) -> tuple[Person, Score] | None:  # fmt: skip
    """The candidate scoring highest with this person, at or above the review threshold."""
    probe = records.setdefault(person.pk, scoring_record(person))
    best: tuple[float, Person] | None = None
    for other in candidates:
        other_record = records.setdefault(other.pk, scoring_record(other))
        weight = compiled.match_weight(probe, other_record)
        if best is None or weight > best[0]:
            best = (weight, other)
    if best is None or probability(best[0]) < settings.LINKAGE_REVIEW_THRESHOLD:
        return None
    return best[1], compiled.score(probe, records[best[1].pk])


def person_best_match(person: Person) -> tuple[Person, Score] | None:
    """The known person this one most likely is (from the review threshold up), or None:
    the real-time match of one referral's person, before anything is recorded."""
    found = current_scorer()
    if found is None:
        return None
    return _best_match(found[1], person, _known_candidates([person]), {})


def people_link_at_intake(person_ids: list[int]) -> IntakeLinks:
    """Link the newly received people; nothing happens until a model has been trained.

    Each newcomer is scored (linkage/scorer.py, the stored model without DuckDB) against
    the known people sharing a blocking key, and against the newcomers before it in the
    same batch, so one victim sent twice in a file is also found."""
    result = IntakeLinks()
    if not person_ids:
        return result
    found = current_scorer()
    if found is None:
        return result
    version, compiled = found
    new = list(_linkable(Person.objects.filter(pk__in=person_ids)).only(*_SCORED_FIELDS)
               .order_by("pk"))  # fmt: skip
    if not new:
        return result
    by_key: dict[tuple[str, Any], list[Person]] = defaultdict(list)
    for person in _known_candidates(new):
        for field in BLOCKING_FIELDS:
            if getattr(person, field):
                by_key[(field, getattr(person, field))].append(person)
    records: dict[int, dict[str, Any]] = {}
    survivor_of: dict[int, Person] = {}
    for person in new:
        candidates: dict[int, Person] = {}
        for field in BLOCKING_FIELDS:
            if getattr(person, field):
                key = (field, getattr(person, field))
                candidates.update((other.pk, other) for other in by_key.get(key, []))
        best = _best_match(compiled, person, candidates.values(), records)
        if best is not None and best[1].match_probability >= settings.LINKAGE_AUTO_LINK_THRESHOLD:
            survivor = survivor_of.get(best[0].pk, best[0])
            merge = people_merge(survivor=survivor, merged=person, actor=None)
            survivor_of[person.pk] = survivor
            merge_consequences(merge)
            result.joined += 1
            continue
        if best is not None:
            other, scored = best
            low, high = sorted((person.pk, survivor_of.get(other.pk, other).pk))
            _, created = LinkCandidate.objects.get_or_create(
                left_id=low, right_id=high,
                defaults={"probability": scored.match_probability,
                          "match_weight": scored.match_weight, "fields": scored.details(),
                          "model_version": version, "status": CandidateStatus.PENDING},
            )  # fmt: skip
            result.queued += int(created)
        # Later newcomers in the batch are scored against this one too.
        for field in BLOCKING_FIELDS:
            if getattr(person, field):
                by_key[(field, getattr(person, field))].append(person)
    return result
