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
    ServiceFactory(name="Harbour Lane support", postcode_districts=["BS1"],
                   need_categories=["outlook"])  # fmt: skip
    ServiceFactory(name="Safe Steps IDVA service", postcode_districts=["BS1"],
                   crime_types=["domestic_abuse"], need_categories=["accommodation"])  # fmt: skip
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
