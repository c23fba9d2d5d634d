"""Changing the victim's details from their case (ADR 71): a new phone number or address
the victim gives, a name or date of birth keyed wrong, a rectification request.

The change is made to the case's referral's own copy of the victim (`VictimDetails`, ADR
38), which every contact, letter and check of the case reads; to the person too only while
this is the person's one referral (a person joined to others keeps the details linkage
matches by, and the others' cases keep theirs). Each changed field is marked as the hub's
(`referrals.corrections`), so a later copy of the referral sending the old value again does
not undo it.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from victimcare.accounts.models import User
from victimcare.accounts.selectors import hub_routing_table
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases import lifecycle
from victimcare.cases.models import Case, CaseNote, CaseStatus
from victimcare.cases.services.opening import case_refresh_from_referral
from victimcare.cases.services.versions import CaseChangeRefused, locked_case, save_version
from victimcare.entitlements.selectors import current_rule_values
from victimcare.people.models import Person
from victimcare.referrals.corrections import (
    CORRECTABLE,
    HUB_CORRECTION,
    IDENTITY,
    marks_after_change,
)
from victimcare.referrals.feed_values import postcode_district
from victimcare.referrals.models import Referral, VictimDetails
from victimcare.referrals.sightings import incidents_in_window, linked_incidents, reports_of_people
from victimcare.referrals.values import referral_entitlement_values, referral_sighting


class ChangeReason:
    """Why the details changed: kept in the change history, the audit event and the note."""

    VICTIM_TOLD_US = "victim_told_us"
    POLICE_CORRECTED = "police_corrected"
    KEYING_MISTAKE = "keying_mistake"
    RECTIFICATION = "rectification"

    CHOICES = (
        (VICTIM_TOLD_US, "The victim told us"),
        (POLICE_CORRECTED, "The police corrected it"),
        (KEYING_MISTAKE, "A keying mistake"),
        (RECTIFICATION, "A rectification request (UK GDPR article 16)"),
    )
    LABELS = dict(CHOICES)


FIELD_LABELS = {
    "given_name": "given name",
    "family_name": "family name",
    "business_name": "business name",
    "date_of_birth": "date of birth",
    "address_line_1": "address line 1",
    "address_line_2": "address line 2",
    "town": "town or city",
    "postcode": "postcode",
    "phone": "phone",
    "email": "email",
}
# What a referral's entitlement and persistent-targeting count are derived from.
_DERIVED_FROM = frozenset({*IDENTITY, "postcode"})
_ENTITLEMENT = (
    "entitlement_level",
    "entitlement_reasons",
    "auto_referral",
    "auto_referral_reason",
    "contact_due_by",
    "contact_due_reason",
    "update_within_working_days",
)


@dataclass
class VictimChange:
    """What one change did, for the page's banner."""

    fields: list[str]
    person_changed: bool
    other_referrals: int  # the person's other referrals, whose details stayed as they were
    referral_fields: list[str] = field(default_factory=list)
    outside_area: bool = False  # the new postcode is outside the area of the case's team


def other_referrals_of(case: Case) -> int:
    """How many referrals besides this case's belong to its person (joined by linkage)."""
    return Referral.objects.filter(person_id=case.person_id).exclude(pk=case.referral_id).count()


def _routed(referral: Referral, postcode: str) -> tuple[list[str], bool]:
    """Record the new postcode's district on the referral; an officer's correction never
    moves the case or its referral to another team (ADR 71: a victim who moved away is a
    transfer, which a team leader decides). Returns the fields changed and whether the new
    postcode is outside the area of the case's team."""
    district = postcode_district(postcode)
    if not district or district == referral.postcode_district:
        return [], False
    referral.postcode_district = district
    return ["postcode_district"], hub_routing_table().get(district) != referral.team


def _entitlement_again(referral: Referral) -> list[str]:
    """The referral's entitlement derived again from its own details as now held (as a
    resend or linkage derives it); the fields that changed."""
    values = current_rule_values()
    months = values.persistent_window_months
    incidents = incidents_in_window([referral_sighting(referral)], months)[0]
    reports = reports_of_people([referral.person_id])[referral.person_id]
    linked = linked_incidents(reports, referral.reported_at, months)
    derived = referral_entitlement_values(
        referral=referral, values=values, incidents=incidents, linked=linked
    )
    changed = [name for name in _ENTITLEMENT if getattr(referral, name) != derived[name]]
    for name in changed:
        setattr(referral, name, derived[name])
    return changed


