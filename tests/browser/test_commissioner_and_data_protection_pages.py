"""Issue 18 item 10 in Chromium, with axe-core: the needs analysis at 1280 and 375 px, the
erasure confirmation, and the data protection officer's registers."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import (
    CaseFactory,
    DataSharingAgreementFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)
from victimcare.accounts.capabilities import Role
from victimcare.insights.models import DistrictArea, PopulationShare
from victimcare.insights.services import case_facts_refresh
from victimcare.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_the_needs_analysis_fits_a_desktop_and_a_phone(page: Page, live_server) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1", "BS2"])
    office = OrganisationFactory(name="Office of the PCC", kind="commissioner_office")
    UserFactory(username="helen", role=Role.COMMISSIONER, organisation=office)
    DistrictArea.objects.create(district="BS1", local_authority="Bristol", population=20000)
    PopulationShare.objects.create(dimension="sex", group="female", share="0.51")
    PopulationShare.objects.create(dimension="sex", group="male", share="0.49")
    for n in range(14):
        CaseFactory(
            team=hub,
            referral__person__sex="female" if n < 11 else "male",
            referral__postcode_district="BS1",
        )
    case_facts_refresh()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/staff/insights/needs-analysis/")
    sign_in_with_authenticator(page, "helen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Needs analysis")
    assert page_width(page) <= 1280
    reach = page.get_by_test_id("reach_sex")
    male = reach.get_by_role("row", name=re.compile(r"^Male "))
    expect(male).to_contain_text("fewer than 5")
    expect(male).to_contain_text("not shown")  # shares worked out from the hidden count
    expect(male).to_contain_text("49")  # the population share is shown
    tag = male.locator(".govuk-tag")
    expect(tag).to_have_text("Under-reached")
    tag_box, table_box = tag.bounding_box(), reach.bounding_box()
    assert (
        tag_box
        and table_box
        and tag_box["x"] + tag_box["width"] <= table_box["x"] + (table_box["width"])
    )  # the tag is inside its table, not clipped
    chart = page.get_by_test_id("chart-reach_sex")
    expect(chart).to_contain_text("Female")  # labels in full, in the page's type
    font = chart.evaluate(
        "el => getComputedStyle(el.querySelector('.vch-chart__label')).fontFamily"
    )
    assert "GDS Transport" in font
    assert_accessible(page)

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page_width(page) <= 375
    region = page.get_by_role("region", name="Table: reach by sex")
    region.focus()  # a wide table scrolls in its own box, and the keyboard can reach it
    expect(region).to_be_focused()
    assert_accessible(page)


def test_the_data_protection_officer_confirms_an_erasure_after_seeing_what_goes(
    page: Page, live_server
) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    UserFactory(username="tom", role=Role.AUDITOR, organisation=hub.organisation)
    case = CaseFactory(
        team=hub, referral__person__given_name="Idris", referral__person__family_name="Pugh"
    )
    DataSharingAgreementFactory(organisation=OrganisationFactory(name="Harbour Lane"))

    page.goto(f"{live_server.url}/staff/sign-in/")
    sign_in_with_authenticator(page, "tom")
    page.get_by_role("link", name="Rights requests").first.click()
    page.get_by_role("link", name="Record a request").click()
    page.get_by_role("radio", name="Erasure").check()
    page.get_by_label("Case reference of the person").fill(case.reference)
    received = page.get_by_role("group", name="Date the request was received")
    received.get_by_label("Day").fill("24")
    received.get_by_label("Month").fill("11")
    received.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record request").click()
    page.get_by_role("button", name="I have checked their identity").click()
    page.get_by_role("link", name="Erase this person's details").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to erase this person's details?"
    )
    expect(page.get_by_test_id("erasure-person")).to_contain_text("Idris Pugh")
    listed = page.get_by_test_id("erasure-list")
    expect(listed).to_contain_text("Address, phone number, email address and contact notes")
    expect(listed).to_contain_text("1 referral")
    assert Person.objects.get(pk=case.person_id).given_name == "Idris"  # nothing erased yet
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page_width(page) <= 375
    assert_accessible(page)

    page.get_by_role("button", name="Yes, erase these details").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("details were erased")
    assert Person.objects.get(pk=case.person_id).given_name == ""
    assert_accessible(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Retention and sharing").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Retention rules and legal holds")
    assert_accessible(page)
    page.get_by_role("link", name="Data sharing agreements").click()
    expect(page.get_by_test_id("sharing-agreements")).to_contain_text("Harbour Lane")
    assert_accessible(page)
    page.get_by_role("link", name="Disposal log").click()
    page.get_by_label("Type of record").select_option(
        label="Import reports and their rejected rows"
    )
    page.get_by_role("button", name="Show").click()
    expect(page.locator("main")).to_contain_text("Nothing has been disposed of of this type")
    assert_accessible(page)
