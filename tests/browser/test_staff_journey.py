"""A victim care officer signs in, opens the hub's queue and opens a case, in Chromium."""

import base64
import datetime
import os
import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.browser.pages import AuthenticatorSetupPage, QueuePage, SignInPage
from tests.factories import CaseFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_signs_in_and_works_the_queue(page: Page, live_server) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    UserFactory(
        username="priya",
        first_name="Priya",
        role=Role.VICTIM_CARE_OFFICER,
        team=hub,
        organisation=hub.organisation,
    )
    today = timezone.localdate()
    later = CaseFactory(team=hub, contact_deadline=today + datetime.timedelta(days=2))
    urgent = CaseFactory(
        team=hub,
        contact_deadline=today - datetime.timedelta(days=1),
        referral__person__given_name="Rhiannon",
        referral__person__safe_to_contact=False,
        referral__person__contact_notes="Do not leave voicemail",
    )
    elsewhere = CaseFactory(team=TeamFactory(), contact_deadline=today - datetime.timedelta(days=9))

    page.goto(f"{live_server.url}/staff/queue/")
    expect(page).to_have_title("Sign in – Victim Care Hub")
    assert_accessible(page)

    SignInPage(page).sign_in("priya", "wrong password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct username and password")
    assert_accessible(page)
    SignInPage(page).sign_in("priya", "correct-horse-battery")

    # First sign-in: set up the authenticator app, as the officer's phone would.
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    assert_accessible(page)
    setup = AuthenticatorSetupPage(page)
    key = base64.b32decode(setup.secret + "=" * (-len(setup.secret) % 8))
    setup.confirm(str(totp(key)).zfill(6))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your authenticator app is set up")
    expect(page.get_by_test_id("backup-codes").get_by_role("listitem")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my codes, continue").click()

    queue = QueuePage(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("New cases")
    expect(queue.case_links).to_have_text([urgent.reference, later.reference])
    expect(page.get_by_text(elsewhere.reference)).to_have_count(0)
    expect(page.locator("tbody tr").first).to_contain_text("Overdue")
    assert_accessible(page)

    queue.open_case(urgent.reference)
    expect(page.get_by_role("heading", level=1)).to_have_text(urgent.person.display_name)
    expect(page.locator(".govuk-warning-text")).to_contain_text("Do not leave voicemail")
    assert_accessible(page)


def test_the_public_portal_is_accessible_without_signing_in(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get support after a crime")
    expect(page.locator(".govuk-generic-header")).to_contain_text("Victim Care Hub")
    assert_accessible(page)


def test_a_team_leader_uploads_a_feed_and_watches_it_import(
    page: Page, live_server, settings, tmp_path
) -> None:
    from django.core.management import call_command

    from tests.referrals.feed_helpers import feed_csv, row

    settings.VCH_UPLOAD_DIR = tmp_path
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    hub.organisation.extra_source_codes = ["test-police"]  # the hub loads this force's feed
    hub.organisation.save()
    UserFactory(username="owen", role=Role.TEAM_LEADER, team=hub, organisation=hub.organisation)
    feed = tmp_path / "nightly.csv"
    feed.write_text(
        feed_csv([row(crime_reference="CR/1"), row(crime_reference="CR/2", reported_at="soon")])
    )

    page.goto(f"{live_server.url}/staff/sign-in/")
    sign_in_with_authenticator(page, "owen")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Imports").click()
    assert_accessible(page)
    page.get_by_label("Upload a referral feed file").set_input_files(str(feed))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("status")).to_contain_text("of about 2 rows")
    assert_accessible(page)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    # A rejected row is not a plain success: the banner says so and what to do.
    banner = page.get_by_role("region", name="Important")
    expect(banner).to_contain_text("Import finished, with 1 row rejected", timeout=10_000)
    expect(page.locator("table")).to_contain_text("'soon' is not a date and time")
    expect(banner).to_contain_text("1 new, 0 updated, 1 rejected")
    expect(banner).to_contain_text("Correct each rejected row listed below")
    if os.environ.get("VCH_SCREENSHOTS"):  # a picture to look at, where asked for
        page.screenshot(path=f"{os.environ['VCH_SCREENSHOTS']}/import-rejected.png", full_page=True)
    assert_accessible(page)

    page.get_by_role("link", name="Out of area").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Out-of-area referrals")
    assert_accessible(page)


def test_a_partner_refers_a_victim_with_the_form(page: Page, live_server) -> None:
    from tests.factories import OrganisationFactory
    from victimcare.accounts.models import OrganisationKind

    TeamFactory(name="Northgate hub", districts=["BS1"])
    charity = OrganisationFactory(code="harbour-lane", kind=OrganisationKind.SUPPORT_PROVIDER)
    UserFactory(username="grace", role=Role.PARTNER_WORKER, organisation=charity)

    page.goto(f"{live_server.url}/staff/sign-in/")
    sign_in_with_authenticator(page, "grace")
    page.get_by_role("link", name="Refer a victim").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the victim's first name")
    assert_accessible(page)

    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Hughes")
    page.get_by_label("Postcode").fill("BS1 5TR")
    page.get_by_role("group", name="Is it safe to contact the victim?").get_by_label("Yes").check()
    page.get_by_role("group", name="What happened?").get_by_label("A crime").check()
    page.get_by_label("Type of crime or incident").select_option("Burglary")
    page.get_by_label("What happened, in a few words").fill("Shed broken into")
    page.get_by_role("group", name="Has it been reported to the police?").get_by_label(
        "No, or not yet"
    ).check()
    page.get_by_label("The victim has agreed to this referral").check()
    page.get_by_role("button", name="Send referral").click()

    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
    expect(page.locator(".govuk-panel__body")).to_contain_text("VC-")
    assert_accessible(page)


def test_pages_run_under_their_content_security_policy(browser, live_server) -> None:
    """Without bypassing the CSP: no resource or script of ours is blocked, and the
    GOV.UK Frontend JavaScript still starts (it marks the body as supported)."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in ("/", "/staff/sign-in/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("body")).to_have_class(re.compile("govuk-frontend-supported"))
        # initAll() ran: GOV.UK Frontend marks each component it starts.
        expect(page.locator('[data-module="govuk-skip-link"]')).to_have_attribute(
            "data-govuk-skip-link-init", ""
        )
    context.close()
    assert violations == []
