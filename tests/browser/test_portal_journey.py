"""The public portal's Find support, in Chromium, with and without JavaScript, with axe."""

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import assert_accessible
from tests.factories import ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_visitor_finds_a_domestic_abuse_service_first(
    browser: Browser, live_server, javascript: bool
) -> None:
    ServiceFactory(
        name="Harbour Lane support", postcode_districts=["BS1"], need_categories=["outlook"]
    )
    ServiceFactory(
        name="Safe Steps IDVA service",
        postcode_districts=["BS1"],
        crime_types=["domestic_abuse"],
        need_categories=["accommodation"],
    )
    ServiceFactory(name="National helpline", is_national=True, provider=None)
    context = browser.new_context(locale="en-GB", bypass_csp=True, java_script_enabled=javascript)
    page = context.new_page()

    page.goto(f"{live_server.url}/")
    if javascript:  # axe itself needs JavaScript; the no-JS run checks the journey works
        assert_accessible(page)
    page.get_by_role("button", name="Find support near you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What is your postcode?")
    page.get_by_label("What is your postcode?").fill("BS1 4DJ")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What happened?")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what happened")
    if javascript:
        assert_accessible(page)
    page.get_by_label("I feel unsafe at home").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What would help you?")
    page.get_by_label("Feeling safe at home, or somewhere safe to stay").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Services that can help you")
    local = page.get_by_test_id("local-services").get_by_role("heading", level=2)
    expect(local).to_have_text(["Safe Steps IDVA service", "Harbour Lane support"])
    expect(page.locator("main")).to_contain_text("National helpline")
    if javascript:
        assert_accessible(page)
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_victim_refers_themself_and_the_hub_sees_it_as_a_self_referral(
    browser: Browser, live_server, javascript: bool
) -> None:
    from tests.browser.conftest import sign_in_with_authenticator
    from tests.factories import TeamFactory, UserFactory
    from victimcare.accounts.capabilities import Role

    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    UserFactory(
        username="priya", role=Role.VICTIM_CARE_OFFICER, team=hub, organisation=hub.organisation
    )
    context = browser.new_context(locale="en-GB", bypass_csp=True, java_script_enabled=javascript)
    page = context.new_page()

    def check() -> None:
        if javascript:
            assert_accessible(page)

    page.goto(f"{live_server.url}/refer-yourself/")
    check()
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What is your name?")
    check()
    page.get_by_label("First name").fill("Seren")
    page.get_by_label("Last name").fill("Pryce")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What is your date of birth?")
    page.get_by_label("Day").fill("27")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("1990")
    check()
    page.get_by_role("button", name="Continue").click()
    check()
    page.get_by_label("What is your postcode?").fill("BS1 4DJ")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How can we contact you safely?")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how we should contact you")
    check()
    page.get_by_label("Phone number").fill("07700 900246")
    page.get_by_label("Phone call").check()
    page.get_by_role("group", name="Is it safe for us to leave you a message?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I feel unsafe at home").check()
    check()
    page.get_by_role("button", name="Continue").click()
    check()
    page.get_by_role("group", name="Have you told the police?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I agree to the hub contacting me").check()
    check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending")
    check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    reference = page.get_by_test_id("reference").inner_text()
    expect(page.locator("main")).to_contain_text("Northgate hub will contact you by")
    check()
    context.close()

    staff = browser.new_context(locale="en-GB", bypass_csp=True).new_page()
    staff.goto(f"{live_server.url}/staff/queue/")
    sign_in_with_authenticator(staff, "priya")
    row = staff.locator("tbody tr", has_text=reference)
    expect(row).to_contain_text("Self-referral")
    expect(row).to_contain_text("Seren Pryce")
    staff.context.close()


