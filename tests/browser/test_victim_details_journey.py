"""An officer changes the victim's phone number on their case (ADR 71), in Chromium, with
axe-core on each page, and pictures at a phone's and a desktop's width when asked for."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.case_pages import CaseRecordPage, ClosePage, StatusChangePage
from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import CaseFactory, CaseTaskFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# VCH_SCREENSHOTS=<directory> keeps a picture of each page at a phone's and a desktop's width.
SHOTS = os.environ.get("VCH_SCREENSHOTS", "")


def _look(page: Page, name: str) -> None:
    assert_accessible(page)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        # Nothing is wider than the screen (no sideways scrolling on a phone).
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_officer_changes_the_victims_phone_number(page: Page, live_server) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    UserFactory(
        username="priya",
        first_name="Priya",
        last_name="Shah",
        role=Role.VICTIM_CARE_OFFICER,
        team=hub,
        organisation=hub.organisation,
    )
    case = CaseFactory(
        team=hub,
        referral__team=hub,
        referral__person__given_name="Delyth",
        referral__person__family_name="Morgan",
        referral__person__phone="+447700900135",
        referral__person__address_line_1="12 Quay Street",
    )

    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    sign_in_with_authenticator(page, "priya")
    record = CaseRecordPage(page)
    expect(record.heading).to_have_text("Delyth Morgan")
    page.get_by_role("link", name="Change the victim's details").click()
    expect(record.heading).to_have_text("Change the victim's details")
    expect(page.get_by_label("Phone")).to_have_value("+447700900135")
    _look(page, "victim-details")

    # A number that is not one is refused at its field, and the page says why.
    page.get_by_label("Phone").fill("0800 FLOWERS")
    page.get_by_label("The victim told us").check()
    page.get_by_role("button", name="Save the victim's details").click()
    expect(page.get_by_role("alert")).to_contain_text("Phone must be a UK phone number")
    _look(page, "victim-details-error")

    page.get_by_label("Phone").fill("07700 900 456")
    page.get_by_label("The victim told us").check()
    page.get_by_label("Note (optional)").fill("Rang the hub from a new mobile")
    page.get_by_role("button", name="Save the victim's details").click()

    expect(record.heading).to_have_text("Delyth Morgan")
    expect(page.get_by_test_id("victim-details")).to_contain_text("+447700900456")
    expect(page.get_by_text("Victim's details changed: phone")).to_be_visible()
    _look(page, "victim-details-changed")
    record.timeline()
    expect(page.get_by_text("The victim's details were changed (phone)")).to_be_visible()


def test_an_officer_ends_a_case_whose_referral_was_sent_in_error(page: Page, live_server) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    officer = UserFactory(
        username="priya",
        first_name="Priya",
        last_name="Shah",
        role=Role.VICTIM_CARE_OFFICER,
        team=hub,
        organisation=hub.organisation,
    )
    case = CaseFactory(
        team=hub,
        referral__team=hub,
        officer=officer,
        status="contacting",
        referral__person__given_name="Rhys",
        referral__person__family_name="Powell",
    )
    CaseTaskFactory(case=case, title="Ring back about the locks", assigned_to=officer)

    page.goto(f"{live_server.url}/staff/cases/{case.pk}/status/")
    sign_in_with_authenticator(page, "priya")
    record = CaseRecordPage(page)
    expect(record.heading).to_have_text("Change the status")
    ClosePage(page).answer_task("Ring back about the locks", "No longer needed", "Not this person")
    StatusChangePage(page).change(
        "Sent in error: the referral was about someone else",
        why="The force keyed the crime reference of another report",
    )
    expect(record.heading).to_have_text("Rhys Powell")
    expect(page.get_by_test_id("sent-in-error")).to_contain_text("sent in error")
    _look(page, "sent-in-error")

    # Its timeline offers nothing that would reach the person named: notes for the hub only.
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/timeline/")
    expect(page.get_by_text("Send the victim a secure message")).to_have_count(0)
    expect(page.get_by_label("Show this as an update to the victim")).to_have_count(0)
    expect(page.get_by_test_id("sent-in-error")).to_contain_text("notes for the hub only")
    _look(page, "sent-in-error-timeline")
