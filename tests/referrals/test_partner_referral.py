"""A partner worker refers a victim who may never have reported to the police."""

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import OrganisationKind
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db

FORM = {
    "given_name": "Nia",
    "family_name": "Hughes",
    "date_of_birth": "12 6 2010",
    "postcode": "bs1 5tr",
    "safe_to_contact": "no",
    "preferred_contact": "sms",
    "phone": "07700 900456",
    "contact_notes": "Text only, never call",
    "incident_type": "crime",
    "crime_category": "Violence and sexual offences",
    "offence_description": "Assaulted by an older pupil",
    "circumstances": ["intimidated"],
    "reported_to_police": "no",
    "consent": "on",
}


@pytest.fixture
def partner(northgate):
    charity = OrganisationFactory(code="harbour-lane", kind=OrganisationKind.SUPPORT_PROVIDER)
    return UserFactory(role=Role.PARTNER_WORKER, organisation=charity)


def test_a_partner_refers_an_unreported_crime_and_the_hub_takes_it(
    client, partner, vco, northgate
) -> None:
    client.force_login(partner)
    response = client.post(reverse("referrals:partner-referral"), FORM)
    assert response.status_code == 302, response.content.decode()[:3000]

    referral = Referral.objects.select_related("case", "person").get()
    assert referral.channel == "partner"
    assert referral.source == "harbour-lane" and referral.crime_reference.startswith("PR-")
    assert referral.person.postcode == "BS1 5TR" and referral.person.safe_to_contact is False
    assert referral.entitlement_level == "enhanced"
    assert referral.entitlement_reason_codes == [
        "intimidated",
        "vulnerable",
    ]  # under 18, frightened
    assert referral.case.team == northgate and referral.case.officer == vco
    # The victim agreed to the partner's referral: consent is the lawful basis.
    assert referral.lawful_basis == "consent" and referral.case.lawful_basis == "consent"
    page = client.get(response["Location"]).content.decode()
    assert referral.case.reference in page
    assert "Northgate hub will contact the victim" in page


def test_the_form_lists_every_problem(client, partner) -> None:
    client.force_login(partner)
    html = client.post(
        reverse("referrals:partner-referral"), {"incident_type": "crime"}
    ).content.decode()
    for message in (
        "Enter the victim&#39;s first name",
        "Select whether it is safe to contact the victim",
        "Describe what happened in a few words",
        "Confirm the victim has agreed to the referral",
    ):
        assert message in html
    assert 'href="#id_safe_to_contact"' in html and 'id="id_safe_to_contact"' in html
    assert not Referral.objects.exists()


def test_intake_validation_reaches_the_form(client, partner) -> None:
    client.force_login(partner)
    html = client.post(
        reverse("referrals:partner-referral"), {**FORM, "postcode": "NOWHERE"}
    ).content.decode()
    assert "Postcode: &#39;NOWHERE&#39; is not a UK postcode" in html
    assert not Referral.objects.exists()


def test_only_referrers_may_use_the_form(client, vco) -> None:
    client.force_login(vco)
    assert client.get(reverse("referrals:partner-referral")).status_code == 403
