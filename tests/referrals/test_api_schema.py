"""schemathesis over the hub's own OpenAPI document, in CI: property-based requests to every
operation, on keys that may use it, with unicode edge cases; no server error and no
response that breaks the document, whatever the request holds.

Strings are drawn from every code point a JSON string can carry (NUL, control and astral
characters included), not only printable UTF-8. schemathesis never draws lone surrogates
(they cannot be written as UTF-8), so a hook puts those and other hostile values (NUL,
far-future and impossible dates, over-long text, lists) into a generated body now and
then. NaN and Infinity cannot pass its JSON encoder: test_api_items.py sends them.
"""

import copy
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.factories import OrganisationFactory
from victimcare.accounts.api_keys import api_key_issue
from victimcare.accounts.models import OrganisationKind
from victimcare.justice.feed import JUSTICE_COLUMNS
from victimcare.referrals.feed_columns import FEED_COLUMNS

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(codec=None, allow_x00=True)
# A batch answers item by item: an item that breaks the item schema is rejected inside the
# 200 (documented), so the check that wants such a request refused whole does not apply.
schema.config.checks.update(excluded_check_names=["negative_data_rejection"])

HOSTILE_VALUES = (
    "\udc00",
    "Amelia\udc00",
    "Hart\x00",
    "2999-01-01T09:00",
    "0001-01-01T00:00+05:00",
    "x" * 5000,
    ["a list"],
    {"an": "object"},
)
COLUMNS = sorted({*FEED_COLUMNS, *JUSTICE_COLUMNS, "unknown\udc00"})


def _with_hostile(body: Any, column: str, value: Any) -> Any:
    """The body with one value of its first object item made hostile."""
    hostile = copy.deepcopy(body)
    target = hostile.get("referral") if isinstance(hostile, dict) else hostile
    if isinstance(hostile, dict) and not isinstance(target, dict):
        target = hostile
    items = target if isinstance(target, list) else [target]
    for item in items:
        if isinstance(item, dict):
            item[column] = value
            break
    return hostile


@schema.hook
def flatmap_body(context: Any, body: Any) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.just(body),
        st.builds(
            _with_hostile, st.just(body), st.sampled_from(COLUMNS), st.sampled_from(HOSTILE_VALUES)
        ),
    )


@pytest.fixture
def tokens(transactional_db) -> dict[str, str]:  # the WSGI app closes connections per request
    police = OrganisationFactory(code="test-police", kind=OrganisationKind.POLICE_FORCE)
    peer = OrganisationFactory(code="wessex-vale", kind=OrganisationKind.VICTIM_CARE_HUB)
    return {
        "police": api_key_issue(organisation=police, name="schemathesis")[1],
        "peer hub": api_key_issue(organisation=peer, name="schemathesis")[1],
    }


@schema.parametrize()
# derandomize: the same examples on every CI run, so a red build always means a real regression.
@settings(max_examples=50, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_openapi_promises(case, tokens) -> None:
    token = tokens["peer hub" if case.operation.path.endswith("/transfers") else "police"]
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
