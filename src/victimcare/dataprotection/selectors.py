"""Reads for data protection: which sharing agreement is in force with whom."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from victimcare.accounts.models import Organisation
from victimcare.assessments.models import NeedsAnswer, ProtectionAssessment, RiskAssessment
from victimcare.audit.models import DisclosureEntry
from victimcare.cases.models import (
    Case,
    CaseNote,
    CaseTask,
    CaseTransition,
    ContactAttempt,
    OnwardReferral,
    SupportGoal,
)
from victimcare.dataprotection.models import (
    DataSharingAgreement,
    DisposalLogEntry,
    LegalHold,
    RetentionRule,
)
from victimcare.dataprotection.rules import (
    agreement_state,
    ethnicity_label,
    long_date,
    yes_no_not_known,
)
from victimcare.people.models import Person
from victimcare.referrals.documents import referral_document
from victimcare.referrals.models import PeerHub, Referral


def _in_force(day: datetime.date) -> Q:
    """Agreements not revoked, started, and not yet ended on `day`."""
    return Q(revoked_at__isnull=True, starts_on__lte=day) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )


def agreement_in_force(
    *,
    organisation: Organisation | None = None,
    peer_hub: PeerHub | None = None,
    on: datetime.date | None = None,
) -> DataSharingAgreement | None:
    """The agreement that allows sharing with this party today, if any (newest first)."""
    if (organisation is None) == (peer_hub is None):
        raise ValueError("name exactly one party: an organisation or a peer hub")
    day = on or timezone.localdate()
    party = Q(organisation=organisation) if organisation is not None else Q(peer_hub=peer_hub)
    return (
        DataSharingAgreement.objects.filter(party, _in_force(day))
        .order_by("-starts_on", "-id")
        .first()
    )


def peer_hubs_with_agreement(on: datetime.date | None = None) -> set[int]:
    day = on or timezone.localdate()
    return set(
        DataSharingAgreement.objects.filter(_in_force(day), peer_hub__isnull=False).values_list(
            "peer_hub_id", flat=True
        )
    )


@dataclass(frozen=True)
class AgreementRow:
    agreement: DataSharingAgreement
    state: str  # In force, Not started, Ended or Revoked


def sharing_agreements(on: datetime.date | None = None) -> list[AgreementRow]:
    """Every data sharing agreement, those in force first, with its state on the day."""
    day = on or timezone.localdate()
    found = DataSharingAgreement.objects.select_related("organisation", "peer_hub").order_by(
        "-starts_on", "reference"
    )
    rows = [
        AgreementRow(
            a,
            agreement_state(
                starts_on=a.starts_on, ends_on=a.ends_on, revoked=a.revoked_at is not None, day=day
            ),
        )
        for a in found
    ]
    return sorted(rows, key=lambda row: row.state != "In force")


def retention_rules() -> QuerySet[RetentionRule]:
    return RetentionRule.objects.order_by("record_type")


def legal_holds_in_force() -> list[tuple[LegalHold, list[str]]]:
    """Holds not lifted, newest first, each with the references of its person's cases."""
    holds = list(
        LegalHold.objects.filter(lifted_at__isnull=True)
        .select_related("placed_by")
        .order_by("-placed_at", "-id")
    )
    references: dict[int, list[str]] = {}
    for person_id, reference in Case.objects.filter(
        person_id__in={h.person_id for h in holds}
    ).values_list("person_id", "reference"):
        references.setdefault(person_id, []).append(reference)
    return [(hold, sorted(references.get(hold.person_id, []))) for hold in holds]


def disposal_log(record_type: str = "") -> QuerySet[DisposalLogEntry]:
    entries = DisposalLogEntry.objects.order_by("-disposed_at", "-id")
    return entries.filter(record_type=record_type) if record_type else entries


def _plural(count: int, one: str, many: str, then: str = "") -> str:
    """ "2 notes, each replaced by ..." or "None" when there are none."""
    if not count:
        return "None"
    return f"{count} {one if count == 1 else many}{then}"


ERASED_MARK = ', each replaced by "[erased]"'


def joined_records(person_id: int) -> list[int]:
    """Every person record merged into this one, directly or through another merged one."""
    found: list[int] = []
    level = [person_id]
    while level:
        level = list(Person.objects.filter(merged_into_id__in=level).values_list("pk", flat=True))
        level = [pk for pk in level if pk not in found and pk != person_id]
        found += level
    return found


