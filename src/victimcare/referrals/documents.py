"""The referral document: one referral as JSON, as `show_referral` prints it and the API serves it.

Field names follow the police referral feed v1, so a referrer reads back what it sent,
plus what the hub made of it (routing, case, first-contact deadline).
"""

from typing import Any

from victimcare.referrals.feed_columns import FLAG_COLUMNS
from victimcare.referrals.models import Referral, VictimDetails

PERSON_FLAG_COLUMNS = ("interpreter_needed", "safe_to_contact")


VICTIM_TEXT_FIELDS = (
    "given_name",
    "family_name",
    "business_name",
    "sex",
    "ethnicity",
    "first_language",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "email",
    "preferred_contact",
    "contact_notes",
)


def _victim_fields(person: VictimDetails) -> dict[str, str]:
    """The victim's identity and contact details under their feed v1 column names: as this
    referral gave them (never another referral's, even when linkage joined the two)."""
    return {
        "victim_kind": person.kind,
        **{name: getattr(person, name) for name in VICTIM_TEXT_FIELDS},
    }


def referral_document(referral: Referral) -> dict[str, Any]:
    person = referral.victim
    case = getattr(referral, "case", None)
    return {
        "source": referral.source,
        "crime_reference": referral.crime_reference,
        "victim_reference": referral.victim_reference,
        "channel": referral.channel,
        "reported_at": referral.reported_at.isoformat(),
        "incident_type": referral.incident_type,
        "crime_category": referral.crime_category,
        "offence_code": referral.offence_code,
        "offence_description": referral.offence_description,
        "hate_crime_strands": list(referral.hate_crime_strands),
        "flags": {
            name: getattr(person if name in PERSON_FLAG_COLUMNS else referral, name)
            for name in FLAG_COLUMNS
        },
        "referral_consent": referral.referral_consent,
        "officer_in_charge": referral.officer_in_charge,
        "officer_email": referral.officer_email,
        "victim": {
            **_victim_fields(person),
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        },
        "unknown_columns": dict(referral.unknown_columns),
        "entitlement": {
            "level": referral.entitlement_level,
            "reasons": referral.entitlement_reason_codes,
            "explanations": list(referral.entitlement_reasons),
        },
        "auto_referral": referral.auto_referral,
        "auto_referral_reason": referral.auto_referral_reason,
        "contact_due_by": referral.contact_due_by.isoformat(),
        "contact_due_reason": referral.contact_due_reason,
        "update_within_working_days": referral.update_within_working_days,
        "out_of_area": referral.out_of_area,
        "hub": referral.team.name if referral.team else None,
        "postcode_district": referral.postcode_district,
        "case": None
        if case is None
        else {
            "reference": case.reference,
            "status": case.status,
            "contact_deadline": case.contact_deadline.isoformat(),
            "contact_deadline_reason": case.contact_deadline_reason,
        },
        "received_at": referral.received_at.isoformat(),
        "updated_at": referral.updated_at.isoformat(),
    }


def referral_feed_row(referral: Referral) -> dict[str, str]:
    """The referral as one police feed v1 row (text values), for transfer packages."""
    person = referral.victim

    def flag(value: bool | None) -> str:
        return "" if value is None else ("true" if value else "false")

    row = {
        "source": referral.source,
        "crime_reference": referral.crime_reference,
        "victim_reference": referral.victim_reference,
        "reported_at": referral.reported_at.isoformat(),
        "incident_type": referral.incident_type,
        "crime_category": referral.crime_category,
        "offence_code": referral.offence_code,
        "offence_description": referral.offence_description,
        "hate_crime_strands": ";".join(referral.hate_crime_strands),
        **_victim_fields(person),
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "referral_consent": referral.referral_consent,
        "officer_in_charge": referral.officer_in_charge,
        "officer_email": referral.officer_email,
    }
    for name in FLAG_COLUMNS:
        row[name] = flag(getattr(person if name in PERSON_FLAG_COLUMNS else referral, name))
    return row
