"""Refer yourself: one question per page, check your answers, the hub's queue."""

import datetime
import re

import pytest
from django.urls import reverse

from victimcare.audit.models import AuditEvent
from victimcare.cases.models import Case
from victimcare.notifications.models import OutboxMessage
from victimcare.portal.self_referral import NO_MESSAGES_NOTE
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db

ANSWERS = [
    ("name", {"given_name": "Seren", "family_name": "Pryce"}),
    ("date-of-birth", {"dob_day": "27", "dob_month": "3", "dob_year": "1990"}),
    ("postcode", {"postcode": "bs1 4dj"}),
    ("contact", {"phone": "07700 900246", "preferred_contact": "phone", "safe_message": "no"}),
    ("what-happened", {"what_happened": "domestic_abuse"}),
    ("police", {"reported": "no"}),
    ("consent", {"consent": "on"}),
]


def test_a_victim_refers_themself_without_telling_the_police(client, northgate, vco) -> None:
    assert client.get(reverse("portal:refer-contact"))["Location"] == reverse("portal:refer-name")
    for step, data in ANSWERS:
        response = client.post(reverse(f"portal:refer-{step}"), data)
        assert response.status_code == 302, (step, response.content.decode()[:2000])
    check = client.get(reverse("portal:refer-check"))
    html = check.content.decode()
    assert "Seren Pryce" in html and "I feel unsafe at home" in html

    sent = client.post(reverse("portal:refer-check"))
    assert sent["Location"] == reverse("portal:refer-done")
    done = client.get(sent["Location"]).content.decode()
    case = Case.objects.select_related("referral", "person").get()
    assert case.reference in done and "Northgate hub" in done
    referral = case.referral
    assert (referral.channel, referral.lawful_basis, referral.domestic_abuse) == (
        "self",
        "consent",
        True,
    )
    # "Not safe to leave a message" is recorded as exactly that, not "not safe to contact".
    assert case.team == northgate and case.person.safe_to_contact is True
    assert case.victim.contact_notes == NO_MESSAGES_NOTE
    # ... and as the case's own safe-contact rule, which every contact attempt is held to.
    # The question's hint promises neither a voicemail nor a text someone else might see.
    assert (case.no_voicemail, case.no_sms, case.agreed_channel) == (True, True, "")
    overview = _officer_overview(client, vco, case)
    assert "No voicemail" in overview and "No text messages" in overview
    assert "Not safe to contact" not in overview
    assert case.person.phone == "+447700900246"
    assert case.person.date_of_birth.isoformat() == "1990-03-27"
    assert referral.entitlement_level == "enhanced"  # domestic abuse: serious crime
    assert referral.offence_description.startswith("I feel unsafe at home")


def _officer_overview(client, officer, case) -> str:
    client.force_login(officer)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    client.logout()
    return html


def test_a_phone_number_must_be_one(client) -> None:
    """Any text was accepted as a phone number; now the field says what it must be."""
    for step, data in ANSWERS[:3]:
        client.post(reverse(f"portal:refer-{step}"), data)
    for typed in ("call me maybe", "123", "0800 FLOWERS"):
        page = client.post(
            reverse("portal:refer-contact"),
            {
                "phone": typed,
                "preferred_contact": "phone",
                "safe_message": "yes",
            },
        ).content.decode()
        assert "Phone number must be a UK phone number, like 01632 960 001" in page, typed
        assert "Enter a phone number, or choose email" not in page  # one message, not two
    ok = client.post(
        reverse("portal:refer-contact"),
        {
            "phone": "+44 7700 900246",
            "preferred_contact": "phone",
            "safe_message": "yes",
        },
    )
    assert ok.status_code == 302


