"""Linkage at intake: each new person is scored against the people already known who share
a blocking key (postcode, date of birth, phonetic family name, phone, email), with the
stored model. Three outcomes by threshold: joined at once to the known person (a merge, so
it can be undone), queued for an officer to review, or left as a new person."""

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, ExpressionWrapper, F, Q

from victimcare.core.fields import decrypt_text
from victimcare.linkage import splink_model
from victimcare.linkage.evidence import (
    DecisionCap,
    Identity,
    PairEvidence,
    is_mobile,
    pair_evidence,
)
from victimcare.linkage.models import CandidateStatus, LinkCandidate
from victimcare.linkage.scorer import CompiledModel, Score, weight_of
from victimcare.linkage.services import current_scorer, name_spellings, people_join
from victimcare.people.models import Person, VictimKind
from victimcare.people.normalise import canonical_given_name, family_name_match_key, name_block

logger = logging.getLogger(__name__)

# The blocking keys a candidate must share with the newcomer, as stored on Person (each
# indexed); name_block is the phonetic family and given names together.
BLOCKING_FIELDS = ("postcode", "date_of_birth", "name_block", "phone_index", "email_index")
_CANDIDATE_FIELDS = (
    "pk",
    "given_name",
    "family_name",
    "date_of_birth",
    "postcode",
    "town",
    "name_block",
    "phone_index",
    "email_index",
    "sex",
)
# The field whose decryption waits until a candidate could still match without it.
_LAZY = "address"


@dataclass
class IntakeLinks:
    joined: int = 0
    queued: int = 0
    unnamed: int = 0  # newcomers without a name: linked at most to review
    held_back: int = 0  # over the join threshold, but the evidence allows only review
    failed: int = 0  # newcomers whose linkage failed (logged); they stay as received


