"""Writes for data subjects' rights: recording requests, answering access, erasing."""

import datetime
import io
import json
import zipfile
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.assessments.models import NeedsAnswer, ProtectionAssessment, RiskAssessment
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record, disclosure_record
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
    RIGHTS_REQUEST_STATES,
    LegalHold,
    RightsRequest,
    RightsRequestKind,
    RightsRequestStatus,
)
from victimcare.dataprotection.rules import one_calendar_month_after
from victimcare.dataprotection.selectors import (
    joined_records,
    subject_access_data,
    subject_access_person_rows,
)
from victimcare.people.models import Person
from victimcare.referrals.models import Referral, VictimDetails

ACCESS_BASIS = "UK GDPR article 15: the data subject's right of access"

RECORDED: dict[str, AuditAction] = {
    RightsRequestKind.ACCESS: AuditAction.RIGHTS_REQUEST_RECORDED_ACCESS,
    RightsRequestKind.ERASURE: AuditAction.RIGHTS_REQUEST_RECORDED_ERASURE,
}


class RequestRefused(Exception):
    """The request cannot be carried out; the message says why."""


@transaction.atomic
def rights_request_record(
    *,
    kind: str,
    person: Person,
    received_on: datetime.date,
    identity_checked: bool,
    notes: str,
    actor: User,
) -> RightsRequest:
    request = RightsRequest.objects.create(
        kind=kind,
        person=person,
        received_on=received_on,
        due_on=one_calendar_month_after(received_on),
        identity_checked=identity_checked,
        notes=notes,
        recorded_by=actor,
    )
    audit_event_record(
        action=RECORDED[kind],
        obj=request,
        actor=actor,
        data={"person_id": person.pk, "due_on": request.due_on.isoformat()},
    )
    return request


@transaction.atomic
def rights_request_identity_confirm(*, request: RightsRequest, actor: User) -> RightsRequest:
    """Record that the requester's identity has been checked, so the request can be answered.

    Only an open request can change; confirming twice records nothing more.
    """
    locked = RightsRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != RightsRequestStatus.OPEN:
        raise RequestRefused("This request is already closed")
    if locked.identity_checked:
        return locked
    locked.identity_checked = True
    locked.save(update_fields=["identity_checked"])
    audit_event_record(
        action=AuditAction.RIGHTS_REQUEST_IDENTITY_CHECKED,
        obj=locked,
        actor=actor,
        data={"person_id": locked.person_id},
    )
    return locked


def _require_open(request: RightsRequest, kind: str) -> None:
    if request.kind != kind:
        raise RequestRefused(f"This is a {request.get_kind_display().lower()} request")
    why_not = RIGHTS_REQUEST_STATES.why_not(request.status, RightsRequestStatus.COMPLETED)
    if why_not:
        raise RequestRefused(why_not)
    if not request.identity_checked:
        raise RequestRefused("Check the requester's identity before answering")


@transaction.atomic
def subject_access_export(*, request: RightsRequest, actor: User) -> bytes:
    """Everything held about the person as a ZIP: data.json and a readable report.html.

    The disclosure to the data subject is logged, and the request completed.
    """
    _require_open(request, RightsRequestKind.ACCESS)
    data = subject_access_data(request.person)
    data["request"] = {
        "received_on": request.received_on.isoformat(),
        "answered_on": timezone.localdate().isoformat(),
    }
    html = render_to_string(
        "dataprotection/subject_access_report.html",
        {"data": data, "about_you": subject_access_person_rows(data["person"])},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False, default=str))
        archive.writestr("report.html", html)
    disclosure_record(
        recipient="The data subject",
        route="subject access",
        object_type="people.person",
        object_ids=[request.person_id],
        person_ids=[request.person_id],
        lawful_basis=ACCESS_BASIS,
        actor=actor,
    )
    request.status = RightsRequestStatus.COMPLETED
    request.completed_at = timezone.now()
    request.save(update_fields=["status", "completed_at"])
    audit_event_record(action=AuditAction.RIGHTS_REQUEST_ANSWERED, obj=request, actor=actor)
    return buffer.getvalue()


