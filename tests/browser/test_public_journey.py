"""Issue 7's public journey end to end, with and without JavaScript, axe where JS runs."""

import logging
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import ServiceFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page: Page, day: str, month: str, year: str) -> None:
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill(year)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_member_of_the_public_finds_support_refers_tracks_messages_rates_and_complains(
    browser: Browser, live_server, caplog, javascript: bool
) -> None:
    from victimcare.cases.models import Case
    from victimcare.feedback.models import SurveyInvitation
    from victimcare.notifications.delivery import outbox_deliver
    from victimcare.notifications.models import OutboxMessage

    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    UserFactory(
        username="priya",
        first_name="Priya",
        role=Role.VICTIM_CARE_OFFICER,
        team=hub,
        organisation=hub.organisation,
    )
    UserFactory(username="owen", role=Role.TEAM_LEADER, team=hub, organisation=hub.organisation)
    ServiceFactory(name="Harbour Lane support", postcode_districts=["BS1"])
    ServiceFactory(
        name="Safe Steps IDVA service", postcode_districts=["BS1"], crime_types=["domestic_abuse"]
    )
    context = browser.new_context(locale="en-GB", bypass_csp=True, java_script_enabled=javascript)
    page = context.new_page()

    def check() -> None:
        if javascript:  # axe needs JavaScript; the run without it checks the journey works
            assert_accessible(page)

    def proceed() -> None:
        page.get_by_role("button", name="Continue").click()

    # Find support.
    page.goto(f"{live_server.url}/find-support/")
    page.get_by_label("What is your postcode?").fill("BS1 4DJ")
    proceed()
    page.get_by_label("I feel unsafe at home").check()
    proceed()
    proceed()
    first = page.get_by_test_id("local-services").get_by_role("heading", level=2).first
    expect(first).to_have_text("Safe Steps IDVA service")
    check()

    # Refer yourself, not having told the police.
    page.goto(f"{live_server.url}/refer-yourself/name/")
    page.get_by_label("First name").fill("Seren")
    page.get_by_label("Last name").fill("Pryce")
    proceed()
    fill_date(page, "27", "3", "1990")
    proceed()
    page.get_by_label("What is your postcode?").fill("BS1 4DJ")
    proceed()
    page.get_by_label("Email address").fill("seren@example.org")
    page.get_by_label("Email", exact=True).check()
    page.get_by_role("group", name="Is it safe for us to leave you a message?").get_by_label(
        "Yes", exact=True
    ).check()
    proceed()
    page.get_by_label("I feel unsafe at home").check()
    proceed()
    page.get_by_role("group", name="Have you told the police?").get_by_label(
        "No", exact=True
    ).check()
    proceed()
    page.get_by_label("I agree to the hub contacting me").check()
    proceed()
    page.get_by_role("button", name="Send").click()
    reference = page.get_by_test_id("reference").inner_text()
    check()
    case = Case.objects.get(reference=reference)
    assert case.referral.channel == "self" and case.team == hub

    # Follow the case with the code from the console backend, and message the officer.
    page.goto(f"{live_server.url}/track/")
    page.get_by_label("Your case reference").fill(reference)
    fill_date(page, "27", "3", "1990")
    page.get_by_role("button", name="Send me a code").click()
    with caplog.at_level(logging.INFO, logger="victimcare.notifications.messages"):
        outbox_deliver(message_id=OutboxMessage.objects.get(kind="tracking_code").pk)
    code = re.findall(r": (\d{6}) \(console\)", caplog.text)[-1]
    page.get_by_label("Enter the code we sent you").fill(code)
    proceed()
    page.get_by_label("Send a message to your officer").fill("Please call after 6pm")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_test_id("messages")).to_contain_text("Please call after 6pm")
    check()

    # The survey, by its single-use link.
    invitation = SurveyInvitation.objects.create(case=case)
    page.goto(f"{live_server.url}/feedback/{invitation.token}/")
    for group in page.get_by_role("group").all():
        group.get_by_label("Satisfied", exact=True).check()
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")

    # A complaint.
    page.goto(f"{live_server.url}/complain/")
    page.get_by_label("Your name").fill("Seren Pryce")
    page.get_by_label("What is your complaint about?").fill("Nobody called me back")
    page.get_by_label("Phone number (optional)").fill("07700 900246")
    page.get_by_role("button", name="Send complaint").click()
    complaint = page.get_by_test_id("reference").inner_text()
    context.close()

    # Staff: the officer sees the self-referral and the message; the leader the complaint.
    staff = browser.new_context(locale="en-GB", bypass_csp=True).new_page()
    staff.goto(f"{live_server.url}/staff/queue/")
    sign_in_with_authenticator(staff, "priya")
    row = staff.locator("tbody tr", has_text=reference)
    expect(row).to_contain_text("Self-referral")
    row.get_by_role("link", name=reference).click()
    expect(staff.get_by_test_id("tasks")).to_contain_text("Reply to the victim's message")
    staff.get_by_role("link", name="Timeline", exact=True).click()
    expect(staff.get_by_test_id("timeline")).to_contain_text("Please call after 6pm")
    staff.context.close()
    leader = browser.new_context(locale="en-GB", bypass_csp=True).new_page()
    leader.goto(f"{live_server.url}/staff/complaints/")
    sign_in_with_authenticator(leader, "owen")
    expect(leader.get_by_test_id("complaints")).to_contain_text(complaint)
    leader.context.close()
