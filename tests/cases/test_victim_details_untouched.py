"""Changing the victim's details (ADR 71): only what the officer changes is checked, so a
value the police feed accepted and the officer leaves alone never blocks a save; an
unknown reason is refused in plain words."""

import datetime

import pytest
from django.urls import reverse

from tests.cases.test_victim_details import posted, url
from tests.factories import CaseFactory, ReferralFactory
from victimcare.referrals.models import VictimDetails

pytestmark = pytest.mark.django_db


@pytest.fixture
def odd_case(vco):
    """A case whose victim holds values the feed accepts but the page would not take typed."""
    referral = ReferralFactory(team=vco.team, person__phone="+447700900123")
    VictimDetails.objects.filter(referral=referral).update(
        given_name="Ami\u200fra",  # a right-to-left mark
        family_name="-",
        address_line_1="-",
        address_line_2="Flat\u200b2",  # a zero-width space
        email="not an email",
        date_of_birth=referral.reported_at.date() + datetime.timedelta(days=3),
    )
    return CaseFactory(referral=referral, team=vco.team, officer=vco)


def test_a_phone_change_saves_whatever_the_feed_sent_for_the_other_details(client, vco, odd_case):
    client.force_login(vco)
    response = client.post(url(odd_case), posted(odd_case, phone="07700 900456"))
    assert response.status_code == 302
    victim = VictimDetails.objects.get(referral=odd_case.referral)
    assert victim.phone == "+447700900456"
    assert (victim.family_name, victim.address_line_1) == ("-", "-")  # left as sent
    assert victim.address_line_2 == "Flat\u200b2" and victim.email == "not an email"
    assert set(victim.hub_corrected) == {"phone"}


def test_a_detail_the_officer_changes_is_still_checked(client, vco, odd_case):
    client.force_login(vco)
    response = client.post(url(odd_case), posted(odd_case, family_name="--"))
    assert "Family name must not start with -" in response.content.decode()
    blank = client.post(url(odd_case), posted(odd_case, family_name=""))
    assert "Enter the family name" in blank.content.decode()
    assert VictimDetails.objects.get(referral=odd_case.referral).family_name == "-"


def test_an_unknown_reason_is_refused_in_plain_words(client, vco):
    case = CaseFactory(team=vco.team, officer=vco)
    client.force_login(vco)
    html = client.post(url(case), posted(case, town="Bath", reason="bogus")).content.decode()
    assert "Select why the details are changing from the list" in html
    assert reverse("cases:detail", args=[case.pk]) in html  # the page, not a redirect