ERASED_PERSON_FIELDS: dict[str, Any] = {
    "given_name": "",
    "family_name": "",
    "business_name": "",
    "date_of_birth": None,
    "sex": "",
    "ethnicity": "",
    "first_language": "",
    "address_line_1": "",
    "address_line_2": "",
    "town": "",
    "phone": "",
    "email": "",
    "contact_notes": "",
    "name_key": "",
}


@transaction.atomic
def person_erase(*, request: RightsRequest, actor: User) -> Person:
    """Erase the person's identity, contact details and free text, keep the anonymous facts
    (crime type, dates, entitlement) that the commissioner's figures count, and delete
    the change history that still holds the erased values."""
    _require_open(request, RightsRequestKind.ERASURE)
    person = Person.objects.select_for_update().get(pk=request.person_id)
    if LegalHold.objects.filter(person=person, lifted_at__isnull=True).exists():
        raise RequestRefused("The person's records are under legal hold and cannot be erased")
    for name, value in ERASED_PERSON_FIELDS.items():
        setattr(person, name, value)
    person.postcode = person.postcode.split(" ")[0] if person.postcode else ""  # district only
    person.anonymised_at = timezone.now()
    # Linkage's blocking keys are derived from the erased name, phone and email: blank too.
    blocking_keys = dict.fromkeys(
        ("family_phonetic", "name_block", "phone_index", "email_index"), ""
    )
    Person.objects.filter(pk=person.pk).update(
        **ERASED_PERSON_FIELDS,
        **blocking_keys,
        postcode=person.postcode,
        anonymised_at=person.anonymised_at,
    )
    Person.history.filter(id=person.pk).delete()
    # The records linkage joined into this person hold the same person's details as they
    # first arrived (shown on the join pages, restored by an unmerge): erased with them.
    joined = joined_records(person.pk)
    for other in Person.objects.filter(pk__in=joined).only("pk", "postcode"):
        Person.objects.filter(pk=other.pk).update(
            **ERASED_PERSON_FIELDS,
            **blocking_keys,
            anonymised_at=person.anonymised_at,
            postcode=other.postcode.split(" ")[0] if other.postcode else "",
        )
    Person.history.filter(id__in=joined).delete()
    referral_ids = list(Referral.objects.filter(person=person).values_list("pk", flat=True))
    Referral.objects.filter(pk__in=referral_ids).update(offence_description="")
    Referral.history.filter(id__in=referral_ids).delete()
    # Each referral's own copy of the victim's details (ADR 38), and its change history.
    details = VictimDetails.objects.filter(referral_id__in=referral_ids)
    detail_ids = list(details.values_list("pk", flat=True))
    # The hub's marks are keyed digests of erased values: they go too (ADR 71).
    details.update(**ERASED_PERSON_FIELDS, postcode="", hub_corrected={})  # the district stays
    VictimDetails.history.filter(id__in=detail_ids).delete()
    onward = OnwardReferral.objects.filter(case__person=person)
    onward_ids = list(onward.values_list("pk", flat=True))
    onward.update(reason="")
    OnwardReferral.history.filter(id__in=onward_ids).delete()
    # Free text about the person in their cases: notes, contact notes, reasons for changes.
    notes = CaseNote.objects.filter(case__person=person)
    note_ids = list(notes.values_list("pk", flat=True))
    notes.update(text="[erased]")
    CaseNote.history.filter(id__in=note_ids).delete()
    ContactAttempt.objects.filter(case__person=person).update(notes="")
    CaseTransition.objects.filter(case__person=person).update(reason="[erased]")
    Case.objects.filter(person=person).update(safe_times="")
    CaseTask.objects.filter(case__person=person).update(outcome="")
    SupportGoal.objects.filter(case__person=person).update(goal="[erased]")
    NeedsAnswer.objects.filter(assessment__case__person=person).update(notes="")
    RiskAssessment.objects.filter(case__person=person).update(judgement_reason="")
    ProtectionAssessment.objects.filter(case__person=person).update(notes="")
    Case.history.filter(person_id=person.pk).delete()
    request.status = RightsRequestStatus.COMPLETED
    request.completed_at = timezone.now()
    request.save(update_fields=["status", "completed_at"])
    audit_event_record(
        action=AuditAction.PERSON_ERASED,
        obj=person,
        actor=actor,
        data={
            "rights_request_id": request.pk,
            "referrals": len(referral_ids),
            "joined_records": len(joined),
        },
    )
    return person
