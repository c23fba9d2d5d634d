"""Refer yourself: one question per page, check your answers, the hub's queue."""

import pytest
from django.urls import reverse

from victimcare.cases.models import Case

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
        "self", "consent", True,
    )  # fmt: skip
    assert case.team == northgate and case.person.safe_to_contact is False
    assert case.person.phone == "+447700900246"
    assert case.person.date_of_birth.isoformat() == "1990-03-27"
    assert referral.entitlement_level == "enhanced"  # domestic abuse: serious crime
    assert referral.offence_description.startswith("I feel unsafe at home")


def test_each_question_says_what_is_missing(client) -> None:
    client.post(reverse("portal:refer-name"), {"given_name": "Seren", "family_name": "Pryce"})
    future = client.post(reverse("portal:refer-date-of-birth"),
                         {"dob_day": "1", "dob_month": "1", "dob_year": "2099"})  # fmt: skip
    assert "Your date of birth must be in the past" in future.content.decode()
    client.post(reverse("portal:refer-date-of-birth"),
                {"dob_day": "27", "dob_month": "3", "dob_year": "1990"})  # fmt: skip
    client.post(reverse("portal:refer-postcode"), {"postcode": "BS1 4DJ"})
    no_phone = client.post(reverse("portal:refer-contact"),
                           {"preferred_contact": "sms", "safe_message": "yes"})  # fmt: skip
    assert "Enter a phone number, or choose email" in no_phone.content.decode()
    bad = client.post(reverse("portal:refer-postcode"), {"postcode": "BS1"})
    assert "Enter a real postcode" in bad.content.decode()