def test_the_complaint_survey_and_information_pages_are_accessible(page, live_server) -> None:
    from tests.factories import CaseFactory
    from victimcare.feedback.models import SurveyInvitation

    invitation = SurveyInvitation.objects.create(case=CaseFactory())
    for path in ("/accessibility/", "/privacy/", "/cookies/", "/find-support/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)

    page.goto(f"{live_server.url}/complain/")
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tell us what your complaint")
    assert_accessible(page)
    page.get_by_label("Your name").fill("Gwen Jones")
    page.get_by_label("What is your complaint about?").fill("Nobody called me back")
    page.get_by_label("Email address (optional)").fill("gwen@example.org")
    page.get_by_role("button", name="Send complaint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaint sent")
    assert_accessible(page)

    page.goto(f"{live_server.url}/feedback/{invitation.token}/")
    assert_accessible(page)
    for group in page.get_by_role("group").all():
        group.get_by_label("Satisfied", exact=True).check()
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert_accessible(page)


def test_a_victim_follows_their_case_with_a_code_and_sends_a_message(
    page, live_server, caplog
) -> None:
    import datetime
    import logging
    import re

    from tests.factories import CaseFactory, TeamFactory, UserFactory
    from victimcare.accounts.capabilities import Role
    from victimcare.feedback.models import CaseMessage
    from victimcare.notifications.delivery import outbox_deliver
    from victimcare.notifications.models import OutboxMessage

    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    officer = UserFactory(first_name="Priya", role=Role.VICTIM_CARE_OFFICER, team=hub)
    case = CaseFactory(
        team=hub,
        officer=officer,
        referral__person__email="v@example.org",
        referral__person__date_of_birth=datetime.date(1990, 3, 27),
    )

    page.goto(f"{live_server.url}/track/")
    assert_accessible(page)
    page.get_by_label("Your case reference").fill(case.reference)
    page.get_by_label("Day").fill("27")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("1990")
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code we sent you")
    assert_accessible(page)

    with caplog.at_level(logging.INFO, logger="victimcare.notifications.messages"):
        outbox_deliver(message_id=OutboxMessage.objects.get(kind="tracking_code").pk)
    code = re.findall(r": (\d{6}) \(console\)", caplog.text)[-1]
    page.get_by_label("Enter the code we sent you").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your case")
    expect(page.locator("main")).to_contain_text("Priya")
    page.get_by_label("Send a message to your officer").fill("Can we talk on Friday?")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_test_id("messages")).to_contain_text("Can we talk on Friday?")
    assert_accessible(page)
    assert CaseMessage.objects.get().from_victim


def test_every_portal_page_in_welsh_has_no_axe_violations(page, live_server) -> None:
    from tests.factories import CaseFactory
    from victimcare.feedback.models import SurveyInvitation

    ServiceFactory(
        name="Safe Steps IDVA service", postcode_districts=["BS1"], crime_types=["domestic_abuse"]
    )
    invitation = SurveyInvitation.objects.create(case=CaseFactory())
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cael cymorth ar ôl trosedd")
    assert_accessible(page)
    for path in (
        "/find-support/",
        "/refer-yourself/",
        "/refer-yourself/name/",
        "/track/",
        "/complain/",
        "/accessibility/",
        "/privacy/",
        "/cookies/",
        f"/feedback/{invitation.token}/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        assert_accessible(page)

    page.goto(f"{live_server.url}/find-support/")
    page.get_by_label("Beth yw eich cod post?").fill("BS1 4DJ")
    page.get_by_role("button", name="Parhau").click()
    page.get_by_role("button", name="Parhau").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Dewiswch beth ddigwyddodd")
    assert_accessible(page)
    page.get_by_label("Dw i ddim yn teimlo'n ddiogel gartref").check()
    page.get_by_role("button", name="Parhau").click()
    assert_accessible(page)
    page.get_by_role("button", name="Parhau").click()
    expect(page.get_by_test_id("local-services")).to_contain_text("Safe Steps IDVA service")
    expect(page.locator("main")).to_contain_text("Cymorth arbenigol ar gyfer")
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Services that can help you")