def test_each_question_says_what_is_missing(client) -> None:
    client.post(reverse("portal:refer-name"), {"given_name": "Seren", "family_name": "Pryce"})
    future = client.post(
        reverse("portal:refer-date-of-birth"),
        {"dob_day": "1", "dob_month": "1", "dob_year": "2099"},
    )
    page = future.content.decode()
    assert "Date of birth must be in the past" in page
    # The summary links to the boxes, and each box is marked as the one at fault.
    assert '<a href="#id_dob_day">Date of birth must be in the past</a>' in page
    assert page.count("govuk-input--error") == 3
    impossible = client.post(
        reverse("portal:refer-date-of-birth"),
        {"dob_day": "31", "dob_month": "2", "dob_year": "1990"},
    ).content.decode()
    assert '<a href="#id_dob_day">Date of birth must be a real date</a>' in impossible
    client.post(
        reverse("portal:refer-date-of-birth"),
        {"dob_day": "27", "dob_month": "3", "dob_year": "1990"},
    )
    client.post(reverse("portal:refer-postcode"), {"postcode": "BS1 4DJ"})
    no_phone = client.post(
        reverse("portal:refer-contact"), {"preferred_contact": "sms", "safe_message": "yes"}
    )
    assert "Enter a phone number, or choose email" in no_phone.content.decode()
    bad = client.post(reverse("portal:refer-postcode"), {"postcode": "BS1"})
    assert "Enter a real postcode" in bad.content.decode()


def refer(
    client,
    *,
    given: str,
    family: str,
    dob: tuple[int, int, int],
    phone: str,
    what: str,
    crime_reference: str,
) -> str:
    """One whole self-referral in a fresh session; returns the case reference confirmed."""
    client.cookies.clear()
    answers = dict(ANSWERS)
    answers.update(
        {
            "name": {"given_name": given, "family_name": family},
            "date-of-birth": {"dob_day": dob[0], "dob_month": dob[1], "dob_year": dob[2]},
            "contact": {"phone": phone, "preferred_contact": "sms", "safe_message": "yes"},
            "what-happened": {"what_happened": what},
            "police": {"reported": "yes", "crime_reference": crime_reference},
        }
    )
    for step, data in answers.items():
        assert client.post(reverse(f"portal:refer-{step}"), data).status_code == 302, step
    assert client.post(reverse("portal:refer-check"))["Location"] == reverse("portal:refer-done")
    done = client.get(reverse("portal:refer-done")).content.decode()
    [reference] = set(re.findall(r"VC-[A-Z0-9]{5}-[A-Z0-9]{5}", done))
    return reference


@pytest.mark.django_db(transaction=True)  # the portal's intake runs outside a transaction
def test_a_stranger_quoting_someone_elses_crime_reference_cannot_take_over_their_referral(
    client, northgate, vco
) -> None:
    crime = "CR/26/000777"  # a real reference, known to a stranger
    first = refer(
        client,
        given="Seren",
        family="Pryce",
        dob=(27, 3, 1990),
        phone="07700 900246",
        what="domestic_abuse",
        crime_reference=crime,
    )
    second = refer(
        client,
        given="Mallory",
        family="Stone",
        dob=(1, 1, 1980),
        phone="07700 900999",
        what="property",
        crime_reference=crime,
    )

    # Two referrals, two cases: the stranger's confirmation names their own case only.
    assert second != first
    assert Referral.objects.count() == 2 and Case.objects.count() == 2
    seren = Case.objects.select_related("person", "referral").get(reference=first)
    assert (seren.person.given_name, seren.person.family_name) == ("Seren", "Pryce")
    assert seren.person.date_of_birth == datetime.date(1990, 3, 27)
    assert seren.person.phone == "+447700900246"
    assert seren.referral.domestic_abuse is True
    assert seren.referral.crime_category == "Violence and sexual offences"
    # The typed reference is kept for the officer on both, and is neither's key.
    for referral in Referral.objects.all():
        assert referral.given_crime_reference == crime
        assert referral.crime_reference.startswith("SR-") and referral.source == "self-referral"
    assert not AuditEvent.objects.filter(action="referral.updated").exists()

    # Track my case for Seren's reference sends the code to Seren's phone, not the stranger's.
    client.cookies.clear()
    client.post(
        reverse("feedback:track"),
        {"reference": first, "dob_day": 27, "dob_month": 3, "dob_year": 1990},
    )
    code = OutboxMessage.objects.get(kind="tracking_code")
    assert code.case_id == seren.pk and code.destination == "sms"
    assert code.case.person.phone == "+447700900246"


def test_the_officer_sees_the_crime_reference_the_victim_typed(client, northgate, vco) -> None:
    refer(
        client,
        given="Seren",
        family="Pryce",
        dob=(27, 3, 1990),
        phone="07700 900246",
        what="violence",
        crime_reference="CR/26/000777",
    )
    case = Case.objects.get()
    client.force_login(vco)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "CR/26/000777" in page and "not checked with the police" in page
