"""Contract performance from the hub's own data, providers' returns, and KPIs."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, ServiceFactory, onward_referral
from victimcare.cases.models import ContactAttempt
from victimcare.commissioning.models import KeyPerformanceIndicator, Lot, ProviderReturn
from victimcare.insights.services import case_facts_refresh
from victimcare.justice.selectors import Quarter

pytestmark = pytest.mark.django_db


def lot(commissioner, **values) -> Lot:
    today = timezone.localdate()
    return Lot.objects.create(
        owner=commissioner.organisation,
        arrangement="contract",
        value_per_year=100000,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today + datetime.timedelta(days=400),
        **values,
    )


def test_a_hub_contract_is_measured_from_its_cases_with_kpis(
    client, commissioner, northgate
) -> None:
    hub_lot = lot(
        commissioner, name="Integrated victim hub", provider_name="Constabulary", hub=northgate
    )
    KeyPerformanceIndicator.objects.create(lot=hub_lot, measure="referrals_received", target=5)
    KeyPerformanceIndicator.objects.create(lot=hub_lot, measure="wait_days", target=1)
    cases = [CaseFactory(team=northgate) for _ in range(7)]
    for n, case in enumerate(cases[:6]):
        attempt = ContactAttempt.objects.create(case=case, channel="phone", outcome="spoke")
        ContactAttempt.objects.filter(pk=attempt.pk).update(
            made_at=case.opened_at + datetime.timedelta(days=n % 3)
        )
    cases[6].status = "declined_support"
    cases[6].save()
    case_facts_refresh()
    client.force_login(commissioner)
    quarter = Quarter.containing(timezone.localdate())
    page = client.get(reverse("commissioning:performance"), {"quarter": quarter.code})
    html = page.content.decode()
    block = html[html.index(f'data-testid="lot-{hub_lot.pk}"') :]
    assert (
        '>Referrals received</th><td class="govuk-table__cell govuk-table__cell--numeric">7<'
        in block
    )
    assert '>Accepted</th><td class="govuk-table__cell govuk-table__cell--numeric">6<' in block
    assert (
        '>Declined</th><td class="govuk-table__cell govuk-table__cell--numeric">fewer than 5<'
        in block
    )
    assert (
        '>Average days to first contact</th><td class="govuk-table__cell govuk-table__cell--numeric">1.0<'
        in block
    )
    assert html.count('govuk-tag--green">Met') == 2  # 7 received (target 5), wait 1.0 (at most 1)


def test_a_service_contract_is_measured_from_the_hubs_referrals_to_it(
    client, commissioner, northgate
) -> None:
    service = ServiceFactory(name="IDVA service")
    service_lot = lot(commissioner, name="IDVA", provider_name="Safe Steps", service=service)
    for status in ["accepted"] * 3 + ["declined"] * 2 + ["completed"] * 5:
        onward_referral(CaseFactory(team=northgate), service, ["contact"], status=status)
    client.force_login(commissioner)
    html = client.get(reverse("commissioning:performance")).content.decode()
    block = html[html.index(f'data-testid="lot-{service_lot.pk}"') :]
    cells = [
        '>Referrals received</th><td class="govuk-table__cell govuk-table__cell--numeric">10<',
        '>Accepted</th><td class="govuk-table__cell govuk-table__cell--numeric">8<',
        '>Closed</th><td class="govuk-table__cell govuk-table__cell--numeric">5<',
    ]
    assert all(cell in block for cell in cells)


def test_a_provider_outside_the_hub_uploads_its_return(client, commissioner) -> None:
    outside = lot(commissioner, name="Modern slavery support", provider_name="Unseen UK")
    client.force_login(commissioner)
    url = reverse("commissioning:lot-returns", args=[outside.pk])
    quarter = Quarter.containing(timezone.localdate()).code
    upload = (
        "quarter,referrals_received,accepted,declined,supported,closed,average_wait_days\n"
        f"{quarter},40,30,10,25,12,2.5\n"
        "2026-Q9,1,1,0,1,1,\n"
        "2025-Q4,10,9,5,9,3,\n"
    )
    page = client.post(url, {"file": SimpleUploadedFile("r.csv", upload.encode())})
    html = page.content.decode()
    assert "1 quarter saved" in html
    assert "Line 3, quarter: &#x27;2026-Q9&#x27; is not a quarter like 2026-Q3" in html
    assert "Line 4, accepted: accepted and declined add up to more than received" in html
    again = upload.splitlines()[0] + f"\n{quarter},41,30,11,25,12,\n"
    client.post(url, {"file": SimpleUploadedFile("r.csv", again.encode())})
    saved = ProviderReturn.objects.get()
    assert (saved.referrals_received, saved.average_wait_days) == (41, None)
    html = client.get(reverse("commissioning:performance")).content.decode()
    assert "from the provider's return" in html


def test_another_offices_contract_is_not_found(client, commissioner) -> None:
    from tests.factories import OrganisationFactory, UserFactory

    other = UserFactory(
        role="commissioner", organisation=OrganisationFactory(kind="commissioner_office")
    )
    theirs = lot(other, name="Theirs", provider_name="X")
    client.force_login(commissioner)
    assert client.get(reverse("commissioning:lot-returns", args=[theirs.pk])).status_code == 404


def test_a_commissioner_sets_a_kpi_target(client, commissioner) -> None:
    contract = lot(commissioner, name="Advocacy", provider_name="Care Forum")
    client.force_login(commissioner)
    url = reverse("commissioning:lot-kpi", args=[contract.pk])
    refused = client.post(url, {"measure": "satisfied_percent", "target": "lots"})
    assert "Enter a number" in refused.content.decode()
    client.post(url, {"measure": "satisfied_percent", "target": "85"})
    client.post(url, {"measure": "satisfied_percent", "target": "90"})
    assert [(k.measure, float(k.target)) for k in contract.kpis.all()] == [
        ("satisfied_percent", 90.0)
    ]


def test_a_return_that_is_not_utf8_is_refused_with_the_reason(client, commissioner) -> None:
    outside = lot(commissioner, name="Modern slavery support", provider_name="Unseen UK")
    client.force_login(commissioner)
    url = reverse("commissioning:lot-returns", args=[outside.pk])
    quarter = Quarter.containing(timezone.localdate()).code
    latin1 = f"quarter,referrals_received,accepted,declined,supported,closed,average_wait_days\n{quarter},40,30,10,25,12,2.5 días\n"
    page = client.post(url, {"file": SimpleUploadedFile("r.csv", latin1.encode("latin-1"))})
    assert page.status_code == 200
    assert "The file is not UTF-8 text: save it as CSV UTF-8" in page.content.decode()
    assert not ProviderReturn.objects.exists()
