"""A partner service's response to a referral ends with a GOV.UK success banner saying
what changed (issue #18 item 5); a refused one shows none."""

import pytest
from django.urls import reverse

from tests.banners import success_banners
from tests.factories import CaseFactory, ServiceFactory, UserFactory, onward_referral
from victimcare.accounts.capabilities import Role

pytestmark = pytest.mark.django_db


def test_each_response_to_a_referral_says_what_changed(client, vco) -> None:
    service = ServiceFactory(name="Safe Steps IDVA service")
    worker = UserFactory(role=Role.PARTNER_WORKER, organisation=service.provider)
    onward = onward_referral(CaseFactory(team=vco.team), service, ["contact"])
    declined = onward_referral(CaseFactory(team=vco.team), service, ["contact"])
    client.force_login(worker)
    url = reverse("cases:partner-referral-update", args=[onward.pk])
    for status, words in (
        ("accepted", "Referral accepted"),
        ("in_progress", "Referral marked as in progress"),
        ("completed", "Referral marked as completed"),
    ):
        assert success_banners(client.post(url, {"status": status}, follow=True)) == [words]
    refused = client.post(url, {"status": "accepted"}, follow=True)  # completed: no way back
    assert success_banners(refused) == []
    gone = client.post(
        reverse("cases:partner-referral-update", args=[declined.pk]),
        {"status": "declined", "reason": "Outside our area"},
        follow=True,
    )
    assert success_banners(gone) == ["Referral declined"]
