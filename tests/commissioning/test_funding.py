"""The funding envelope: the Avon and Somerset 2018/19 figures entered and shown exactly."""

import re

import pytest
from django.urls import reverse

from victimcare.audit.models import AuditEvent
from victimcare.commissioning.models import Lot

pytestmark = pytest.mark.django_db

SOURCES = [
    ("moj_victims_grant", "Ministry of Justice Victims Grant", "1818002"),
    ("moj_csa_grant", "Ministry of Justice child sexual abuse grant", "135437"),
    ("pcc_contribution", "Additional PCC Contribution", "807542"),
    ("nhs_england", "NHS England CYP ISVA Contribution", "80000"),
]
# (service, provider, arrangement, value a year, initial + extension years)
IN_SCOPE = [
    (
        "Emotional Support Service for Victims of Crime and ASB",
        "Victim Support",
        "contract",
        "296973",
        3,
        1,
    ),
    ("Adult Advocacy Service - AVoice with SARI", "The Care Forum", "grant", "329467", 3, 1),
    (
        "Children and Young People Advocacy Service",
        "Young Victims' Service",
        "grant",
        "165000",
        3,
        1,
    ),
    (
        "Independent Sexual Violence Advisor Service",
        "Safelink (Missing Link)",
        "contract",
        "194580",
        3,
        1,
    ),
    ("ISVA: child sexual abuse fund", "Safelink (Missing Link)", "grant", "67753", 3, 1),
    (
        "ISVA: NHS England children and young people",
        "Safelink (Missing Link)",
        "grant",
        "80000",
        3,
        2,
    ),
    ("Modern Slavery Support Service", "Unseen UK", "grant", "38595", 1, 0),
    ("Restorative Justice Service", "Bristol Mediation", "contract", "179000", 3, 1),
]


def add_lot(client, name, provider, arrangement, value, years, extension, in_scope=True):
    data = {
        "lot-name": name,
        "lot-provider_name": provider,
        "lot-arrangement": arrangement,
        "lot-value_per_year": value,
        "lot-starts_on": "2015-04-01",
        "lot-ends_on": "2019-03-31",
        "lot-initial_years": years,
        "lot-extension_years": extension,
    }
    if in_scope:
        data["lot-in_scope"] = "on"
    return client.post(reverse("commissioning:funding") + "?year=2018", data)


def test_the_avon_and_somerset_2018_19_envelope_is_reproduced_exactly(client, commissioner):
    client.force_login(commissioner)
    for kind, name, amount in SOURCES:
        response = client.post(
            reverse("commissioning:funding"),
            {
                "source-year": "2018",
                "source-kind": kind,
                "source-name": name,
                "source-amount": amount,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    add_lot(
        client,
        "Separately commissioned services (Lighthouse, SARC, CSE, CSA grants)",
        "Several",
        "contract",
        "1489613",
        3,
        0,
        in_scope=False,
    )
    for lot in IN_SCOPE:
        assert add_lot(client, *lot).status_code == 302

    page = client.get(reverse("commissioning:funding"), {"year": "2018"}).content.decode()
    cell = lambda testid: re.search(rf'data-testid="{testid}">(?:<strong>)?([^<]+)', page).group(1)  # noqa: E731
    assert cell("total-funding") == "£2,840,981"
    assert cell("budget") == "£1,351,368"
    assert cell("in-scope-total") == "£1,351,368"
    assert cell("unallocated") == "£0"
    for _kind, name, amount in SOURCES:
        assert name in page and f"£{int(amount):,}" in page
    assert "Minus Separately commissioned services" in page and "£1,489,613" in page
    for name, _provider, _arr, value, _years, _extension in IN_SCOPE:
        assert name.replace("'", "&#x27;") in page and f"£{int(value):,}" in page
    assert "Contract, 3 years + 1, to 31 Mar 2019" in page
    assert Lot.objects.count() == 9
    assert AuditEvent.objects.filter(action="commissioning.lot_added").count() == 9


def test_a_lot_needs_a_provider_and_dates_in_order(client, commissioner):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:funding"),
        {
            "lot-name": "Advocacy",
            "lot-arrangement": "grant",
            "lot-value_per_year": "10",
            "lot-starts_on": "2019-04-01",
            "lot-ends_on": "2018-03-31",
            "lot-initial_years": "3",
            "lot-extension_years": "0",
        },
    )
    page = response.content.decode()
    assert "The end date must be after the start date" in page
    assert "Choose the provider or enter its name" in page
    assert not Lot.objects.exists()


def test_only_commissioners_manage_funding(client, vco):
    client.force_login(vco)
    assert client.get(reverse("commissioning:funding")).status_code == 403
