"""An organisation writes only under its own feed sources: a source listed by two
organisations, or that is another organisation's code, belongs to neither of the others."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrganisationFactory
from tests.referrals.feed_helpers import row
from victimcare.accounts.api_keys import api_key_issue
from victimcare.accounts.models import OrganisationKind
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db(transaction=True)  # the API, as in production


def post(client, payload, token: str):
    return client.post(
        "/api/v1/referrals",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_another_organisations_code_listed_as_an_extra_source_gives_no_access(
    client, northgate
) -> None:
    force = OrganisationFactory(code="test-police", kind=OrganisationKind.POLICE_FORCE)
    force_token = api_key_issue(organisation=force, name="feed")[1]
    assert post(client, row(domestic_abuse="true"), force_token).json()["created"] == 1
    charity = OrganisationFactory(
        code="harbour-lane",
        kind=OrganisationKind.SUPPORT_PROVIDER,
        extra_source_codes=["Test-Police", "harbour-lane-outreach"],
    )
    charity_token = api_key_issue(organisation=charity, name="case system")[1]

    assert charity.feed_sources == {"harbour-lane", "harbour-lane-outreach"}
    answer = post(client, row(given_name="Mallory", domestic_abuse="false"), charity_token).json()
    assert answer["results"][0]["errors"] == [
        {"column": "source", "reason": "'test-police' is not a source this sender may send for"}
    ]
    referral = Referral.objects.get()
    assert (referral.person.given_name, referral.domestic_abuse) == ("Amelia", True)
    read = client.get(
        "/api/v1/referrals/test-police/CR/26/000001/V1",
        headers={"Authorization": f"Bearer {charity_token}"},
    )
    assert read.status_code == 404
    assert post(client, row(source="harbour-lane-outreach"), charity_token).json()["created"] == 1


def test_an_extra_source_two_organisations_list_belongs_to_neither() -> None:
    first = OrganisationFactory(code="north-police", extra_source_codes=["shared-unit"])
    second = OrganisationFactory(code="south-police", extra_source_codes=["shared-unit"])
    assert first.feed_sources == {"north-police"}
    assert second.feed_sources == {"south-police"}
    with pytest.raises(ValidationError, match="shared-unit: already another organisation"):
        second.clean()
