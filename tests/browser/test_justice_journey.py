"""The justice journey of issue 8, in Chromium, with axe-core on every page."""

import datetime
import re

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.case_pages import JusticePage
from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import CaseFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.justice.feed import parse_update
from victimcare.justice.services.updates import justice_update_record
from victimcare.notifications.delivery import outbox_sweep
from victimcare.notifications.models import OutboxMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_approves_a_sensitive_update_and_records_the_court_journey(
    page: Page, live_server
) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    officer = UserFactory(
        username="priya", role=Role.VICTIM_CARE_OFFICER, team=hub, organisation=hub.organisation
    )
    UserFactory(username="owen", role=Role.TEAM_LEADER, team=hub, organisation=hub.organisation)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    case = CaseFactory(
        team=hub,
        officer=officer,
        status="supported",
        referral__crime_reference="CR/77",
        referral__person__given_name="Delyth",
        referral__person__family_name="Morgan",
        referral__person__email="d.morgan@example.org",
        referral__crime_category="Violence and sexual offences",
    )
    for event in ("suspect_charged", "no_further_action"):
        with transaction.atomic():
            justice_update_record(
                parse_update(
                    {
                        "source": "test-police",
                        "crime_reference": "CR/77",
                        "victim_reference": "V1",
                        "event": event,
                        "event_at": f"{yesterday}T10:00",
                    }
                )
            )
    outbox_sweep()  # the charge message goes; the decision waits for the officer

    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    sign_in_with_authenticator(page, "priya")
    justice = JusticePage(page)
    justice.open_from_the_case()
    expect(justice.heading).to_have_text("Justice journey")
    expect(justice.duties).to_contain_text("Tell the victim that the suspect was charged")
    expect(justice.duties).to_contain_text("Met")
    expect(justice.duties).to_contain_text("Offer the victim a Victim Personal Statement")
    expect(justice.messages).to_contain_text("Waiting for an officer to approve it")
    assert_accessible(page)

    # Approve the sensitive message with its words in front of the officer, who edits them;
    # the edited words are queued to send.
    page.get_by_role("link", name="Check the words and decide for update 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the message before it goes")
    expect(page.get_by_test_id("message-language")).to_have_text("English")
    words = page.get_by_label("The message, in English")
    expect(words).to_have_value(re.compile("^The police have decided to take no further action"))
    assert_accessible(page)
    page.get_by_label("Yes, send it now").check()
    words.fill("")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the message to send")
    assert_accessible(page)
    words.fill("The police will take no further action. Priya will call you to explain.")
    page.get_by_label("Yes, send it now").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Message approved: it will be sent to the victim by email"
    )
    expect(page.get_by_test_id("update-messages")).to_contain_text("Waiting to send")
    expect(page.get_by_test_id("update-messages")).to_contain_text("Priya will call you")
    approved = OutboxMessage.objects.get(case=case, status="pending")
    assert approved.decided_by == officer and approved.text.endswith(
        "Priya will call you to explain."
    )

    # The victim made a statement: the offer is met.
    justice.record_court_support("Victim Personal Statement", "Made")
    expect(justice.duties).to_contain_text("Victim Personal Statement: made")

    # The Right to Review: asking without a date is refused with a GOV.UK error summary.
    justice.record_review_request()
    expect(justice.errors).to_contain_text("Enter the date")
    assert_accessible(page)
    today = timezone.localdate()
    justice.record_review_request(today.day, today.month, today.year)
    expect(justice.duties).to_contain_text("Acknowledge the victim's request for a review")
    assert_accessible(page)

    # The team leader's compliance return.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/staff/compliance/")
    sign_in_with_authenticator(page, "owen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Victims' Code compliance")
    expect(page.get_by_test_id("compliance")).to_contain_text("Timely updates on the case")
    expect(page.get_by_role("link", name="Download as Excel (XLSX)")).to_be_visible()
    assert_accessible(page)
