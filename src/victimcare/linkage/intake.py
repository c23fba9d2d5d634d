"""Linkage at intake: each new person is scored against the people already known who share
a blocking key (postcode, date of birth, phonetic family name, phone, email), with the
stored model. Three outcomes by threshold: joined at once to the known person (a merge, so
it can be undone), queued for an officer to review, or left as a new person."""

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from splink import DuckDBAPI, Linker

from victimcare.linkage.models import CandidateStatus, LinkCandidate
from victimcare.linkage.services import current_model, people_merge, person_record
from victimcare.linkage.splink_model import _table, field_details
from victimcare.people.models import Person, VictimKind

logger = logging.getLogger(__name__)


@dataclass
class IntakeLinks:
    joined: int = 0
    queued: int = 0


def _known_candidates(new: list[Person]) -> list[Person]:
    keys: dict[str, set[Any]] = {"postcode": set(), "date_of_birth": set(),
                                 "family_phonetic": set(), "phone_index": set(),
                                 "email_index": set()}  # fmt: skip
    for person in new:
        for field, found in keys.items():
            value = getattr(person, field)
            if value:
                found.add(value)
    blocked = Q()
    for field, values in keys.items():
        if values:
            blocked |= Q(**{f"{field}__in": sorted(values, key=str)})
    if not blocked:
        return []
    return list(
        Person.objects.filter(blocked, merged_into__isnull=True)
        .exclude(pk__in=[p.pk for p in new])
        .exclude(kind=VictimKind.BUSINESS)
        .exclude(name_key="")
    )


def people_link_at_intake(person_ids: list[int]) -> IntakeLinks:
    """Link the newly received people; nothing happens until a model has been trained."""
    result = IntakeLinks()
    stored = current_model()
    if stored is None or not person_ids:
        return result
    new = list(Person.objects.filter(pk__in=person_ids, merged_into__isnull=True)
               .exclude(kind=VictimKind.BUSINESS).exclude(name_key=""))  # fmt: skip
    known = _known_candidates(new) if new else []
    if not known:
        return result
    db = DuckDBAPI()
    left = db.register(_table([person_record(p) for p in new]), table_name="new_people")
    right = db.register(_table([person_record(p) for p in known]), table_name="known_people")
    model = {**stored.model, "link_type": "link_only",
             "retain_intermediate_calculation_columns": True}  # fmt: skip
    linker = Linker([left, right], model, log_level="WARNING")
    review = settings.LINKAGE_REVIEW_THRESHOLD
    rows = linker.inference.predict(threshold_match_probability=review).as_record_list()
    new_ids = {p.pk for p in new}
    best: dict[int, dict[str, Any]] = {}
    for row in rows:
        ids = (int(row["unique_id_l"]), int(row["unique_id_r"]))
        newcomer = ids[0] if ids[0] in new_ids else ids[1]
        if newcomer not in best or row["match_probability"] > best[newcomer]["match_probability"]:
            best[newcomer] = row
    people = {p.pk: p for p in [*new, *known]}
    for newcomer, row in best.items():
        ids = (int(row["unique_id_l"]), int(row["unique_id_r"]))
        other = ids[1] if ids[0] == newcomer else ids[0]
        if row["match_probability"] >= settings.LINKAGE_AUTO_LINK_THRESHOLD:
            people_merge(survivor=people[other], merged=people[newcomer], actor=None)
            persistently_targeted_refresh(people[other])
            result.joined += 1
        else:
            low, high = sorted((newcomer, other))
            _, created = LinkCandidate.objects.get_or_create(
                left_id=low, right_id=high,
                defaults={"probability": row["match_probability"],
                          "match_weight": row["match_weight"],
                          "fields": field_details(stored.model, row),
                          "model_version": stored.version, "status": CandidateStatus.PENDING},
            )  # fmt: skip
            result.queued += int(created)
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
