"""Police feed v1 through the API: keys, per-item results, idempotent resends."""

import pytest

from tests.factories import OrganisationFactory, UserFactory
from tests.referrals.feed_helpers import row
from victimcare.accounts.api_keys import api_key_issue, api_key_revoke
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import OrganisationKind
from victimcare.audit.models import AccessLogEntry
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db
URL = "/api/v1/referrals"


@pytest.fixture
def police():
    return OrganisationFactory(code="test-police", kind=OrganisationKind.POLICE_FORCE)


@pytest.fixture
def token(police) -> str:
    return api_key_issue(organisation=police, name="nightly feed")[1]


def post(client, payload, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(URL, payload, content_type="application/json", headers=headers)


def test_a_referral_sent_twice_lands_once(client, token, northgate) -> None:
    first = post(client, row(domestic_abuse=True), token)
    assert first.status_code == 200, first.content
    body = first.json()
    assert (body["received"], body["created"]) == (1, 1)
    item = body["results"][0]
    assert item["status"] == "created" and item["case_reference"].startswith("VC-")
    assert Referral.objects.get().domestic_abuse is True  # a JSON boolean is a feed flag

    again = post(client, row(domestic_abuse=True), token).json()
    assert (again["created"], again["unchanged"]) == (0, 1)
    assert again["results"][0]["case_reference"] == item["case_reference"]
    assert Referral.objects.count() == 1


def test_a_batch_lands_its_good_items_and_names_each_bad_one(client, token, northgate) -> None:
    batch = [
        row(crime_reference="CR/1"),
        row(crime_reference="CR/2", postcode="nowhere"),
        {**row(crime_reference="CR/3"), "force_division": "North"},
        row(crime_reference="CR/4", source="another-police"),
        {**row(crime_reference="CR/5"), "reported_at": None},  # JSON null is blank
    ]
    body = post(client, batch, token).json()
    assert (body["received"], body["created"], body["rejected"]) == (5, 2, 3)
    by_ref = {r["crime_reference"]: r for r in body["results"]}
    assert by_ref["CR/2"]["errors"] == [
        {"column": "postcode", "reason": "'nowhere' is not a UK postcode"}
    ]
    assert by_ref["CR/3"]["unknown_columns"] == ["force_division"]
    assert by_ref["CR/4"]["errors"] == [
        {"column": "source", "reason": "'another-police' is not a source this sender may send for"}
    ]
    assert by_ref["CR/5"]["errors"] == [
        {"column": "reported_at", "reason": "is required but blank or missing"}
    ]
    assert [r["index"] for r in body["results"]] == [0, 1, 2, 3, 4]
    assert set(Referral.objects.values_list("crime_reference", flat=True)) == {"CR/1", "CR/3"}


def test_a_batch_of_more_than_1000_is_refused_whole(client, token) -> None:
    response = post(client, [row(crime_reference=f"CR/{n}") for n in range(1001)], token)
    assert response.status_code == 413
    assert "at most 1000" in response.json()["detail"]
    assert not Referral.objects.exists()


def test_keys_are_checked(client, police, token) -> None:
    assert post(client, row(), None).status_code == 401
    assert post(client, row(), "vch_nope_nothing").status_code == 401
    hub = OrganisationFactory(kind=OrganisationKind.VICTIM_CARE_HUB)
    hub_token = api_key_issue(organisation=hub, name="peer")[1]
    assert post(client, row(), hub_token).status_code == 403
    key = police.api_keys.get()
    api_key_revoke(key=key, actor=UserFactory(role=Role.ADMINISTRATOR))
    assert post(client, row(), token).status_code == 401
    assert not Referral.objects.exists()


def test_a_key_is_stored_only_as_a_digest(police, token) -> None:
    key = police.api_keys.get()
    assert token not in (key.digest, key.prefix) and len(key.digest) == 64
    assert token.startswith(f"vch_{key.prefix}_")


def test_read_back_a_referral_and_the_read_is_logged(client, token, northgate) -> None:
    post(client, row(crime_reference="CR/26/000777"), token)
    response = client.get(
        f"{URL}/test-police/CR/26/000777/V1", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.content
    document = response.json()
    assert document["crime_reference"] == "CR/26/000777"
    assert document["entitlement"]["level"] == "standard"
    assert document["hub"] == "Northgate hub"
    entry = AccessLogEntry.objects.get(route="api:referral_get")
    assert entry.actor_label.startswith("api key ") and "test-police" in entry.actor_label


def test_another_senders_referral_answers_not_found(client, token, northgate) -> None:
    other = OrganisationFactory(code="other-police", kind=OrganisationKind.POLICE_FORCE)
    other_token = api_key_issue(organisation=other, name="feed")[1]
    post(client, row(source="other-police"), other_token)
    response = client.get(
        f"{URL}/other-police/CR/26/000001/V1", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 404


def test_the_openapi_document_is_public_and_describes_the_feed(client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/referrals" in paths
    assert "/api/v1/referrals/{source}/{crime_reference}/{victim_reference}" in paths


def test_a_support_providers_referrals_arrive_as_partner_referrals(client, northgate) -> None:
    charity = OrganisationFactory(code="harbour-lane", kind=OrganisationKind.SUPPORT_PROVIDER)
    charity_token = api_key_issue(organisation=charity, name="case system")[1]
    body = post(client, row(source="harbour-lane"), charity_token).json()
    assert body["created"] == 1
    assert Referral.objects.get().channel == "partner"
