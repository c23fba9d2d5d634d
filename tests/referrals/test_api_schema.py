"""schemathesis against the hub's own OpenAPI document: no server error, no response that
breaks the schema, for generated valid and invalid requests."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from tests.factories import OrganisationFactory
from victimcare.accounts.api_keys import api_key_issue
from victimcare.accounts.models import OrganisationKind

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def api_token(transactional_db) -> str:  # the WSGI app closes connections per request
    police = OrganisationFactory(code="test-police", kind=OrganisationKind.POLICE_FORCE)
    return api_key_issue(organisation=police, name="schemathesis")[1]


@schema.parametrize()
# derandomize: the same examples on every CI run, so a red build always means a real regression.
@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_openapi_promises(case, api_token) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {api_token}"})
