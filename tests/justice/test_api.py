"""Justice updates through the API: per-item results, idempotent, the sender's own sources."""

import pytest

from tests.factories import OrganisationFactory
from tests.justice.conftest import update
from victimcare.accounts.api_keys import api_key_issue
from victimcare.accounts.models import OrganisationKind
from victimcare.cases.models import CaseTask

pytestmark = pytest.mark.django_db
URL = "/api/v1/justice-updates"


@pytest.fixture
def token() -> str:
    police = OrganisationFactory(code="test-police", kind=OrganisationKind.POLICE_FORCE)
    return api_key_issue(organisation=police, name="witness care")[1]


def post(client, payload, token):
    return client.post(
        URL, payload, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


def test_a_batch_lands_its_good_updates_once_and_names_each_bad_one(
    client, token, two_victims
) -> None:
    batch = [
        update(event="trial_listed", hearing_at="2027-02-01T10:00", court="Bristol Crown Court"),
        update(event="trial_listed"),  # no hearing date
        {**update(event="sentence", custodial_months=14, hospital_order=False), "extra": 1},
        update(event="suspect_arrested", source="other-police"),
    ]
    body = post(client, batch, token).json()
    assert (body["received"], body["created"], body["rejected"]) == (4, 2, 2)
    first, no_date, sentence, foreign = body["results"]
    assert sorted(first["case_references"]) == sorted(c.reference for c in two_victims.values())
    assert no_date["errors"] == [{"column": "hearing_at", "reason": "is required for trial_listed"}]
    assert sentence["unknown_columns"] == ["extra"]
    assert foreign["errors"][0]["column"] == "source"
    duties = CaseTask.objects.count()
    again = post(client, batch[:1], token).json()
    assert (again["created"], again["unchanged"]) == (0, 1)
    assert CaseTask.objects.count() == duties


def test_a_key_without_the_capability_is_refused(client, two_victims) -> None:
    hub = OrganisationFactory(code="peer-hub", kind=OrganisationKind.VICTIM_CARE_HUB)
    token = api_key_issue(organisation=hub, name="transfers")[1]
    response = post(client, update(event="suspect_arrested"), token)
    assert response.status_code == 403
    assert not CaseTask.objects.exists()
    assert client.post(URL, {}, content_type="application/json").status_code == 401


def test_more_than_a_thousand_is_refused_whole(client, token, two_victims) -> None:
    response = post(client, [update(event="suspect_arrested")] * 1001, token)
    assert response.status_code == 413
    assert not CaseTask.objects.exists()
