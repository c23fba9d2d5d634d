"""Onward referral with consent, the partner's view of it, and the auditor's pages, in Chromium."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.case_pages import OnwardReferralPage, PartnerReferralPage
from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import (
    CaseFactory,
    DataSharingAgreementFactory,
    OrganisationFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import OrganisationKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_refers_onward_and_the_partner_sees_only_what_was_shared(
    page: Page, live_server, browser
) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    UserFactory(
        username="priya", role=Role.VICTIM_CARE_OFFICER, team=hub, organisation=hub.organisation
    )
    charity = OrganisationFactory(name="Harbour Lane", kind=OrganisationKind.SUPPORT_PROVIDER)
    ServiceFactory(name="Harbour Lane support", provider=charity)
    DataSharingAgreementFactory(organisation=charity)
    UserFactory(username="grace", role=Role.PARTNER_WORKER, organisation=charity)
    case = CaseFactory(
        team=hub,
        referral__person__given_name="Seren",
        referral__person__phone="+447700900246",
        referral__offence_description="Bike stolen from the garden",
    )

    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    sign_in_with_authenticator(page, "priya")
    page.get_by_role("link", name="Refer to a support service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer to a support service")
    assert_accessible(page)
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm the victim agreed")
    assert_accessible(page)

    onward = OnwardReferralPage(page)
    onward.choose_service("Harbour Lane support")
    onward.share("What happened: crime type, date and description")
    onward.send(why="Worried about going out")
    expect(page.get_by_test_id("onward-referrals")).to_contain_text("Harbour Lane support")
    assert_accessible(page)

    partner_context = browser.new_context(locale="en-GB", bypass_csp=True)
    partner = partner_context.new_page()
    partner.goto(f"{live_server.url}/staff/sign-in/")
    sign_in_with_authenticator(partner, "grace")
    partner_page = PartnerReferralPage(partner)
    partner_page.open_list()
    assert_accessible(partner)
    partner_page.open_referral("name not shared")
    expect(partner.locator("main")).to_contain_text("Bike stolen from the garden")
    expect(partner.locator("main")).not_to_contain_text("Seren")
    expect(partner.locator("main")).not_to_contain_text("+447700900246")
    expect(partner.locator("main")).not_to_contain_text("Worried about going out")
    assert_accessible(partner)
    partner_context.close()


def test_the_auditor_searches_the_log_and_records_a_subject_access_request(
    page: Page, live_server
) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    UserFactory(username="tom", role=Role.AUDITOR, organisation=hub.organisation)
    case = CaseFactory(team=hub, referral__person__given_name="Idris")

    page.goto(f"{live_server.url}/staff/sign-in/")
    sign_in_with_authenticator(page, "tom")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Access log").click()
    assert_accessible(page)
    page.get_by_label("Case reference").fill("VC-NOSUC-HCASE")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("No case has this reference")
    assert_accessible(page)

    page.get_by_role("link", name="Rights requests").click()
    page.get_by_role("link", name="Record a request").click()
    assert_accessible(page)
    page.get_by_role("radio", name="Subject access").check()
    page.get_by_label("Case reference of the person").fill(case.reference)
    received = page.get_by_role("group", name="Date the request was received")
    received.get_by_label("Day").fill("24")
    received.get_by_label("Month").fill("11")
    received.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Subject access request")
    expect(page.locator("main")).to_contain_text("24 December 2026")
    assert_accessible(page)
    page.get_by_role("button", name="I have checked their identity").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download everything held (ZIP)").click()
    assert download.value.suggested_filename.startswith("subject-access-")
    assert download.value.path().stat().st_size > 0  # the whole file arrived
    page.goto(f"{live_server.url}/staff/data-protection/requests/")
    expect(page.get_by_test_id("requests")).to_contain_text("Completed")
