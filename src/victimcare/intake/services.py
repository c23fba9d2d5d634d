"""Writes to referrals: receiving one referral from the police feed (create or update)."""

import enum
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models, transaction

from victimcare.accounts.models import Organisation, Team, User
from victimcare.accounts.selectors import hub_routing_table
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event, audit_events_save
from victimcare.cases.services.opening import case_refresh_from_referral, cases_open_for_referrals
from victimcare.core.bulk import History, bulk_insert, new_unsaved
from victimcare.core.fields import sealed_values
from victimcare.entitlements.rules import RuleValues
from victimcare.entitlements.selectors import current_rule_values
from victimcare.intake.corrections import hub_corrections_kept, team_routed
from victimcare.intake.transfers import transfers_open
from victimcare.linkage.same_victim import Named, another_victim
from victimcare.people.models import Person
from victimcare.referrals.feed import FeedReferral
from victimcare.referrals.feed_columns import FLAG_COLUMNS
from victimcare.referrals.models import Channel, LawfulBasis, Referral, VictimDetails
from victimcare.referrals.sightings import incidents_in_window, linked_incidents, reports_of_people
from victimcare.referrals.values import (
    PERSON_FLAGS,
    _entitlement_values,
    _person_values,
    _sighting,
    _victim_values,
)

# Victims who refer themselves, or agree to a partner's referral, consent; police referrals
# under the Victims' Code rest on the commissioner's public task.
CHANNEL_LAWFUL_BASIS: dict[str, str] = {
    Channel.SELF: LawfulBasis.CONSENT,
    Channel.PARTNER: LawfulBasis.CONSENT,
}


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"  # a later copy naming another victim (ADR 67): nothing changed


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
        field: Any = instance._meta.get_field(name)
        if field.many_to_one:  # compared by id: reading the related row would cost a query
            same = getattr(instance, field.attname) == (value.pk if value is not None else None)
        else:
            same = getattr(instance, name) == value
        if not same:
            setattr(instance, name, value)
            changed.append(name)
    return changed


IDENTITY_FIELDS = ("kind", "given_name", "family_name", "business_name", "date_of_birth")


def _named(victim: Any) -> Named:
    return Named(
        kind=victim.kind,
        given_name=victim.given_name,
        family_name=victim.family_name,
        business_name=victim.business_name,
        date_of_birth=victim.date_of_birth,
    )


def _first_received(referrals: Iterable[Referral]) -> dict[int, Named]:
    """Each stored referral's victim as first received (its first change-history row)."""
    first: dict[int, Named] = {}
    rows = (
        VictimDetails.history.filter(
            referral_id__in=[referral.pk for referral in referrals], history_type="+"
        )
        .order_by("history_id")
        .only("referral_id", *IDENTITY_FIELDS)
    )
    for row in rows:
        first.setdefault(row.referral_id, _named(row))
    return first


def _names_another(
    referral: Referral, record: FeedReferral, first: Named | None
) -> tuple[str, ...]:
    """The fields by which a later copy names another victim than the one its referral was
    sent for, as first received or as held now (ADR 67); empty for a correction."""
    sent = Named(
        kind=record.victim_kind,
        given_name=record.text["given_name"],
        family_name=record.text["family_name"],
        business_name=record.text["business_name"],
        date_of_birth=record.date_of_birth,
    )
    held = _named(referral.victim)
    return another_victim(sent, *((first, held) if first is not None else (held,)))


def _stored_referrals(records: Sequence[FeedReferral]) -> dict[tuple[str, str, str], Referral]:
    """The referrals already held for these keys, locked for update."""
    wanted = {record.key for record in records}
    candidates = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("person", "case", "victim")
        .filter(
            source__in={key[0] for key in wanted},
            crime_reference__in={key[1] for key in wanted},
        )
    )
    return {r.key: r for r in candidates if r.key in wanted}


