"""A referral's derived values: the victim's details as a feed record gives them, the person
index's values and blocking keys, a report of the victim (a sighting), and the entitlement
derived from a record or from a stored referral. Used by intake and by linkage."""

from typing import Any

from victimcare.entitlements.rules import RuleValues, VictimFacts, entitle
from victimcare.people.normalise import matching_keys, name_key
from victimcare.referrals.feed import FeedReferral
from victimcare.referrals.feed_columns import FLAG_COLUMNS, VICTIM_TEXT_COLUMNS
from victimcare.referrals.models import PoliceReport, Referral
from victimcare.referrals.sightings import (
    Sighting,
)

PERSON_FLAGS = ("interpreter_needed", "safe_to_contact")


def _victim_values(record: FeedReferral) -> dict[str, Any]:
    """The victim's details as this record gives them: the referral's own snapshot."""
    return {
        "kind": record.victim_kind,
        **{name: record.text[name] for name in VICTIM_TEXT_COLUMNS},
        **{name: record.flags[name] for name in PERSON_FLAGS},
        "date_of_birth": record.date_of_birth,
        "sex": record.sex,
        "ethnicity": record.ethnicity,
        "postcode": record.postcode,
        "phone": record.phone,
        "email": record.email,
        "preferred_contact": record.preferred_contact,
        "name_key": name_key(record.text["given_name"], record.text["family_name"]),
    }


def _person_values(record: FeedReferral, victim: dict[str, Any] | None = None) -> dict[str, Any]:
    """The person index's values from this record: its victim's details (`victim`, when
    the caller has them already) and the blocking keys linkage looks them up by."""
    if victim is None:
        victim = _victim_values(record)
    return {
        **victim,
        **matching_keys(
            given_name=record.text["given_name"],
            family_name=record.text["family_name"],
            phone=record.phone,
            email=record.email,
        ),
    }


def _sighting(record: FeedReferral, referral_id: int | None, key: str | None = None) -> Sighting:
    return Sighting(
        name_key=name_key(record.text["given_name"], record.text["family_name"])
        if key is None
        else key,
        date_of_birth=record.date_of_birth,
        postcode=record.postcode,
        reported_at=record.reported_at,
        source=record.source,
        crime_reference=record.crime_reference,
        referral_id=referral_id,
    )


def _entitlement_values(
    record: FeedReferral, values: RuleValues, incidents: int, linked: int = 0
) -> dict[str, Any]:
    facts = VictimFacts(
        victim_kind=record.victim_kind,
        reported_at=record.reported_at,
        date_of_birth=record.date_of_birth,
        crime_category=record.crime_category,
        offence_code=record.text["offence_code"],
        offence_description=record.text["offence_description"],
        flags=record.flags,
        referral_consent=record.referral_consent,
        incidents_in_window=incidents,
        linked_incidents=linked,
    )
    return _entitled(facts, values)


def referral_entitlement_values(
    *, referral: Referral, values: RuleValues, incidents: int, linked: int
) -> dict[str, Any]:
    """A stored referral's entitlement derived again from what it said (its own details and
    flags) with these counts of its victim's reports: as a resend of it would derive it."""
    victim = referral.victim
    flags = {
        name: getattr(victim if name in PERSON_FLAGS else referral, name) for name in FLAG_COLUMNS
    }
    facts = VictimFacts(
        victim_kind=victim.kind,
        reported_at=referral.reported_at,
        date_of_birth=victim.date_of_birth,
        crime_category=referral.crime_category,
        offence_code=referral.offence_code,
        offence_description=referral.offence_description,
        flags=flags,
        referral_consent=referral.referral_consent,
        incidents_in_window=incidents,
        linked_incidents=linked,
        reported_to_police=referral.police_report != PoliceReport.NOT_REPORTED,
    )
    return _entitled(facts, values)


def referral_sighting(referral: Referral) -> Sighting:
    """A stored referral as a report of its victim, by its own details."""
    victim = referral.victim
    return Sighting(
        name_key=victim.name_key,
        date_of_birth=victim.date_of_birth,
        postcode=victim.postcode,
        reported_at=referral.reported_at,
        source=referral.source,
        crime_reference=referral.crime_reference,
        referral_id=referral.pk,
    )


def _entitled(facts: VictimFacts, values: RuleValues) -> dict[str, Any]:
    entitlement = entitle(facts, values)
    return {
        "entitlement_level": entitlement.level,
        "entitlement_reasons": [{"code": r.code, "text": r.text} for r in entitlement.reasons],
        "auto_referral": entitlement.auto_referral,
        "auto_referral_reason": entitlement.auto_referral_reason,
        "contact_due_by": entitlement.contact_due_by,
        "contact_due_reason": entitlement.contact_due_reason,
        "update_within_working_days": entitlement.update_within_working_days,
    }
