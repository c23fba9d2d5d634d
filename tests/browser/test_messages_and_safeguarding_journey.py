"""Messages to the victim and safeguarding referrals (#18 items 6 and 7), in Chromium, with
axe-core on every page: a Welsh-speaking victim's message approved in Welsh, the case's
messages page, and a safeguarding referral recorded and its outcome added later."""

import datetime
import re

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import CaseFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.cases.models import SafeguardingReferral
from victimcare.justice.feed import parse_update
from victimcare.justice.services.updates import justice_update_record
from victimcare.notifications.delivery import outbox_sweep
from victimcare.notifications.models import OutboxMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_welsh_message_is_approved_in_welsh_listed_and_a_safeguarding_referral_recorded(
    page: Page, live_server
) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    UserFactory(
        username="priya", role=Role.VICTIM_CARE_OFFICER, team=hub, organisation=hub.organisation
    )
    case = CaseFactory(
        team=hub,
        status="supported",
        referral__crime_reference="CR/88",
        referral__person__given_name="Gwen",
        referral__person__family_name="Jenkins",
        referral__person__email="g.jenkins@example.org",
    )
    victim = case.referral.victim
    victim.first_language = "Welsh"
    victim.save()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with transaction.atomic():
        justice_update_record(
            parse_update(
                {
                    "source": "test-police",
                    "crime_reference": "CR/88",
                    "victim_reference": "V1",
                    "event": "no_further_action",
                    "event_at": f"{yesterday}T10:00",
                }
            )
        )

    # The messages page lists the message waiting for approval.
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    sign_in_with_authenticator(page, "priya")
    page.get_by_role("navigation", name="Case record").get_by_role(
        "link", name="Messages to the victim"
    ).click()
    listed = page.get_by_test_id("victim-messages")
    expect(listed).to_contain_text("Update from the police or court")
    expect(listed).to_contain_text("Waiting for an officer to approve it")
    assert_accessible(page)

    # The approval page shows the Welsh words that will go.
    listed.get_by_role("link", name="Check the words and decide").click()
    expect(page.get_by_test_id("message-language")).to_have_text("Welsh")
    expect(page.get_by_label("The message, in Welsh")).to_have_value(
        re.compile("^Mae'r heddlu wedi penderfynu peidio â chymryd camau pellach")
    )
    assert_accessible(page)
    page.get_by_label("Yes, send it now").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Message approved")
    outbox_sweep()  # what the worker does
    assert OutboxMessage.objects.get(case=case).status == "sent"
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/messages-to-victim/")
    expect(page.get_by_test_id("victim-messages")).to_contain_text("Sent")
    expect(page.get_by_test_id("victim-messages")).to_contain_text("Email")

    # A safeguarding referral: refused without its answers, then recorded.
    page.get_by_role("link", name="Assessments and support").click()
    page.get_by_role("link", name="Record a safeguarding referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a safeguarding referral")
    assert_accessible(page)
    page.get_by_role("button", name="Record the referral").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose who the referral was made to")
    expect(summary).to_contain_text("Enter the date the referral was made")
    assert_accessible(page)
    page.get_by_label("Children's social care").check()
    fill_date(page, "When was the referral made?", yesterday)
    page.get_by_label("Their reference (optional)").fill("CSC-4410")
    fill_date(page, "Follow-up date (optional)", yesterday + datetime.timedelta(days=8))
    page.get_by_role("button", name="Record the referral").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Safeguarding referral to Children's social care recorded"
    )
    # The page opens at the safeguarding section, yet the banner is what the officer sees.
    expect(page.locator(".govuk-notification-banner--success")).to_be_in_viewport()
    table = page.get_by_test_id("safeguarding-referrals")
    expect(table).to_contain_text("CSC-4410")
    expect(table).to_contain_text("Not known yet")
    assert_accessible(page)

    # The outcome, later.
    table.get_by_role("link", name="Change").click()
    page.get_by_label("Outcome (optional)").fill("Assessment started; a social worker visits.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_test_id("safeguarding-referrals")).to_contain_text("social worker visits")
    assert SafeguardingReferral.objects.get(case=case).follow_up_task.is_open
    page.get_by_role("link", name="Timeline").click()
    expect(page.get_by_test_id("timeline")).to_contain_text(
        "Safeguarding referral to Children's social care"
    )
    assert_accessible(page)
