"""A partner worker refers a victim who may never have reported to the police."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory, UserFactory
from tests.referrals.feed_helpers import row
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import OrganisationKind
from victimcare.audit.models import AuditEvent
from victimcare.cases.models import Case
from victimcare.intake.receive import feed_receive_items
from victimcare.notifications.models import OutboxMessage
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


def _track_code_goes_to(client, case: Case, dob: datetime.date) -> OutboxMessage:
    client.logout()
    client.cookies.clear()
    client.post(
        reverse("feedback:track"),
        {
            "reference": case.reference,
            "dob_day": dob.day,
            "dob_month": dob.month,
            "dob_year": dob.year,
        },
    )
    return OutboxMessage.objects.filter(kind="tracking_code").latest("id")


SHARED_CRIME = {
    "reported_to_police": "yes",
    "crime_reference": "CR/26/004242",
    "safe_to_contact": "yes",
}
STRANGER = {
    "given_name": "Mallory",
    "family_name": "Stone",
    "date_of_birth": "1 1 1980",
    "phone": "07700 900999",
    "offence_description": "A made-up story",
}


@pytest.mark.django_db(transaction=True)  # the form's intake runs outside a transaction
def test_two_victims_referred_with_one_crime_reference_are_two_referrals(
    client, partner, northgate, vco
) -> None:
    client.force_login(partner)
    for answers in ({**FORM, **SHARED_CRIME}, {**FORM, **SHARED_CRIME, **STRANGER}):
        response = client.post(reverse("referrals:partner-referral"), answers)
        assert response.status_code == 302, response.content.decode()[:2000]

    assert Referral.objects.count() == 2 and Case.objects.count() == 2
    nia = Referral.objects.select_related("person", "case").get(person__given_name="Nia")
    assert (nia.person.family_name, nia.person.phone) == ("Hughes", "+447700900456")
    assert nia.person.date_of_birth == datetime.date(2010, 6, 12)
    assert nia.offence_description == "Assaulted by an older pupil"
    assert {r.given_crime_reference for r in Referral.objects.all()} == {"CR/26/004242"}
    assert not AuditEvent.objects.filter(action="referral.updated").exists()
    sent = _track_code_goes_to(client, nia.case, datetime.date(2010, 6, 12))
    assert sent.case_id == nia.case.pk and sent.case.person.phone == "+447700900456"


@pytest.mark.django_db(transaction=True)
def test_a_police_users_form_referral_never_overwrites_the_forces_feed_referral(
    client, northgate, vco
) -> None:
    force = OrganisationFactory(code="wessex-police", kind=OrganisationKind.POLICE_FORCE)
    officer = UserFactory(role=Role.POLICE_REFERRER, organisation=force)
    [fed] = feed_receive_items(
        items=[
            row(
                source="wessex-police",
                crime_reference="CR/26/004242",
                given_name="Amelia",
                family_name="Hart",
                reported_at=timezone.now().isoformat(),
            )
        ],
        allowed_sources=force.feed_sources,
        actor_label="wessex-police feed",
    )
    assert fed.status == "created"
    amelia = Referral.objects.select_related("person", "case").get()

    client.force_login(officer)
    response = client.post(
        reverse("referrals:partner-referral"), {**FORM, **SHARED_CRIME, **STRANGER}
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    assert Referral.objects.count() == 2
    amelia.person.refresh_from_db()
    amelia.refresh_from_db()
    assert (amelia.person.given_name, amelia.person.phone) == ("Amelia", "+447700900123")
    assert amelia.offence_description == "Burglary in a dwelling"
    form_made = Referral.objects.exclude(pk=amelia.pk).get()
    assert form_made.source == "wessex-police" and form_made.crime_reference.startswith("PR-")
    assert form_made.given_crime_reference == "CR/26/004242"
    sent = _track_code_goes_to(client, amelia.case, datetime.date(1988, 5, 2))
    assert sent.case_id == amelia.case.pk and sent.case.person.phone == "+447700900123"
