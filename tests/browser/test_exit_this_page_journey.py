"""Exit this page and Sign out, in Chromium: nothing typed is left for the next person."""

import datetime
import logging
import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import assert_accessible
from tests.browser.pages import PortalPage, TrackMyCasePage
from tests.factories import CaseFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.notifications.delivery import outbox_deliver
from victimcare.notifications.models import OutboxMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def neutral_site(settings, live_server) -> str:
    """Tests run offline: the exit lands on a stand-in for BBC Weather (a redirect's target
    cannot be intercepted by the browser driver), a plain page of the test server."""
    settings.VCH_EXIT_PAGE_URL = f"{live_server.url}/health/?weather"
    return str(settings.VCH_EXIT_PAGE_URL)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_exit_this_page_leaves_nothing_typed_for_the_next_person(
    browser: Browser, live_server, neutral_site: str, javascript: bool
) -> None:
    context = browser.new_context(locale="en-GB", bypass_csp=True, java_script_enabled=javascript)
    page = context.new_page()
    portal = PortalPage(page)

    page.goto(f"{live_server.url}/refer-yourself/name/")
    if javascript:
        assert_accessible(page)
    page.get_by_label("First name").fill("Seren")
    page.get_by_label("Last name").fill("Pryce")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What is your date of birth?")
    page.get_by_label("Day").fill("27")  # typed, not yet sent
    portal.exit_this_page(lands_on=neutral_site)

    # Back brings no stored copy: the server has forgotten her, so it asks from the start.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("What is your name?")
    expect(page.get_by_label("First name")).to_have_value("")
    # Reopening the portal in the same browser finds nothing typed either.
    page.goto(f"{live_server.url}/refer-yourself/name/")
    expect(page.get_by_label("First name")).to_have_value("")
    expect(page.get_by_label("Last name")).to_have_value("")
    expect(page.locator("main")).not_to_contain_text("Seren")
    page.goto(f"{live_server.url}/refer-yourself/date-of-birth/")
    expect(page.get_by_role("heading", level=1)).to_have_text("What is your name?")
    if javascript:
        assert_accessible(page)
    context.close()


def test_shift_three_times_exits_too(page, live_server, neutral_site: str) -> None:
    portal = PortalPage(page)
    page.goto(f"{live_server.url}/refer-yourself/name/")
    page.get_by_label("First name").fill("Seren")
    page.get_by_label("Last name").fill("Pryce")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What is your date of birth?")
    portal.exit_with_shift_three_times(lands_on=neutral_site)
    page.goto(f"{live_server.url}/refer-yourself/name/")
    expect(page.get_by_label("First name")).to_have_value("")


def test_a_victim_signs_out_of_track_my_case_and_back_shows_nothing(
    page, live_server, caplog
) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    officer = UserFactory(first_name="Priya", role=Role.VICTIM_CARE_OFFICER, team=hub)
    case = CaseFactory(
        team=hub,
        officer=officer,
        referral__person__email="v@example.org",
        referral__person__date_of_birth=datetime.date(1990, 3, 27),
    )
    track = TrackMyCasePage(page)
    page.goto(f"{live_server.url}/track/")
    track.ask_for_a_code(case.reference, 27, 3, 1990)
    with caplog.at_level(logging.INFO, logger="victimcare.notifications.messages"):
        outbox_deliver(message_id=OutboxMessage.objects.get(kind="tracking_code").pk)
    track.enter_code(re.findall(r": (\d{6}) \(console\)", caplog.text)[-1])
    expect(page.get_by_role("heading", level=1)).to_have_text("Your case")
    expect(page.locator("main")).to_contain_text("Priya")
    assert_accessible(page)

    track.sign_out()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert_accessible(page)
    page.go_back()  # the case page is fetched again, and the server no longer shows it
    expect(page.get_by_role("heading", level=1)).to_have_text("Follow your case")
    expect(page.locator("main")).not_to_contain_text("Priya")
