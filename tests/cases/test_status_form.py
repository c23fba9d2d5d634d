"""The status page (#18 item 4): only the moves allowed from the case's status, before and
after an error; what is required said on the page and in the error; closing has its own
page; a stale page still told what changed."""

import re

import pytest
from django.urls import reverse

from tests.factories import CaseFactory
from victimcare.cases.lifecycle import status_page_moves

pytestmark = pytest.mark.django_db


def _offered(html: str) -> set[str]:
    return set(re.findall(r'name="status-target"[^>]*value="([a-z_]+)"', html)) | set(
        re.findall(r'value="([a-z_]+)"[^>]*name="status-target"', html)
    )


def _post(client, case, **data: str):
    form = {"status-version": str(case.version), "status-target": "", "status-reason": ""}
    form |= {f"status-{name}": value for name, value in data.items()}
    return client.post(reverse("cases:status", args=[case.pk]), form)


def test_the_status_page_never_offers_closing_the_case() -> None:
    assert [m.target for m in status_page_moves("closing")] == ["supported", "sent_in_error"]
    assert [m.target for m in status_page_moves("contacting")] == [
        "assessed",
        "unable_to_contact",
        "declined_support",
        "sent_in_error",
    ]


def test_only_the_allowed_moves_are_offered_before_and_after_an_error(client, vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="contacting")
    client.force_login(vco)
    page = client.get(reverse("cases:status", args=[case.pk])).content.decode()
    allowed = {"assessed", "unable_to_contact", "declined_support", "sent_in_error"}
    assert _offered(page) == allowed
    assert "Required: the reason is kept in the case&#39;s history" in page

    missing_why = _post(client, case, target="assessed").content.decode()
    assert "Enter why the case is changing: the reason is kept in its history" in missing_why
    assert _offered(missing_why) == allowed  # not every status after an error
    assert "Transferred to another area" not in missing_why
    case.refresh_from_db()
    assert case.status == "contacting"


def test_a_move_the_lifecycle_does_not_allow_is_refused_with_the_allowed_ones(client, vco):
    case = CaseFactory(team=vco.team, officer=vco, status="contacting")
    client.force_login(vco)
    page = _post(client, case, target="supported", reason="Plan agreed").content.decode()
    assert "A case that is contacting cannot become supported; it can become: assessed" in page
    assert _offered(page) == {"assessed", "unable_to_contact", "declined_support", "sent_in_error"}
    nonsense = _post(client, case, target="lost", reason="Plan agreed").content.decode()
    assert "Select what has happened from the list" in nonsense
    case.refresh_from_db()
    assert case.status == "contacting"


def test_closing_is_refused_on_the_status_page_and_offered_on_its_own(client, vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="closing")
    client.force_login(vco)
    page = _post(client, case, target="closed", reason="All done").content.decode()
    assert "Close the case from its Close the case page" in page
    case.refresh_from_db()
    assert case.status == "closing"


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("Phoned\x00twice", "Why? contains a null character"),
        ("x" * 1001, "Why? must be 1000 characters or fewer"),
    ],
)
def test_a_reason_that_cannot_be_kept_is_refused_naming_the_field(client, vco, reason, error):
    case = CaseFactory(team=vco.team, officer=vco, status="contacting")
    client.force_login(vco)
    response = _post(client, case, target="assessed", reason=reason)
    assert response.status_code == 200 and error in response.content.decode()
    case.refresh_from_db()
    assert case.status == "contacting"


def test_an_allowed_move_changes_the_status_with_a_banner(client, vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="contacting")
    client.force_login(vco)
    done = _post(client, case, target="assessed", reason="Needs assessed on the phone")
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == "assessed"
    assert "Status changed" in client.get(done["Location"]).content.decode()
