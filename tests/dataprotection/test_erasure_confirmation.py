"""Erasure asks first: a confirmation page lists what will be erased; the identity check is a
service with its audit event."""

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AccessLogEntry, AuditEvent
from victimcare.cases.services.record import case_note_add
from victimcare.dataprotection import services
from victimcare.dataprotection.models import RightsRequest, RightsRequestStatus
from victimcare.dataprotection.rules import one_calendar_month_after
from victimcare.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(northgate):
    return UserFactory(role=Role.AUDITOR, organisation=northgate.organisation)


@pytest.fixture
def victim_case(northgate, vco):
    case = CaseFactory(
        team=northgate,
        referral__person__given_name="Morwenna",
        referral__person__family_name="Trevithick",
    )
    case_note_add(case=case, text="Prefers calls after school pick-up", actor=vco)
    case_note_add(case=case, text="Asked about court dates", actor=vco)
    return case


def make_request(case, auditor, *, kind="erasure", identity_checked=True) -> RightsRequest:
    received = case.opened_at.date()
    return RightsRequest.objects.create(
        kind=kind,
        person=case.person,
        received_on=received,
        due_on=one_calendar_month_after(received),
        identity_checked=identity_checked,
        recorded_by=auditor,
    )


def test_the_confirmation_page_lists_what_will_be_erased_and_erases_nothing(
    client, auditor, victim_case
) -> None:
    request = make_request(victim_case, auditor)
    client.force_login(auditor)
    detail = client.get(reverse("dataprotection:request", args=[request.pk])).content.decode()
    confirm_url = reverse("dataprotection:request-erase", args=[request.pk])
    assert f'href="{confirm_url}"' in detail  # the request page leads to the confirmation

    page = client.get(confirm_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Are you sure you want to erase this person's details?" in html
    assert "Morwenna Trevithick" in html and victim_case.reference in html
    listed = dict(page.context["erased"])
    assert listed["Case notes"] == '2 notes, each replaced by "[erased]"'
    assert listed["Support plan goals"] == "None"  # nothing of that kind: nothing to erase
    assert listed["Name, date of birth, sex, ethnicity and first language"] == "Removed"
    assert "1 referral" in html and "What stays" in html
    assert "Yes, erase these details" in html and "{%" not in html and "{{" not in html
    assert Person.objects.get(pk=victim_case.person_id).given_name == "Morwenna"
    logged = AccessLogEntry.objects.get(route="dataprotection:request-erase")
    assert logged.user == auditor and logged.people == f",{victim_case.person_id},"


def test_confirming_erases_and_says_so(client, auditor, victim_case) -> None:
    request = make_request(victim_case, auditor)
    client.force_login(auditor)
    done = client.post(reverse("dataprotection:request-erase", args=[request.pk]), follow=True)
    assert "The person&#x27;s details were erased" in done.content.decode()
    assert Person.objects.get(pk=victim_case.person_id).given_name == ""
    request.refresh_from_db()
    assert request.status == RightsRequestStatus.COMPLETED
    # Once done, the confirmation page is gone: it leads back to the request.
    again = client.get(reverse("dataprotection:request-erase", args=[request.pk]))
    assert again.status_code == 302


@pytest.mark.parametrize(("kind", "checked"), [("access", True), ("erasure", False)])
def test_no_confirmation_page_for_an_access_request_or_an_unchecked_identity(
    client, auditor, victim_case, kind, checked
) -> None:
    request = make_request(victim_case, auditor, kind=kind, identity_checked=checked)
    client.force_login(auditor)
    url = reverse("dataprotection:request-erase", args=[request.pk])
    assert client.get(url)["Location"] == reverse("dataprotection:request", args=[request.pk])
    client.post(url)
    assert Person.objects.get(pk=victim_case.person_id).given_name == "Morwenna"


def test_only_the_hub_organisations_auditor_may_erase(client, auditor, vco, victim_case) -> None:
    request = make_request(victim_case, auditor)
    url = reverse("dataprotection:request-erase", args=[request.pk])
    client.force_login(vco)
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    client.force_login(UserFactory(role=Role.AUDITOR))  # another organisation's auditor
    assert client.post(url).status_code == 404
    client.logout()
    assert client.post(url).status_code in (302, 404)
    assert Person.objects.get(pk=victim_case.person_id).given_name == "Morwenna"


def test_an_unknown_request_is_not_found(client, auditor) -> None:
    client.force_login(auditor)
    assert client.get("/staff/data-protection/requests/999999/erase/").status_code == 404
    assert client.get("/staff/data-protection/requests/abc/erase/").status_code == 404


def test_confirming_the_identity_is_audited_once(client, auditor, victim_case) -> None:
    request = make_request(victim_case, auditor, identity_checked=False)
    client.force_login(auditor)
    url = reverse("dataprotection:request", args=[request.pk])
    done = client.post(url, {"action": "identity"}, follow=True)
    assert "identity is recorded as checked" in done.content.decode()
    client.post(url, {"action": "identity"})
    request.refresh_from_db()
    assert request.identity_checked
    events = AuditEvent.objects.filter(action="rights_request.identity_checked")
    assert events.count() == 1 and events.get().actor == auditor
    assert events.get().object_id == str(request.pk)


def test_a_closed_request_cannot_have_its_identity_confirmed(auditor, victim_case) -> None:
    request = make_request(victim_case, auditor, identity_checked=False)
    RightsRequest.objects.filter(pk=request.pk).update(status=RightsRequestStatus.REFUSED)
    with pytest.raises(services.RequestRefused):
        services.rights_request_identity_confirm(request=request, actor=auditor)
    request.refresh_from_db()
    assert not request.identity_checked
    assert not AuditEvent.objects.filter(action="rights_request.identity_checked").exists()
