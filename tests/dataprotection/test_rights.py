"""Subject access and erasure: the whole record of one person, and nothing of anyone else."""

import datetime
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, DataSharingAgreementFactory, ServiceFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AccessLogEntry, AuditEvent, DisclosureEntry
from victimcare.audit.services import disclosure_record
from victimcare.cases.services.record import case_note_add
from victimcare.dataprotection.models import LegalHold, RightsRequest
from victimcare.dataprotection.rules import months_before, one_calendar_month_after
from victimcare.journeys.onward import onward_referral_send
from victimcare.people.models import Person
from victimcare.referrals.models import VictimDetails

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28)),
        (datetime.date(2026, 11, 24), datetime.date(2026, 12, 24)),
        (datetime.date(2026, 12, 15), datetime.date(2027, 1, 15)),
        (datetime.date(2028, 1, 30), datetime.date(2028, 2, 29)),
    ],
)
def test_a_request_is_due_one_calendar_month_after_receipt(received, due) -> None:
    assert one_calendar_month_after(received) == due


def test_months_before_counts_calendar_months() -> None:
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 11, 24), 72) == datetime.date(2020, 11, 24)


@pytest.fixture
def auditor(northgate):
    return UserFactory(role=Role.AUDITOR, organisation=northgate.organisation)


@pytest.fixture
def two_victims(northgate, vco):
    ours = CaseFactory(
        team=northgate,
        referral__person__given_name="Morwenna",
        referral__person__family_name="Trevithick",
        referral__person__phone="+447700900321",
        referral__offence_description="Car window smashed",
    )
    second = CaseFactory(team=northgate, referral__person=ours.person)
    theirs = CaseFactory(
        team=northgate,
        referral__person__given_name="Bartholomew",
        referral__person__phone="+447700900999",
    )
    service = ServiceFactory(name="Harbour Lane support")
    DataSharingAgreementFactory(organisation=service.provider)
    onward_referral_send(
        case=ours,
        service=service,
        consent_given=True,
        shared=["contact"],
        reason="Anxious",
        actor=vco,
    )
    case_note_add(case=ours, text="Prefers calls after school pick-up", actor=vco)
    from victimcare.assessments.rules import NEED_CATEGORIES
    from victimcare.assessments.services import needs_assessment_save

    needs_assessment_save(
        case=ours,
        stage="first",
        actor=vco,
        answers={
            c: ("medium", "Sleeping badly" if c == "health" else "") for c, _ in NEED_CATEGORIES
        },
    )
    case_note_add(case=theirs, text="Bartholomew's landlord is the suspect", actor=vco)
    disclosure_record(
        recipient="Northmoor hub",
        route="transfer",
        object_type="referrals.referral",
        object_ids=[theirs.referral_id],
        person_ids=[theirs.person_id],
        lawful_basis="test",
    )
    return ours, second, theirs


def test_the_subject_access_export_holds_everything_about_the_person_and_no_one_else(
    client, auditor, two_victims
) -> None:
    ours, second, theirs = two_victims
    client.force_login(auditor)
    response = client.post(
        reverse("dataprotection:request-new"),
        {
            "kind": "access",
            "case_reference": ours.reference,
            "received_on": "2026-11-24",
            "identity_checked": "on",
        },
    )
    request = RightsRequest.objects.get()
    assert response["Location"] == reverse("dataprotection:request", args=[request.pk])
    assert request.due_on == datetime.date(2026, 12, 24) and request.person == ours.person

    download = client.post(reverse("dataprotection:request-export", args=[request.pk]))
    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    assert sorted(archive.namelist()) == ["data.json", "report.html"]
    data = json.loads(archive.read("data.json"))
    html = archive.read("report.html").decode()

    assert data["person"]["given_name"] == "Morwenna" and data["person"]["phone"] == "+447700900321"
    assert {c["reference"] for c in data["cases"]} == {ours.reference, second.reference}
    assert len(data["referrals"]) == 2
    assert data["cases"][0]["referrals_to_services"][0]["service"] == "Harbour Lane support"
    assert [d["route"] for d in data["disclosures"]] == ["onward referral"]
    for text in (json.dumps(data), html):
        assert "Bartholomew" not in text and "+447700900999" not in text
        assert theirs.reference not in text and "Northmoor hub" not in text
    assert "Morwenna" in html and "Car window smashed" in html
    notes = [n["text"] for c in data["cases"] for n in c["notes"]]
    assert notes == ["Prefers calls after school pick-up"]
    assert "Prefers calls after school pick-up" in html
    first = next(c for c in data["cases"] if c["reference"] == ours.reference)["assessments"][0]
    assert first["kind"] == "First assessment"
    assert {"need": "Mental and physical health", "level": "Medium", "notes": "Sleeping badly"} in (
        first["answers"]
    )
    assert "Sleeping badly" in html

    request.refresh_from_db()
    assert request.status == "completed"
    logged = DisclosureEntry.objects.get(route="subject access")
    assert logged.people == f",{ours.person_id}," and logged.recipient == "The data subject"


def _export_unchecked(client, auditor, case):
    """The auditor records a subject access request for the case's person, leaves the
    identity unchecked, and asks for the export."""
    client.force_login(auditor)
    client.post(
        reverse("dataprotection:request-new"),
        {"kind": "access", "case_reference": case.reference, "received_on": "2026-11-24"},
    )
    request = RightsRequest.objects.get()
    return client.post(reverse("dataprotection:request-export", args=[request.pk]))