@transaction.atomic
def victim_details_change(
    *,
    case: Case,
    changes: dict[str, Any],
    reason: str,
    note: str = "",
    actor: User,
    expected_version: int | None,
) -> VictimChange:
    """Change the victim's details held for `case` to `changes` (field -> value, already
    checked and normalised by the page's form: `cases/victim_forms.py`); only the values
    that differ are written. Refused when nothing differs and for a case another area now
    holds; a stale page is told what changed (`StaleCase`). The case stays with its team
    whatever the postcode."""
    if reason not in ChangeReason.LABELS:
        raise CaseChangeRefused("Select why the details are changing", field="reason")
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not details an officer changes: {sorted(unknown)}")
    current = locked_case(case, expected_version)
    if current.status == CaseStatus.TRANSFERRED_OUT or (
        current.status in lifecycle.ENDED and not lifecycle.status_page_moves(current.status)
    ):
        raise CaseChangeRefused(
            "The case was transferred to another area, which holds the victim's details now"
        )
    victim = VictimDetails.objects.select_for_update().get(referral_id=current.referral_id)
    differing = {name: value for name, value in changes.items() if getattr(victim, name) != value}
    if not differing:
        raise CaseChangeRefused("Change at least one detail, or cancel to leave them as they are")
    referral = Referral.objects.select_for_update(of=("self",)).get(pk=current.referral_id)
    referral.victim = victim
    referral_fields, outside_area = (
        _routed(referral, differing["postcode"]) if "postcode" in differing else ([], False)
    )

    held = {name: getattr(victim, name) for name in differing}
    victim.hub_corrected = marks_after_change(victim.hub_corrected, held, differing)
    for name, value in differing.items():
        setattr(victim, name, value)
    words = ChangeReason.LABELS[reason]
    victim._change_reason = f"{HUB_CORRECTION}{words}"[:100]  # type: ignore[attr-defined]
    victim._history_user = actor  # type: ignore[attr-defined]
    victim.save(update_fields=[*differing, "hub_corrected"])

    others = other_referrals_of(current)
    person_changed = False
    if others == 0:  # never a person joined to others (ADR 38)
        person = Person.objects.select_for_update().get(pk=current.person_id)
        for name, value in differing.items():
            setattr(person, name, value)
        person._change_reason = victim._change_reason  # type: ignore[attr-defined]
        person._history_user = actor  # type: ignore[attr-defined]
        person.save(update_fields=[*differing, "updated_at"])
        person_changed = True

    if _DERIVED_FROM & set(differing):
        referral_fields += _entitlement_again(referral)
    if referral_fields:
        referral._change_reason = victim._change_reason  # type: ignore[attr-defined]
        referral._history_user = actor  # type: ignore[attr-defined]
        referral.save(update_fields=[*referral_fields, "updated_at"])

    named = [name for name in CORRECTABLE if name in differing]  # the page's order
    CaseNote.objects.create(
        case=current,
        text=_note_text(named, words, note),
        written_by=actor,
    )
    audit_event_record(
        action=AuditAction.VICTIM_DETAILS_CHANGED,
        obj=referral,
        actor=actor,
        # Field names and the reason's code only: the values are personal data.
        data={
            "case_id": current.pk,
            "reason": reason,
            "victim_fields": named,
            "person_fields": named if person_changed else [],
            "referral_fields": referral_fields,
        },
    )
    if referral_fields:  # the deadline and triage follow the referral (its team is unchanged)
        current.referral = referral
        case_refresh_from_referral(case=current, actor=actor)
    save_version(current, [], actor)  # an open form of this case is now out of date
    case.version = current.version
    return VictimChange(
        fields=[FIELD_LABELS[name] for name in named],
        person_changed=person_changed,
        other_referrals=others,
        referral_fields=referral_fields,
        outside_area=outside_area,
    )


def _note_text(named: list[str], words: str, note: str) -> str:
    """The timeline's record of the change: which details and why, never the values."""
    fields = ", ".join(FIELD_LABELS[name] for name in named)
    text = f"The victim's details were changed ({fields}). Why: {words}."
    return f"{text} {note.strip()}" if note.strip() else text
