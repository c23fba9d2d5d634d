"""A domestic abuse case reads "Victim of domestic abuse" once per Victims' Code ground, each
named; the staff queue carries the column names that let it stack on a 375 px phone."""

import re

import pytest
from django.urls import reverse

from tests.factories import CaseFactory
from victimcare.entitlements.templatetags.entitlement_words import entitlement_reason

pytestmark = pytest.mark.django_db

DOMESTIC_ABUSE = [
    {"code": "serious_crime", "text": "Victim of domestic abuse"},
    {"code": "intimidated", "text": "Victim of domestic abuse"},
]


def test_each_reason_names_its_ground() -> None:
    assert [entitlement_reason(r) for r in DOMESTIC_ABUSE] == [
        "Most serious crime: Victim of domestic abuse",
        "Intimidated: Victim of domestic abuse",
    ]
    assert entitlement_reason({"code": "new_ground", "text": "Something"}) == "Something"


def test_a_domestic_abuse_case_does_not_list_the_same_reason_twice(client, vco) -> None:
    case = CaseFactory(
        team=vco.team,
        officer=vco,
        referral__entitlement_level="enhanced",
        referral__entitlement_reasons=DOMESTIC_ABUSE,
    )
    client.force_login(vco)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    items = re.findall(r"<li>([^<]*Victim of domestic abuse)</li>", page)
    assert sorted(items) == [
        "Intimidated: Victim of domestic abuse",
        "Most serious crime: Victim of domestic abuse",
    ]


def test_the_queue_names_each_cell_for_the_phone_layout(client, vco) -> None:
    CaseFactory(team=vco.team)
    client.force_login(vco)
    page = client.get(reverse("cases:queue")).content.decode()
    assert 'class="govuk-table vch-table--stack"' in page
    headers = re.findall(r'<th scope="col" class="govuk-table__header">([^<]+)</th>', page)
    labels = re.findall(r'<td class="govuk-table__cell" data-label="([^"]+)"', page)
    assert headers and labels[: len(headers)] == headers