def test_an_unchecked_identity_blocks_the_answer(client, auditor, two_victims) -> None:
    ours, *_ = two_victims
    refused = _export_unchecked(client, auditor, ours)
    assert refused.status_code == 409 and "Check the requester" in refused.content.decode()
    assert not DisclosureEntry.objects.filter(route="subject access").exists()


def test_a_refused_export_shows_the_request_again_and_logs_the_read(
    client, auditor, two_victims
) -> None:
    ours, *_ = two_victims
    refused = _export_unchecked(client, auditor, ours)
    assert refused.status_code == 409 and ours.reference in refused.content.decode()
    logged = AccessLogEntry.objects.get(route="dataprotection:request-export")
    assert logged.user == auditor and logged.people == f",{ours.person_id},"


def test_erasure_removes_identity_contact_and_history_and_keeps_the_anonymous_facts(
    client, auditor, two_victims
) -> None:
    ours, _second, theirs = two_victims
    person = ours.person
    assert person.history.exists() and ours.referral.victim.history.exists()
    assert ours.referral.victim.given_name
    # An officer's change marked with keyed digests of the values (ADR 71).
    VictimDetails.objects.filter(referral=ours.referral).update(hub_corrected={"phone": ["a", "b"]})
    client.force_login(auditor)
    client.post(
        reverse("dataprotection:request-new"),
        {
            "kind": "erasure",
            "case_reference": ours.reference,
            "received_on": "2026-11-24",
            "identity_checked": "on",
        },
    )
    request = RightsRequest.objects.get()
    confirm = client.get(reverse("dataprotection:request-erase", args=[request.pk]))
    assert confirm.status_code == 200 and Person.objects.get(pk=person.pk).given_name  # not yet
    client.post(reverse("dataprotection:request-erase", args=[request.pk]))

    erased = Person.objects.get(pk=person.pk)
    assert (erased.given_name, erased.family_name, erased.phone, erased.date_of_birth) == (
        "",
        "",
        "",
        None,
    )
    assert erased.anonymised_at is not None and erased.postcode == "BS1"
    assert not erased.history.exists()
    ours.referral.refresh_from_db()
    assert ours.referral.offence_description == "" and ours.referral.crime_category == "Burglary"
    assert not ours.referral.history.exists()
    victim = VictimDetails.objects.get(referral=ours.referral)  # the referral's own copy too
    assert (victim.given_name, victim.phone, victim.email, victim.date_of_birth) == (
        "",
        "",
        "",
        None,
    )
    assert (victim.address_line_1, victim.postcode) == ("", "")
    assert victim.hub_corrected == {}  # digests of erased values go with them
    assert not victim.history.exists()
    assert ours.notes.get().text == "[erased]" and not ours.notes.get().history.exists()
    assert Person.objects.get(pk=theirs.person_id).given_name == "Bartholomew"
    assert AuditEvent.objects.filter(action="person.erased", object_id=str(person.pk)).exists()
    request.refresh_from_db()
    assert request.status == "completed"


def test_a_legal_hold_stops_erasure(client, auditor, two_victims) -> None:
    ours, *_ = two_victims
    LegalHold.objects.create(person=ours.person, reason="Civil claim")
    client.force_login(auditor)
    client.post(
        reverse("dataprotection:request-new"),
        {
            "kind": "erasure",
            "case_reference": ours.reference,
            "received_on": "2026-11-24",
            "identity_checked": "on",
        },
    )
    request = RightsRequest.objects.get()
    confirm = client.get(reverse("dataprotection:request-erase", args=[request.pk]))
    assert "under legal hold" in confirm.content.decode()
    assert "Yes, erase these details" not in confirm.content.decode()
    page = client.post(reverse("dataprotection:request-erase", args=[request.pk]))
    assert page.status_code == 409 and "under legal hold" in page.content.decode()
    assert Person.objects.get(pk=ours.person_id).given_name == "Morwenna"


def test_the_auditor_searches_the_log_by_person_user_and_date(client, auditor, vco, two_victims):
    ours, _second, theirs = two_victims
    client.force_login(vco)
    client.get(reverse("cases:detail", args=[ours.pk]))
    client.get(reverse("cases:detail", args=[theirs.pk]))
    client.force_login(auditor)
    url = reverse("dataprotection:access-log")

    by_person = client.get(url, {"case_reference": ours.reference})
    reads = list(by_person.context["page"])
    assert [r.object_ids for r in reads] == [[str(ours.pk)]]
    assert [d.route for d in by_person.context["disclosures"]] == ["onward referral"]

    by_user = client.get(url, {"username": vco.username})
    assert by_user.context["page"].paginator.count == 2
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    assert client.get(url, {"date_from": tomorrow}).context["page"].paginator.count == 0
    unknown = client.get(url, {"case_reference": "VC-NOSUC-HCASE"})
    assert "No case has this reference" in unknown.content.decode()


def test_only_auditors_of_the_hub_organisation_reach_the_log_and_requests(client, vco) -> None:
    client.force_login(vco)
    assert client.get(reverse("dataprotection:access-log")).status_code == 403
    assert client.get(reverse("dataprotection:requests")).status_code == 403
    client.force_login(UserFactory(role=Role.AUDITOR))  # an auditor of another organisation
    assert client.get(reverse("dataprotection:access-log")).status_code == 404
    assert client.get(reverse("dataprotection:requests")).status_code == 404


def test_a_request_received_in_the_future_is_refused_with_the_reason(
    client, auditor, two_victims
) -> None:
    ours, _second, _theirs = two_victims
    client.force_login(auditor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("dataprotection:request-new"),
        {"kind": "access", "case_reference": ours.reference, "received_on": tomorrow.isoformat()},
    )
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()
    assert not RightsRequest.objects.exists()
