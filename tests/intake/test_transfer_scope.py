"""A peer hub's transfers land under the peer's own source: a peer hub's key can never
create or update a police force's referral, nor another hub's, and a resend never blanks
what the package leaves out. The API runs outside a test transaction in production."""

import pytest

from tests.factories import OrganisationFactory
from tests.referrals.feed_helpers import row
from victimcare.accounts.api_keys import api_key_issue
from victimcare.accounts.models import OrganisationKind
from victimcare.people.models import Person
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db(transaction=True)
FEED, TRANSFERS = "/api/v1/referrals", "/api/v1/transfers"


def post(client, url: str, payload, token: str):
    return client.post(
        url, payload, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


def key_for(code: str, kind: str) -> str:
    return api_key_issue(organisation=OrganisationFactory(code=code, kind=kind), name="key")[1]


@pytest.fixture
def police_token() -> str:
    return key_for("test-police", OrganisationKind.POLICE_FORCE)


@pytest.fixture
def peer_token() -> str:
    return key_for("wessex-vale", OrganisationKind.VICTIM_CARE_HUB)


def transfer(referral: dict, reference: str = "VC-WV-0001") -> dict:
    return {
        "from_hub": "Wessex Vale Victim Care",
        "transfer_reference": reference,
        "referral": referral,
    }


def test_a_peer_hub_key_cannot_update_a_police_forces_referral(
    client, northgate, police_token, peer_token
) -> None:
    assert post(client, FEED, row(domestic_abuse="true"), police_token).json()["created"] == 1
    force_referral = Referral.objects.get()

    hostile = row(
        given_name="Mallory", family_name="Stranger", postcode="BS2 0AA", phone="07700 900999"
    )  # the force's own key: same source and references
    answer = post(client, TRANSFERS, transfer(hostile), peer_token).json()

    assert answer["status"] == "created"  # a new referral of the peer's, not the force's
    force_referral.refresh_from_db()
    force_referral.person.refresh_from_db()
    assert force_referral.source == "test-police"
    assert (force_referral.person.given_name, force_referral.person.family_name) == (
        "Amelia",
        "Hart",
    )
    assert force_referral.person.phone == "+447700900123"
    assert force_referral.person.postcode == "BS1 4DJ"
    assert force_referral.domestic_abuse is True
    landed = Referral.objects.exclude(pk=force_referral.pk).get()
    assert landed.key == ("wessex-vale", "CR/26/000001", "VC-WV-0001")
    assert landed.channel == "transfer"
    assert landed.unknown_columns["police_source"] == "test-police"
    assert landed.case.reference == answer["case_reference"] != force_referral.case.reference


def test_a_peer_hub_key_cannot_create_a_referral_under_a_police_forces_source(
    client, northgate, peer_token
) -> None:
    answer = post(client, TRANSFERS, transfer(row(source="test-police")), peer_token).json()
    assert answer["status"] == "created"
    assert not Referral.objects.filter(source="test-police").exists()
    assert Referral.objects.get().source == "wessex-vale"
    # Nor through the feed: the transfer key may not send referrals at all.
    assert post(client, FEED, row(source="test-police"), peer_token).status_code == 403
    assert not Referral.objects.filter(source="test-police").exists()


def test_a_peer_hub_cannot_update_another_hubs_transfer(client, northgate, peer_token) -> None:
    post(client, TRANSFERS, transfer(row()), peer_token)
    other_token = key_for("northmoor", OrganisationKind.VICTIM_CARE_HUB)
    hostile = row(source="wessex-vale", given_name="Mallory", phone="07700 900999")
    answer = post(client, TRANSFERS, transfer(hostile), other_token).json()
    assert answer["status"] == "created"
    first = Referral.objects.get(source="wessex-vale")
    assert (first.person.given_name, first.person.phone) == ("Amelia", "+447700900123")
    assert Referral.objects.get(source="northmoor").person.given_name == "Mallory"


def test_a_transfer_without_a_flag_leaves_the_stored_flag_alone(
    client, northgate, peer_token
) -> None:
    flagged = row(
        domestic_abuse="true",
        sexual_offence="true",
        intimidated="true",
        contact_notes="Safe to call after 6pm",
    )
    assert post(client, TRANSFERS, transfer(flagged), peer_token).json()["status"] == "created"

    resend = row(phone="07700 900456")  # the flags and notes left out
    answer = post(client, TRANSFERS, transfer(resend), peer_token).json()

    assert answer["status"] == "updated", answer
    referral = Referral.objects.get()
    assert (referral.domestic_abuse, referral.sexual_offence, referral.intimidated) == (
        True,
        True,
        True,
    )
    referral.person.refresh_from_db()
    assert referral.person.contact_notes == "Safe to call after 6pm"
    assert referral.person.phone == "+447700900456"  # what the resend did send is taken
    # Null or blank is "not known" to the sender: it never erases what the hub holds.
    blanked = {**resend, "domestic_abuse": None, "intimidated": "", "contact_notes": ""}
    assert post(client, TRANSFERS, transfer(blanked), peer_token).json()["status"] == "unchanged"
    referral.refresh_from_db()
    assert (referral.domestic_abuse, referral.intimidated) == (True, True)
    # A flag the resend does send is taken.
    post(client, TRANSFERS, transfer({**resend, "intimidated": False}), peer_token)
    referral.refresh_from_db()
    assert referral.intimidated is False and referral.domestic_abuse is True


def test_a_transfer_sent_again_lands_once(client, northgate, peer_token) -> None:
    first = post(client, TRANSFERS, transfer(row()), peer_token).json()
    again = post(client, TRANSFERS, transfer(row()), peer_token).json()
    assert (first["status"], again["status"]) == ("created", "unchanged")
    assert again["case_reference"] == first["case_reference"]
    assert Referral.objects.count() == Person.objects.count() == 1
    # Two victims the peer sent with one crime reference stay two referrals.
    other = post(client, TRANSFERS, transfer(row(given_name="Zoe"), "VC-WV-0002"), peer_token)
    assert other.json()["status"] == "created"
    assert Referral.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "column"),
    [
        (transfer(row(given_name="A\udc00")), "given_name"),
        (transfer(row(family_name="B\x00")), "family_name"),
        (transfer(row(), reference="VC\udc00"), "transfer_reference"),
        (transfer(row(), reference=" "), "transfer_reference"),
        ({**transfer(row()), "referral": ["not", "an", "object"]}, "referral"),
    ],
)
def test_a_malformed_transfer_is_refused_with_its_reason(
    client, northgate, peer_token, body, column
) -> None:
    response = post(client, TRANSFERS, body, peer_token)
    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] == "rejected"
    assert [error["column"] for error in answer["errors"]] == [column]
    assert not Referral.objects.exists()


def test_a_transfer_sent_again_naming_another_victim_is_refused_on_its_own_reference(
    client, northgate, peer_token
) -> None:
    first = post(client, TRANSFERS, transfer(row()), peer_token).json()
    stranger = row(given_name="Kwame", family_name="Mensah", date_of_birth="2001-07-30")
    answer = post(client, TRANSFERS, transfer(stranger), peer_token).json()
    assert answer["status"] == "rejected" and answer["case_reference"] is None
    [error] = answer["errors"]
    assert error["column"] == "transfer_reference"
    assert "Send this victim under a transfer_reference of their own" in error["reason"]
    assert first["case_reference"] not in str(answer)
    assert Referral.objects.get().victim.given_name == "Amelia"