def erasure_preview(person: Person) -> list[tuple[str, str]]:
    """What erasing this person removes, in words, with how many of each record: the
    confirmation page lists it before anything is erased (services.person_erase)."""
    referrals = Referral.objects.filter(person=person).count()
    cases = Case.objects.filter(person=person).count()
    notes = CaseNote.objects.filter(case__person=person).count()
    attempts = ContactAttempt.objects.filter(case__person=person).exclude(notes="").count()
    reasons = CaseTransition.objects.filter(case__person=person).exclude(reason="").count()
    onward = OnwardReferral.objects.filter(case__person=person).exclude(reason="").count()
    tasks = CaseTask.objects.filter(case__person=person).exclude(outcome="").count()
    goals = SupportGoal.objects.filter(case__person=person).count()
    assessment_notes = (
        NeedsAnswer.objects.filter(assessment__case__person=person).exclude(notes="").count()
        + RiskAssessment.objects.filter(case__person=person).exclude(judgement_reason="").count()
        + ProtectionAssessment.objects.filter(case__person=person).exclude(notes="").count()
    )
    joined = len(joined_records(person.pk))
    return [
        ("Name, date of birth, sex, ethnicity and first language", "Removed"),
        (
            "Earlier records of this person that were joined to this one (repeat victims)",
            _plural(joined, "record", "records"),
        ),
        (
            "Address, phone number, email address and contact notes",
            "Removed; only the first half of the postcode (the district) stays",
        ),
        (
            "Description of the offence, and the copy of the victim's details on each referral",
            _plural(referrals, "referral", "referrals"),
        ),
        ("Case notes", _plural(notes, "note", "notes", ERASED_MARK)),
        ("Notes about attempts to contact them", _plural(attempts, "note", "notes")),
        (
            "Reasons given for changes of case status",
            _plural(reasons, "reason", "reasons", ERASED_MARK),
        ),
        ("Safe times to contact them", _plural(cases, "case", "cases")),
        ("Outcomes written on tasks", _plural(tasks, "task", "tasks")),
        ("Support plan goals", _plural(goals, "goal", "goals", ERASED_MARK)),
        (
            "Notes on needs, risk and protection assessments",
            _plural(assessment_notes, "note", "notes"),
        ),
        ("Reasons written on referrals to other services", _plural(onward, "reason", "reasons")),
        ("Change history of these records, which holds the old values", "Deleted"),
    ]


def subject_access_person_rows(person: dict[str, Any]) -> list[tuple[str, str]]:
    """The "About you" part of the subject access report: each detail in words."""
    address = ", ".join(line for line in person["address"] if line)
    rows = [
        ("Name", f"{person['given_name']} {person['family_name']}".strip()),
        ("Business name", person["business_name"]),
        ("Reported as", person["kind"]),
        ("Date of birth", long_date(person["date_of_birth"])),
        ("Sex", person["sex"]),
        ("Ethnicity", person["ethnicity"]),
        ("First language", person["first_language"]),
        ("Address", address),
        ("Postcode", person["postcode"]),
        ("Phone", person["phone"]),
        ("Email", person["email"]),
        ("How you prefer to be contacted", person["preferred_contact"]),
        ("Safe to contact you", yes_no_not_known(person["safe_to_contact"])),
        ("Notes about contacting you", person["contact_notes"]),
    ]
    return [
        (label, value or "Not known") for label, value in rows if label != "Business name" or value
    ]


RISK_ANSWERS = {"yes": "Yes", "no": "No", "not_known": "Not known"}


