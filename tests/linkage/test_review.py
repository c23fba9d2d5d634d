"""The review queue: side by side, decided by an officer, undone if wrong; only pairs the
officer may see."""

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, PersonFactory
from victimcare.audit.models import AccessLogEntry
from victimcare.linkage.models import LinkCandidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(northgate, vco):
    first = CaseFactory(team=northgate, officer=vco, referral__person=PersonFactory(
        given_name="Elizabeth", family_name="Hartley", postcode="BS5 6XR"))  # fmt: skip
    again = CaseFactory(team=northgate, referral__person=PersonFactory(
        given_name="Liz", family_name="Hartly", postcode="BS7 8QT"))  # fmt: skip
    left, right = sorted([first.person, again.person], key=lambda p: p.pk)
    return LinkCandidate.objects.create(
        left=left, right=right, probability=0.97, match_weight=9.1, model_version=1,
        fields=[{"field": "given_name", "level": "Exact match on given_name", "weight": 6.2},
                {"field": "postcode", "level": "All other comparisons", "weight": -3.4}],
    )  # fmt: skip


def test_an_officer_compares_decides_and_undoes(client, vco, pair) -> None:
    client.force_login(vco)
    queue = client.get(reverse("cases:queue")).content.decode()
    assert reverse("linkage:queue") in queue
    listing = client.get(reverse("linkage:queue")).content.decode()
    assert "Elizabeth Hartley and Liz Hartly" in listing and "97%" in listing
    url = reverse("linkage:pair", args=[pair.pk])
    page = client.get(url).content.decode()
    assert "Exact match on given_name" in page and "-3.4" in page and "BS7 8QT" in page
    assert AccessLogEntry.objects.filter(route="linkage:pair").exists()
    refused = client.post(url, {})
    assert "Choose whether they are the same person" in refused.content.decode()
    client.post(url, {"decision": "same"})
    pair.refresh_from_db()
    pair.right.refresh_from_db()
    assert pair.status == "confirmed" and pair.right.merged_into_id == pair.left_id
    assert pair.right.cases.count() == 0 and pair.left.cases.count() == 2
    client.post(url, {"undo": "1"})
    pair.right.refresh_from_db()
    assert pair.right.merged_into_id is None and pair.right.cases.count() == 1
    assert "Undo the merge" not in client.get(url).content.decode()


def test_a_pair_outside_the_officers_cases_is_not_found(client, riverside, pair) -> None:
    from tests.factories import UserFactory
    from victimcare.accounts.capabilities import Role

    other = UserFactory(role=Role.VICTIM_CARE_OFFICER, team=riverside,
                        organisation=riverside.organisation)  # fmt: skip
    client.force_login(other)
    assert client.get(reverse("linkage:pair", args=[pair.pk])).status_code == 404
    assert "Hartley" not in client.get(reverse("linkage:queue")).content.decode()


def test_after_a_merge_the_case_page_shows_the_victims_other_cases_the_officer_may_see(
    client, vco, pair, riverside
) -> None:
    from victimcare.linkage.services import candidate_decide

    hidden = CaseFactory(team=riverside, referral__person=pair.left,
                         referral__crime_category="Robbery")  # fmt: skip
    candidate_decide(candidate=pair, same_person=True, actor=vco)
    client.force_login(vco)
    case = pair.left.cases.filter(officer=vco).first()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    others = [c for c in pair.left.cases.all() if c.pk not in (case.pk, hidden.pk)]
    assert "This victim&#x27;s other cases" in page or "This victim's other cases" in page
    assert all(c.reference in page for c in others)
    assert hidden.reference not in page  # another hub's case stays out of sight
