"""Possible repeat victims, reached from the triage queue, in Chromium with axe-core."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import CaseFactory, PersonFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AuditEvent
from victimcare.linkage.models import LinkCandidate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_joins_two_records_of_one_victim_from_the_queue(page: Page, live_server) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    officer = UserFactory(username="priya", role=Role.VICTIM_CARE_OFFICER, team=hub,
                          organisation=hub.organisation)  # fmt: skip
    first = CaseFactory(team=hub, officer=officer, referral__person=PersonFactory(
        given_name="Elizabeth", family_name="Hartley"))  # fmt: skip
    again = CaseFactory(team=hub, referral__person=PersonFactory(
        given_name="Liz", family_name="Hartly"))  # fmt: skip
    LinkCandidate.objects.create(
        left=first.person, right=again.person, probability=0.97, match_weight=9.1,
        model_version=1,
        fields=[{"field": "family_name", "level": "Jaro-Winkler >= 0.92", "weight": 7.5}],
    )  # fmt: skip

    page.goto(f"{live_server.url}/staff/queue/")
    sign_in_with_authenticator(page, "priya")
    page.get_by_role("link", name="Possible repeat victims to review").click()
    assert_accessible(page)
    page.get_by_role("link", name="Elizabeth Hartley and Liz Hartly").click()
    expect(page.get_by_test_id("side-by-side")).to_contain_text("Jaro-Winkler >= 0.92")
    assert_accessible(page)
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose whether")
    assert_accessible(page)
    page.get_by_label("The same person: join their records").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_test_id("status")).to_contain_text("The same person: merged")
    assert_accessible(page)
    assert AuditEvent.objects.filter(action="linkage.candidate_decided").exists()
