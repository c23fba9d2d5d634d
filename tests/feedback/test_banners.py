"""Resolving a complaint ends with a GOV.UK success banner (issue #18 item 5)."""

import pytest
from django.urls import reverse

from tests.banners import success_banners
from tests.factories import UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.feedback.models import Complaint

pytestmark = pytest.mark.django_db


def test_resolving_a_complaint_says_so(client, northgate) -> None:
    client.post(
        reverse("feedback:complain"),
        {"name": "Gwen Jones", "email": "gwen@example.org", "about": "Nobody called me back"},
    )
    complaint = Complaint.objects.get()
    leader = UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)
    client.force_login(leader)
    url = reverse("feedback:complaint", args=[complaint.pk])
    assert success_banners(client.post(url, {"response": ""}, follow=True)) == []
    resolved = client.post(url, {"response": "Apologised and arranged a call"}, follow=True)
    assert success_banners(resolved) == ["Complaint resolved, with your response recorded"]