class Candidate:
    """A person as linkage sees them: blocking keys, the scoring record, and the address
    (encrypted at rest) decrypted only if the other fields leave this person in the running."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.pk: int = row["pk"]
        self.keys = {field: row[field] for field in BLOCKING_FIELDS}
        self._row = row
        self.record = splink_model.compared_record(
            given_name=row["given_name"],
            family_name=row["family_name"],
            date_of_birth=row["date_of_birth"],
            postcode=row["postcode"],
            address="",
            phone=row["phone_index"],
            email=row["email_index"],
        )
        self._address_known = False

    def with_address(self) -> dict[str, Any]:
        if not self._address_known:
            parts = [
                decrypt_text(self._row["address_1"]),
                decrypt_text(self._row["address_2"]),
                self._row["town"],
            ]
            self.record[_LAZY] = splink_model.address_value(parts[0], parts[1])
            self._address_lines = (parts[0], parts[1])
            self._address_known = True
        return self.record

    @property
    def raw_names(self) -> tuple[str, str]:
        return str(self._row["given_name"] or ""), str(self._row["family_name"] or "")

    def identity(self) -> Identity:
        """The person for the evidence rules (linkage/evidence.py); phone and email as their
        digests, compared only for equality."""
        self.with_address()
        row = self._row
        return Identity(
            given_name=row["given_name"],
            family_name=row["family_name"],
            date_of_birth=row["date_of_birth"],
            address_lines=self._address_lines,
            postcode=row["postcode"],
            phone=row["phone_index"],
            email=row["email_index"],
            sex=row["sex"],
            # Whether the phone is a mobile: decrypted only here, for the few best pairs.
            phone_mobile=(
                is_mobile(decrypt_text(row["phone_sealed"])) if row["phone_index"] else None
            ),
        )


def _candidate_rows(people: Any) -> list[Candidate]:
    # The ciphertext: decrypted only when needed.
    raw = {
        f"address_{n}": ExpressionWrapper(F(f"address_line_{n}"), output_field=CharField())
        for n in (1, 2)
    }
    raw["phone_sealed"] = ExpressionWrapper(F("phone"), output_field=CharField())
    return [Candidate(row) for row in people.annotate(**raw).values(*_CANDIDATE_FIELDS, *raw)]


def _linkable(people: Any) -> Any:
    """People linkage considers: not merged, not erased, not businesses. People without a
    name are among them, but the evidence rules never let them be joined without an
    officer."""
    return people.filter(merged_into__isnull=True, anonymised_at__isnull=True).exclude(
        kind=VictimKind.BUSINESS
    )


def _lookup_keys(person: Candidate) -> list[tuple[str, Any]]:
    """The keys to look this person's candidates up by: their own blocking keys, and the
    name block with given and family names the other way round (keyed in each other's
    boxes), as the batch engine blocks (splink_model.SWAPPED_BLOCKING)."""
    keys = [(field, value) for field, value in person.keys.items() if value]
    given, family = person.raw_names
    swapped = name_block(family, given)
    if swapped and swapped != person.keys["name_block"]:
        keys.append(("name_block", swapped))
    return keys


def _known_candidates(new: list[Candidate]) -> list[Candidate]:
    """Everyone already known who shares a blocking key with one of the newcomers: one
    indexed query for the whole batch."""
    wanted: dict[str, set[Any]] = defaultdict(set)
    for person in new:
        for field, value in _lookup_keys(person):
            wanted[field].add(value)
    blocked = Q()
    for field, values in wanted.items():
        blocked |= Q(**{f"{field}__in": sorted(values, key=str)})
    if not blocked:
        return []
    return _candidate_rows(
        _linkable(Person.objects.filter(blocked)).exclude(pk__in=[p.pk for p in new])
    )


def _best_match(
    compiled: CompiledModel,
    person: Candidate,
    candidates: Iterable[Candidate],
    *,
    passed_over: frozenset[int] = frozenset(),
) -> tuple[int, Score] | None:
    """The candidate scoring highest with this person, if at or above the review threshold
    (leaving out those `passed_over`).

    Exact, and quick with thousands of candidates: each is weighed field by field, the most
    telling first, only until it cannot reach the threshold or beat the best so far
    (`could_reach`, ADR 64: most who share just a blocking key are out after a few fields);
    one still in the running is weighed without its address, and only one that could then
    win with the best address agreement has its address decrypted and compared."""
    probes = _orientations(person)
    floor = weight_of(settings.LINKAGE_REVIEW_THRESHOLD)
    address_best = compiled.best_weight(_LAZY)
    varying = compiled.varying_fields(probes)
    bounds = compiled.bounds(probes)
    best: tuple[float, Candidate, Mapping[str, Any]] | None = None
    # Those sharing most blocking keys first: the likeliest best is weighed early, and the
    # rest must beat it to be weighed in full. Of candidates weighing the same, the first in
    # this order wins (most keys shared, then the longest known): the same every time.
    shared = {field: value for field, value in person.keys.items() if value}

    def first_weighed(other: Candidate) -> tuple[int, int]:
        return -sum(other.keys[field] == value for field, value in shared.items()), other.pk

    for other in sorted(candidates, key=first_weighed):
        if other.pk in passed_over:
            continue
        target = max(floor, best[0] if best else floor)
        if not compiled.could_reach(
            probes, other.record, target, bounds=bounds, varying=varying, skip=_LAZY
        ):
            continue  # short of the threshold, or of the best so far, whatever else agrees
        partial, probe = compiled.best_orientation(
            probes, other.record, skip=_LAZY, varying=varying
        )
        if partial + address_best < max(floor, best[0] if best else floor):
            continue
        weight = partial + compiled.field_weight(_LAZY, probe, other.with_address())
        if best is None or weight > best[0]:
            best = (weight, other, probe)
    if best is None or best[0] < floor:
        return None
    return best[1].pk, compiled.score(best[2], best[1].with_address())


def _orientations(person: Candidate) -> list[dict[str, Any]]:
    """The person's record as given and, if both names are known and differ, with the given
    and family names the other way round (a common keying error: "Ahmed Khan" keyed as
    given name Khan). A pair is weighed the way round that fits it best; the evidence rules
    then say whether the swap is enough to join (linkage/evidence.py)."""
    probe = person.with_address()
    given, family = person.raw_names
    if not (given.strip() and family.strip()):
        return [probe]
    swapped = {
        **probe,
        "given_name": canonical_given_name(family) or None,
        "family_name": family_name_match_key(given) or None,
    }
    if swapped["given_name"] == probe["given_name"]:
        return [probe]
    return [probe, swapped]


# Referral channels (referrals.models.Channel) by whether someone vouches for the identity:
# a police force, a partner worker or a peer hub does; a self-referral is what was typed.
UNVERIFIED_CHANNEL = "self"
VERIFIED_CHANNELS = ("police_feed", "partner", "transfer")


def _decided(
    compiled: CompiledModel,
    person: Candidate,
    candidates: dict[int, Candidate],
    *,
    review_only: bool = False,
) -> tuple[int, Score, PairEvidence | None, bool] | None:
    """The known person this one is to be joined to (True) or reviewed with (False), with
    the score and the evidence. A pair over the join threshold that the evidence shows to be
    a relative (sharing a home, a phone or a family name, told apart by given name or date
    of birth) is passed over for the next best, up to three times, and a pair told apart
    is passed over too. A pair held back for any other reason stops the search and is the
    one reviewed; if only relatives were passed over, the best of them is reviewed."""
    passed_over: set[int] = set()
    first: tuple[int, Score, PairEvidence | None] | None = None
    for _ in range(3):
        best = _best_match(
            compiled, person, candidates.values(), passed_over=frozenset(passed_over)
        )
        if best is None:
            break
        pk, scored = best
        evidence = pair_evidence(
            person.identity(), candidates[pk].identity(), spellings=name_spellings(compiled)
        )
        passed_over.add(pk)
        if evidence.decision_cap == DecisionCap.APART:
            continue  # told apart by given name and date of birth: not even for review
        over = scored.match_probability >= settings.LINKAGE_AUTO_LINK_THRESHOLD
        if over and evidence.decision_cap == DecisionCap.JOIN and not review_only:
            return pk, scored, evidence, True
        if not evidence.household:
            # Not told apart: it may well be this very person (the same name and birthday
            # at another address, with other contact details), so no weaker candidate is
            # joined in its place, and this pair, not a relative passed over before it, is
            # the one the officer sees.
            return pk, scored, evidence, False
        first = first or (pk, scored, evidence)
        if not over:
            break
    return (*first, False) if first else None


def person_best_match(person: Person) -> tuple[int, Score] | None:
    """The id of the known person this one most likely is (from the review threshold up)
    and the score, or None: the real-time match of one referral's person, before anything
    is recorded."""
    found = current_scorer()
    if found is None:
        return None
    [probe] = _candidate_rows(Person.objects.filter(pk=person.pk))
    return _best_match(found[1], probe, _known_candidates([probe]))


def _link_one(
    compiled: CompiledModel,
    version: int,
    person: Candidate,
    candidates: dict[int, Candidate],
    survivor_of: dict[int, int],
    *,
    review_only: bool = False,
) -> tuple[str, bool]:
    """Join one newcomer to its best match where the evidence allows it, queue the pair for
    review, or leave it apart: ("joined", "queued" or "" for apart or a pair already queued,
    and whether a pair over the join threshold was held back for review)."""
    decided = _decided(compiled, person, candidates, review_only=review_only)
    if decided is None:
        return "", False
    other, scored, _, join = decided
    if join:
        survivor = survivor_of.get(other, other)
        people_join(survivor=Person(pk=survivor), merged=Person(pk=person.pk), actor=None)
        survivor_of[person.pk] = survivor
        return "joined", False
    held_back = scored.match_probability >= settings.LINKAGE_AUTO_LINK_THRESHOLD
    low, high = sorted((person.pk, survivor_of.get(other, other)))
    _, created = LinkCandidate.objects.get_or_create(
        left_id=low,
        right_id=high,
        defaults={
            "probability": scored.match_probability,
            "match_weight": scored.match_weight,
            "fields": scored.details(),
            "model_version": version,
            "status": CandidateStatus.PENDING,
        },
    )
    return ("queued" if created else ""), held_back


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
    new = sorted(
        _candidate_rows(_linkable(Person.objects.filter(pk__in=person_ids))),
        key=lambda candidate: candidate.pk,
    )
    if not new:
        return result
    by_key: dict[tuple[str, Any], list[Candidate]] = defaultdict(list)

    def index(candidate: Candidate) -> None:
        for field, value in candidate.keys.items():
            if value:
                by_key[(field, value)].append(candidate)

    for candidate in _known_candidates(new):
        index(candidate)
    # Who a self-referral says they are is not checked: anyone can type a victim's name,
    # birthday and email. Such a newcomer waits for an officer, never joined automatically.
    unverified = set(
        Person.objects.filter(pk__in=[c.pk for c in new], referrals__channel=UNVERIFIED_CHANNEL)
        .exclude(referrals__channel__in=VERIFIED_CHANNELS)
        .values_list("pk", flat=True)
    )
    survivor_of: dict[int, int] = {}
    for person in new:
        candidates: dict[int, Candidate] = {}
        for key in _lookup_keys(person):
            candidates.update((other.pk, other) for other in by_key.get(key, []))
        if not (person.record["given_name"] and person.record["family_name"]):
            result.unnamed += 1  # the evidence rules allow such a person only to review
        try:
            # One transaction per newcomer: a merge and its consequences land together, and
            # a pair that fails is logged and rolled back without stopping the others.
            with transaction.atomic():
                outcome, held_back = _link_one(
                    compiled,
                    version,
                    person,
                    candidates,
                    survivor_of,
                    review_only=person.pk in unverified,
                )
        except Exception as error:
            # The class only: the message may quote a person's details.
            logger.error("intake: linking person %s failed (%s)", person.pk, type(error).__name__)
            result.failed += 1
            continue
        result.held_back += int(held_back)
        if outcome == "joined":
            result.joined += 1
            continue
        result.queued += int(outcome == "queued")
        index(person)  # later newcomers in the batch are scored against this one too
    return result
