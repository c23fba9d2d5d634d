"""Recording a rights request ends with a GOV.UK success banner naming it (issue #18 item 5)."""

import pytest
from django.urls import reverse

from tests.banners import success_banners
from tests.factories import CaseFactory, UserFactory
from victimcare.accounts.capabilities import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "words"),
    [("access", "Subject access request recorded"), ("erasure", "Erasure request recorded")],
)
def test_recording_a_rights_request_says_which(client, northgate, kind, words) -> None:
    case = CaseFactory(team=northgate)
    client.force_login(UserFactory(role=Role.AUDITOR, organisation=northgate.organisation))
    url = reverse("dataprotection:request-new")
    refused = client.post(
        url, {"kind": kind, "case_reference": "VC-NONE", "received_on": "2026-11-24"}, follow=True
    )
    assert success_banners(refused) == []
    recorded = client.post(
        url,
        {"kind": kind, "case_reference": case.reference, "received_on": "2026-11-24"},
        follow=True,
    )
    assert success_banners(recorded) == [words]
