"""Find a victim: an officer on the phone types what the victim says into the search box on
any staff page, in Chromium, with axe-core on the results."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.case_pages import StaffSearch
from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import CaseFactory, PersonFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_finds_a_caller_from_a_misspelled_name_and_opens_her_case(
    page: Page, live_server
) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    UserFactory(
        username="priya", role=Role.VICTIM_CARE_OFFICER, team=hub, organisation=hub.organisation
    )
    eastside = TeamFactory(organisation=hub.organisation, name="Eastside hub")
    sarah = CaseFactory(
        team=hub,
        referral__person=PersonFactory(
            given_name="Sarah", family_name="Jones", date_of_birth=datetime.date(1985, 3, 12)
        ),
    )
    other = CaseFactory(
        team=eastside,
        referral__person=PersonFactory(
            given_name="Sarah", family_name="Jones", date_of_birth=datetime.date(1962, 7, 1)
        ),
    )

    page.goto(f"{live_server.url}/staff/queue/")
    sign_in_with_authenticator(page, "priya")
    search = StaffSearch(page)
    search.search("Sarha Jnoes")

    expect(search.found).to_have_text("2 people found")
    expect(page.get_by_role("link", name=sarah.reference)).to_be_visible()
    # Another team's case is listed, to be opened with a reason, never straight away.
    expect(page.get_by_role("link", name=other.reference, exact=True)).to_have_count(0)
    expect(
        page.get_by_role("link", name=f"Open with a reason case {other.reference}")
    ).to_be_visible()
    assert_accessible(page)

    search.search_again("Sarah Jones 12/3/1985")
    expect(search.found).to_have_text("1 person found")
    page.get_by_role("link", name=sarah.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sarah Jones")