def _assessments(case: Any) -> list[dict[str, Any]]:
    """Every assessment of the case, in the words the victim was asked."""
    found: list[dict[str, Any]] = []
    for needs in case.needs_assessments.prefetch_related("answers", "questionnaire__questions"):
        words = {q.code: q.text for q in needs.questionnaire.questions.all()}
        found.append(
            {
                "kind": needs.get_stage_display(),
                "taken_at": needs.taken_at.isoformat(),
                "answers": [
                    {
                        "need": words.get(a.category, a.category),
                        "level": a.get_level_display(),
                        "notes": a.notes,
                    }
                    for a in needs.answers.all()
                ],
            }
        )
    for risk in case.risk_assessments.select_related("questionnaire"):
        words = {q.code: q.text for q in risk.questionnaire.questions.all()}
        found.append(
            {
                "kind": "Domestic abuse risk checklist",
                "taken_at": risk.taken_at.isoformat(),
                "level": risk.get_level_display(),
                "answers": [
                    {"question": words.get(code, code), "answer": RISK_ANSWERS.get(answer, answer)}
                    for code, answer in risk.answers.items()
                ],
                "judgement": risk.judgement_reason,
            }
        )
    for protection in case.protection_assessments.all():
        found.append(
            {
                "kind": "Protection needs",
                "taken_at": protection.taken_at.isoformat(),
                "special_measures": protection.special_measures,
                "notes": protection.notes,
            }
        )
    return found


def subject_access_data(person: Person) -> dict[str, Any]:
    """Everything the hub holds about one person, and nothing about anyone else.

    Disclosure rows are included only where they name this person, and only their
    recipient, date, route and basis (never the other records a row may list).
    """
    referrals = (
        Referral.objects.filter(person=person)
        .select_related("case__team", "case__officer")
        .order_by("reported_at", "pk")
    )
    cases = []
    for referral in referrals:
        case = getattr(referral, "case", None)
        if case is None:
            continue
        cases.append(
            {
                "reference": case.reference,
                "status": case.get_status_display(),
                "hub": str(case.team or ""),
                "named_officer": case.officer.display_name if case.officer else "",
                "opened_at": case.opened_at.isoformat(),
                "contact_deadline": case.contact_deadline.isoformat(),
                "lawful_basis": case.get_lawful_basis_display(),
                "referrals_to_services": [
                    {
                        "service": onward.service.name,
                        "sent_at": onward.sent_at.isoformat(),
                        "shared": onward.shared,
                        "reason": onward.reason,
                    }
                    for onward in case.onward_referrals.select_related("service")
                ],
                "status_history": [
                    {
                        "when": t.occurred_at.isoformat(),
                        "from": t.get_from_status_display(),
                        "to": t.get_to_status_display(),
                        "why": t.reason,
                    }
                    for t in case.transitions.all()
                ],
                "contact_attempts": [
                    {
                        "when": a.made_at.isoformat(),
                        "how": a.get_channel_display(),
                        "outcome": a.get_outcome_display(),
                        "notes": a.notes,
                    }
                    for a in case.contact_attempts.all()
                ],
                "notes": [
                    {"written_at": n.written_at.isoformat(), "text": n.text}
                    for n in case.notes.all()
                ],
                "assessments": _assessments(case),
                "support_plan": [
                    {
                        "need": g.get_category_display(),
                        "goal": g.goal,
                        "progress": g.get_status_display(),
                    }
                    for g in case.goals.all()
                ],
                "tasks": [
                    {"what": t.title, "due": t.due_on.isoformat(), "outcome": t.outcome}
                    for t in case.tasks.all()
                ],
            }
        )
    sources = dict(
        Organisation.objects.filter(code__in={r.source for r in referrals}).values_list(
            "code", "name"
        )
    )
    disclosures = DisclosureEntry.objects.filter(people__contains=f",{person.pk},").order_by(
        "occurred_at"
    )
    return {
        "person": {
            "kind": person.get_kind_display(),
            "given_name": person.given_name,
            "family_name": person.family_name,
            "business_name": person.business_name,
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
            "sex": person.get_sex_display() if person.sex else "",
            "ethnicity": ethnicity_label(person.ethnicity),
            "first_language": person.first_language,
            "address": [person.address_line_1, person.address_line_2, person.town],
            "postcode": person.postcode,
            "phone": person.phone,
            "email": person.email,
            "preferred_contact": person.get_preferred_contact_display()
            if person.preferred_contact
            else "",
            "safe_to_contact": person.safe_to_contact,
            "contact_notes": person.contact_notes,
        },
        "referrals": [
            {
                **referral_document(r),
                "how_referred": r.get_channel_display(),
                "referred_by": sources.get(r.source, r.source),
            }
            for r in referrals
        ],
        "cases": cases,
        "disclosures": [
            {
                "when": entry.occurred_at.isoformat(),
                "to": entry.recipient,
                "route": entry.route,
                "lawful_basis": entry.lawful_basis,
            }
            for entry in disclosures
        ],
    }
