"""The needs analysis: reach against population, provision against demand, trends."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, OrganisationFactory, ServiceFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.insights.models import DistrictArea, PopulationShare
from victimcare.insights.rules import linear_forecast
from victimcare.insights.services import case_facts_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def commissioner():
    office = OrganisationFactory(kind="commissioner_office")
    return UserFactory(role=Role.COMMISSIONER, organisation=office)


def table(client, section):
    text = client.get(reverse("insights:needs-analysis-csv"), {"section": section})
    rows = list(csv.reader(io.StringIO(text.content.decode())))
    return {row[0]: row[1:] for row in rows[4:]}


def test_men_are_under_reached_and_sexual_violence_in_bs2_has_no_local_service(
    client, commissioner, northgate
) -> None:
    DistrictArea.objects.create(district="BS1", local_authority="Bristol", population=20000)
    DistrictArea.objects.create(district="BS2", local_authority="Bristol", population=10000)
    PopulationShare.objects.create(dimension="sex", group="female", share="0.51")
    PopulationShare.objects.create(dimension="sex", group="male", share="0.49")
    for n in range(20):
        CaseFactory(
            team=northgate,
            referral__person__sex="female" if n < 16 else "male",
            referral__postcode_district="BS1" if n < 12 else "BS2",
            referral__sexual_offence=n >= 12,
        )
    ServiceFactory(crime_types=["sexual_offence"], postcode_districts=["BS1"])
    case_facts_refresh()
    client.force_login(commissioner)
    page = client.get(reverse("insights:needs-analysis"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="chart-reach_sex"' in html
    assert 'role="img" aria-labelledby="reach_sex-chart reach_sex-chart-same"' in html
    assert "(forecast)" in html and "vch-chart__bar--forecast" in html  # drawn, and marked

    reach = table(client, "reach_sex")
    assert reach["Female"][:1] == ["16"] and reach["Female"][-1] == "Reached"
    assert reach["Male"][0] == "fewer than 5" and reach["Male"][-1] == "Under-reached"
    assert reach["Male"][3] == "not shown"  # a share built on a hidden count is not shown
    assert reach["Male"][4] == "49"  # the population share is not a count: shown
    provision = table(client, "provision")
    assert provision["BS2: sexual violence"] == ["8", "0", "No local specialist service"]
    districts = table(client, "district")
    assert districts["BS1"][:2] == ["Bristol", "12"] and districts["BS1"][-1] == "0.6"
    trend = table(client, "trend")
    assert sum(int(v[0]) for v in trend.values() if v[0]) == 20


def test_the_forecast_is_a_straight_line_through_the_months() -> None:
    assert linear_forecast([10, 20, 30], 2) == [40, 50]
    assert linear_forecast([5], 2) == [5, 5]
    assert linear_forecast([30, 20, 10], 4) == [0, 0, 0, 0]
