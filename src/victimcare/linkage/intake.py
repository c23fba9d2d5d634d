"""Linkage at intake: each new person is scored against the people already known who share
a blocking key (postcode, date of birth, phonetic family name, phone, email), with the
stored model. Three outcomes by threshold: joined at once to the known person (a merge, so
it can be undone), queued for an officer to review, or left as a new person."""

import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q

from victimcare.linkage.models import CandidateStatus, LinkCandidate
from victimcare.linkage.services import (
    current_scorer,
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
    review, auto = settings.LINKAGE_REVIEW_THRESHOLD, settings.LINKAGE_AUTO_LINK_THRESHOLD
    for person in new:
        candidates: dict[int, Person] = {}
        for field in BLOCKING_FIELDS:
            if getattr(person, field):
                key = (field, getattr(person, field))
                candidates.update((other.pk, other) for other in by_key.get(key, []))
        probe = records.setdefault(person.pk, scoring_record(person))
        best: tuple[float, Person, Any] | None = None
        for other in candidates.values():
            other_record = records.setdefault(other.pk, scoring_record(other))
            scored = compiled.score(probe, other_record)
            if scored.match_probability >= review and (
                best is None or scored.match_weight > best[0]
            ):
                best = (scored.match_weight, other, scored)
        if best is None:
            # Later newcomers in the batch are scored against this one too.
            for field in BLOCKING_FIELDS:
                if getattr(person, field):
                    by_key[(field, getattr(person, field))].append(person)
            continue
        _, other, scored = best
        other = survivor_of.get(other.pk, other)
        if scored.match_probability >= auto:
            people_merge(survivor=other, merged=person, actor=None)
            survivor_of[person.pk] = other
            persistently_targeted_refresh(other)
            result.joined += 1
        else:
            low, high = sorted((person.pk, other.pk))
            _, created = LinkCandidate.objects.get_or_create(
                left_id=low, right_id=high,
                defaults={"probability": scored.match_probability,
                          "match_weight": scored.match_weight, "fields": scored.details(),
                          "model_version": version, "status": CandidateStatus.PENDING},
            )  # fmt: skip
            result.queued += int(created)
            for field in BLOCKING_FIELDS:
                if getattr(person, field):
                    by_key[(field, getattr(person, field))].append(person)
    return result


def persistently_targeted_refresh(person: Person) -> int:
    """Now that these referrals are known to be one person's, flag each that is the third
    (configurable) crime or ASB report within 12 months (configurable), counting itself, as
    persistently targeted: an enhanced entitlement. Returns how many were newly flagged."""
    from dateutil.relativedelta import relativedelta
    from django.db import transaction

    from victimcare.audit.services import audit_event_record
    from victimcare.entitlements.selectors import current_rule_values
    from victimcare.referrals.models import Referral

    values = current_rule_values()
    referrals = list(Referral.objects.filter(person=person).order_by("reported_at", "pk"))
    flagged = 0
    for referral in referrals:
        start = referral.reported_at - relativedelta(months=values.persistent_window_months)
        count = sum(1 for other in referrals if start < other.reported_at <= referral.reported_at)
        if count < values.persistent_min_incidents or referral.entitlement_level == "business":
            continue
        if "persistently_targeted" in referral.entitlement_reason_codes:
            continue
        with transaction.atomic():
            referral.entitlement_reasons = [*referral.entitlement_reasons, {
                "code": "persistently_targeted",
                "text": f"Victim of {count} crimes or ASB incidents reported within "
                        f"{values.persistent_window_months} months (this one included), "
                        "found by repeat-victim linkage",
            }]  # fmt: skip
            referral.entitlement_level = "enhanced"
            referral.update_within_working_days = values.update_working_days_enhanced
            referral._change_reason = "persistently targeted: repeat-victim linkage"  # type: ignore[attr-defined]
            referral.save(update_fields=["entitlement_reasons", "entitlement_level",
                                         "update_within_working_days", "updated_at"])  # fmt: skip
            audit_event_record(action="referral.persistently_targeted", obj=referral,
                               actor_label="linkage", data={"incidents": count})  # fmt: skip
        flagged += 1
    return flagged
