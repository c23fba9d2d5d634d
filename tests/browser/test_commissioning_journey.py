"""The commissioner's journey of issue 9, in Chromium, with axe-core on every page."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import CaseFactory, OrganisationFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.commissioning.demo import commissioning_demo
from victimcare.commissioning.models import ConsultationResponse
from victimcare.insights.services import case_facts_refresh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commissioner_reviews_funding_performance_returns_and_the_public_answers(
    page: Page, live_server
) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    office = OrganisationFactory(
        name="Office of the PCC", code="wessex-vale-opcc", kind="commissioner_office"
    )
    UserFactory(username="helen", role=Role.COMMISSIONER, organisation=office)
    for n in range(12):
        CaseFactory(
            team=hub,
            referral__person__sex="female" if n % 3 else "male",
            referral__domestic_abuse=n % 2 == 0,
        )
    commissioning_demo(office=office, hub_team=hub)
    case_facts_refresh()

    page.goto(f"{live_server.url}/staff/commissioning/")
    sign_in_with_authenticator(page, "helen")
    assert_accessible(page)
    page.goto(f"{live_server.url}/staff/commissioning/funding/?year=2018")
    expect(page.get_by_test_id("budget")).to_have_text("£1,351,368")
    expect(page.get_by_test_id("unallocated")).to_have_text("£0")
    assert_accessible(page)

    page.goto(f"{live_server.url}/staff/commissioning/performance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contract performance")
    assert_accessible(page)
    page.goto(f"{live_server.url}/staff/commissioning/cycle/")
    assert_accessible(page)

    page.goto(f"{live_server.url}/staff/insights/victim-services-return/")
    expect(page.get_by_test_id("by_crime_group")).to_contain_text("Domestic abuse")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF, to print").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert_accessible(page)

    page.goto(f"{live_server.url}/staff/insights/needs-analysis/")
    expect(page.get_by_test_id("chart-reach_sex")).to_be_visible()
    assert_accessible(page)

    # A member of the public answers the consultation, without an account.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/consultations/")
    page.get_by_role("link", name="Support for victims of crime: have your say").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send your answers").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer at least one question")
    assert_accessible(page)
    page.get_by_label("What would make support easier to reach?").fill("Evening hours")
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answers sent")
    assert_accessible(page)
    assert list(ConsultationResponse.objects.get().answers.values()) == ["Evening hours"]