@transaction.atomic
def referrals_receive_from_feed(
    *,
    records: Sequence[FeedReferral],
    actor: User | None = None,
    actor_label: str = "",
    routing: dict[str, Team] | None = None,
    rule_values: RuleValues | None = None,
    import_run_id: int | None = None,
    channel: str = Channel.POLICE_FEED,
    refusals: dict[tuple[str, str, str], tuple[str, ...]] | None = None,
) -> list[tuple[Referral, Outcome]]:
    """Create the referral, person and case for each feed record, or update them on a resend.
    A resend naming another victim is refused (ADR 67): its key and the fields that show it
    go into `refusals`, when given.

    One transaction for the batch, a few queries whatever its size: new referrals are
    written in bulk, resends compared in memory and only changes written. The keys
    (source, crime_reference, victim_reference) must be unique within `records`; stored
    ones are locked, and the unique constraint refuses a second copy of a new one sent at
    the same moment (the caller then retries row by row).
    """
    routing = hub_routing_table() if routing is None else routing
    rule_values = current_rule_values() if rule_values is None else rule_values
    if len({record.key for record in records}) != len(records):
        raise ValueError("a batch may hold each referral key once")
    audit_data: dict[str, Any] = {"import_run_id": import_run_id} if import_run_id else {}
    stored = _stored_referrals(records)
    first = _first_received(stored.values()) if stored else {}
    records = hub_corrections_kept(records, stored, first) if stored else records  # ADR 71
    victims = [_victim_values(record) for record in records]  # each record's, worked out once
    incidents = incidents_in_window(
        [
            _sighting(r, stored[r.key].pk if r.key in stored else None, v["name_key"])
            for r, v in zip(records, victims, strict=True)
        ],
        rule_values.persistent_window_months,
    )
    # Repeat-victim linkage's count for each stored referral: its person's other reports.
    reports = reports_of_people(referral.person_id for referral in stored.values())
    organisations = {
        o.code: o for o in Organisation.objects.filter(code__in={r.source for r in records})
    }

    fresh: list[Referral] = []
    fresh_victims: list[VictimDetails] = []  # each fresh referral's own victim details
    results: list[tuple[Referral, Outcome]] = []
    events = []
    for record, victim, count in zip(records, victims, incidents, strict=True):
        referral = stored.get(record.key)
        team = team_routed(referral, record, routing, routing.get(record.postcode_district))
        linked = 0
        if referral is not None:
            linked = linked_incidents(
                reports[referral.person_id],
                record.reported_at,
                rule_values.persistent_window_months,
            )
        values = {
            **_referral_values(record, team),
            **_entitlement_values(record, rule_values, count, linked),
        }
        if referral is None:
            # The contact details encrypted once for the person, the referral's own copy
            # and both history rows.
            victim = sealed_values(VictimDetails, victim)
            referral = new_unsaved(
                Referral,
                {
                    "source": record.source,
                    "crime_reference": record.crime_reference,
                    "victim_reference": record.victim_reference,
                    "channel": channel,
                    "lawful_basis": CHANNEL_LAWFUL_BASIS.get(channel, LawfulBasis.PUBLIC_TASK),
                    "source_organisation": organisations.get(record.source),
                    "person": new_unsaved(Person, _person_values(record, victim)),
                    **values,
                },
            )
            fresh_victims.append(new_unsaved(VictimDetails, victim))
            fresh.append(referral)
            results.append((referral, Outcome.CREATED))
            continue
        if refused := _names_another(referral, record, first.get(referral.pk)):
            if refusals is not None:
                refusals[record.key] = refused
            events.append(
                audit_event(
                    action=AuditAction.REFERRAL_RESEND_REFUSED,
                    obj=referral,
                    actor=actor,
                    actor_label=actor_label,
                    data={**audit_data, "fields": list(refused)},
                )
            )
            results.append((referral, Outcome.REFUSED))
            continue
        # A resend changes this referral's own details only; the person too only while this
        # is the person's one referral (never a person joined to others, ADR 38).
        victim_changed = _apply(referral.victim, victim)
        referral_changed = _apply(referral, values)
        if not victim_changed and not referral_changed:
            results.append((referral, Outcome.UNCHANGED))
            continue
        person_changed: list[str] = []
        if victim_changed and len(reports[referral.person_id]) == 1:
            person_changed = _apply(referral.person, _person_values(record, victim))
        if victim_changed:
            referral.victim._change_reason = actor_label or channel  # type: ignore[attr-defined]
            referral.victim.save(update_fields=victim_changed)
        if person_changed:
            referral.person.save(update_fields=[*person_changed, "updated_at"])
        if referral_changed or victim_changed:
            referral.save(update_fields=[*referral_changed, "updated_at"])
        # Field names only: the values are personal data and stay out of the trail.
        events.append(
            audit_event(
                action=AuditAction.REFERRAL_UPDATED,
                obj=referral,
                actor=actor,
                actor_label=actor_label,
                data={
                    **audit_data,
                    "victim_fields": [n for n in victim_changed if n != "name_key"],
                    "person_fields": person_changed,
                    "referral_fields": referral_changed,
                },
            )
        )
        case_refresh_from_referral(case=referral.case, actor=actor, actor_label=actor_label)
        results.append((referral, Outcome.UPDATED))

    if fresh:
        # With change history for the bulk path too (post_save does not fire for bulk writes).
        history = History(user=actor, reason=actor_label or channel)
        people = bulk_insert([referral.person for referral in fresh], history=history)
        for referral, person in zip(fresh, people, strict=True):
            referral.person = person
        bulk_insert(fresh, history=history)
        for referral, details in zip(fresh, fresh_victims, strict=True):
            details.referral = referral
        bulk_insert(fresh_victims, history=history)
        events += [
            audit_event(
                action=AuditAction.REFERRAL_RECEIVED,
                obj=referral,
                actor=actor,
                actor_label=actor_label,
                data={
                    **audit_data,
                    "channel": channel,
                    "out_of_area": referral.out_of_area,
                },
            )
            for referral in fresh
        ]
        # Their people were made just above: none has an earlier case to look up.
        cases_open_for_referrals(
            referrals=fresh, actor=actor, actor_label=actor_label, people_new=True
        )
        transfers_open(referrals=fresh)
    audit_events_save(events)
    return results


def referral_receive_from_feed(
    *,
    record: FeedReferral,
    actor: User | None = None,
    actor_label: str = "",
    routing: dict[str, Team] | None = None,
    rule_values: RuleValues | None = None,
    import_run_id: int | None = None,
    channel: str = Channel.POLICE_FEED,
) -> tuple[Referral, Outcome]:
    """Receive one feed record (create or update); see `referrals_receive_from_feed`."""
    return referrals_receive_from_feed(
        records=[record],
        actor=actor,
        actor_label=actor_label,
        routing=routing,
        rule_values=rule_values,
        import_run_id=import_run_id,
        channel=channel,
    )[0]
