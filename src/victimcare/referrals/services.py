"""Writes to referrals: receiving one referral from the police feed (create or update)."""

import enum
from typing import Any

from django.db import models, transaction

from victimcare.accounts.models import Organisation, Team, User
from victimcare.accounts.selectors import hub_routing_table
from victimcare.audit.services import audit_event_record
from victimcare.cases.services import case_open_for_referral, case_refresh_from_referral
from victimcare.entitlements.rules import RuleValues, VictimFacts, entitle
from victimcare.entitlements.selectors import current_rule_values
from victimcare.people.models import Person
from victimcare.people.selectors import incidents_in_window
from victimcare.referrals.feed import FLAG_COLUMNS, FeedReferral
from victimcare.referrals.models import Channel, Referral

PERSON_FLAGS = ("interpreter_needed", "safe_to_contact")
PERSON_TEXT = (
    "given_name",
    "family_name",
    "business_name",
    "first_language",
    "address_line_1",
    "address_line_2",
    "town",
    "contact_notes",
)


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def _person_values(record: FeedReferral) -> dict[str, Any]:
    return {
        "kind": record.victim_kind,
        **{name: record.text[name] for name in PERSON_TEXT},
        **{name: record.flags[name] for name in PERSON_FLAGS},
        "date_of_birth": record.date_of_birth,
        "sex": record.sex,
        "ethnicity": record.ethnicity,
        "postcode": record.postcode,
        "phone": record.phone,
        "email": record.email,
        "preferred_contact": record.preferred_contact,
    }


def _entitlement_values(
    record: FeedReferral, values: RuleValues, exclude_referral_id: int | None
) -> dict[str, Any]:
    incidents = incidents_in_window(
        given_name=record.text["given_name"],
        family_name=record.text["family_name"],
        date_of_birth=record.date_of_birth,
        postcode=record.postcode,
        reported_at=record.reported_at,
        months=values.persistent_window_months,
        exclude_referral_id=exclude_referral_id,
    )
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
    )
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


def _referral_values(record: FeedReferral, team: Team | None) -> dict[str, Any]:
    return {
        "reported_at": record.reported_at,
        "incident_type": record.incident_type,
        "crime_category": record.crime_category,
        "offence_code": record.text["offence_code"],
        "offence_description": record.text["offence_description"],
        "hate_crime_strands": record.hate_crime_strands,
        **{name: record.flags[name] for name in FLAG_COLUMNS if name not in PERSON_FLAGS},
        "referral_consent": record.referral_consent,
        "officer_in_charge": record.text["officer_in_charge"],
        "officer_email": record.officer_email,
        "unknown_columns": record.unknown_columns,
        "postcode_district": record.postcode_district,
        "team": team,
        "out_of_area": team is None,
    }


def _apply(instance: models.Model, values: dict[str, Any]) -> list[str]:
    """Set the values that differ; return the names of the fields that changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def referral_receive_from_feed(
    *,
    record: FeedReferral,
    actor: User | None = None,
    actor_label: str = "",
    routing: dict[str, Team] | None = None,
    rule_values: RuleValues | None = None,
    import_run_id: int | None = None,
) -> tuple[Referral, Outcome]:
    """Create the referral, person and case for a feed row, or update them on a resend.

    The (source, crime_reference, victim_reference) key is locked for the update, so two
    deliveries of the same row at once still make one referral.
    """
    routing = hub_routing_table() if routing is None else routing
    rule_values = current_rule_values() if rule_values is None else rule_values
    team = routing.get(record.postcode_district)
    audit_data: dict[str, Any] = {"import_run_id": import_run_id} if import_run_id else {}

    referral = (
        Referral.objects.select_for_update()
        .select_related("person")
        .filter(
            source=record.source,
            crime_reference=record.crime_reference,
            victim_reference=record.victim_reference,
        )
        .first()
    )
    if referral is None:
        person = Person.objects.create(**_person_values(record))
        referral = Referral.objects.create(
            source=record.source,
            crime_reference=record.crime_reference,
            victim_reference=record.victim_reference,
            channel=Channel.POLICE_FEED,
            source_organisation=Organisation.objects.filter(code=record.source).first(),
            person=person,
            **_referral_values(record, team),
            **_entitlement_values(record, rule_values, exclude_referral_id=None),
        )
        audit_event_record(
            action="referral.received",
            obj=referral,
            actor=actor,
            actor_label=actor_label,
            data={**audit_data, "channel": Channel.POLICE_FEED, "out_of_area": team is None},
        )
        case_open_for_referral(referral=referral, actor=actor, actor_label=actor_label)
        return referral, Outcome.CREATED

    person_changed = _apply(referral.person, _person_values(record))
    referral_changed = _apply(
        referral,
        {
            **_referral_values(record, team),
            **_entitlement_values(record, rule_values, exclude_referral_id=referral.pk),
        },
    )
    if not person_changed and not referral_changed:
        return referral, Outcome.UNCHANGED
    if person_changed:
        referral.person.save(update_fields=[*person_changed, "updated_at"])
    if referral_changed:
        referral.save(update_fields=[*referral_changed, "updated_at"])
    audit_event_record(
        action="referral.updated",
        obj=referral,
        actor=actor,
        actor_label=actor_label,
        # Field names only: the values are personal data and stay out of the trail's data.
        data={**audit_data, "person_fields": person_changed, "referral_fields": referral_changed},
    )
    if hasattr(referral, "case"):
        case_refresh_from_referral(case=referral.case, actor=actor, actor_label=actor_label)
    return referral, Outcome.UPDATED
