"""Issue 18 items 3 and 4 in Chromium, with axe-core on every page: closing a case with
open MARAC and child safeguarding tasks, and the case's consent following an onward
referral (with the status page offering only the moves allowed)."""

import os
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.case_pages import (
    CaseRecordPage,
    ClosePage,
    ContactAttemptPage,
    OnwardReferralPage,
    StatusChangePage,
)
from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import (
    CaseFactory,
    DataSharingAgreementFactory,
    OrganisationFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
)
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import OrganisationKind
from victimcare.cases.models import TaskKind
from victimcare.cases.services.tasks import task_open

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# VCH_SCREENSHOTS=<directory> keeps a picture of each page at a phone's and a desktop's width.
SHOTS = os.environ.get("VCH_SCREENSHOTS", "")


def _look(page: Page, name: str) -> None:
    assert_accessible(page)
    if SHOTS:
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def _officer():
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    officer = UserFactory(
        username="priya",
        first_name="Priya",
        last_name="Shah",
        role=Role.VICTIM_CARE_OFFICER,
        team=hub,
        organisation=hub.organisation,
    )
    return hub, officer


def _open_tasks(case, today) -> None:
    task_open(
        case=case, kind=TaskKind.MARAC_REFERRAL, title="Refer to the MARAC: high risk", due_on=today
    )
    task_open(
        case=case,
        kind=TaskKind.CHILD_SAFEGUARDING,
        due_on=today,
        title="Domestic abuse with children in the household: consider a child "
        "safeguarding referral",
    )


def test_an_officer_closes_a_case_with_open_safeguarding_tasks(page: Page, live_server) -> None:
    hub, officer = _officer()
    case = CaseFactory(
        team=hub,
        officer=officer,
        status="supported",
        referral__person__given_name="Delyth",
        referral__person__family_name="Morgan",
    )
    today = timezone.localdate()
    with transaction.atomic():  # as every service writes its audit event
        _open_tasks(case, today)

    record = CaseRecordPage(page)
    page.goto(f"{live_server.url}/staff/tasks/")
    sign_in_with_authenticator(page, "priya")
    page.get_by_role("link", name="My tasks").click()
    expect(page.locator("main")).to_contain_text("Refer to the MARAC")
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    expect(record.heading).to_have_text("Delyth Morgan")
    _look(page, "overview-supported")

    # Close the case is one step from the overview.
    record.start("Close the case")
    expect(record.heading).to_have_text("Close the case")
    _look(page, "close")
    closing = ClosePage(page)
    closing.close("Contact lost")  # nothing answered yet
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select what happened to: Refer to the MARAC"
    )
    _look(page, "close-errors")

    closing.answer_task("Refer to the MARAC", "Handed over", "Police MARAC coordinator has it")
    closing.answer_task(
        "consider a child safeguarding",
        "No longer needed",
        "The children now live with their grandparents",
    )
    closing.mark_outcomes("Not applicable")
    closing.close("Contact lost")  # no exit assessment: there was no support to measure

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Case closed")
    expect(record.status).to_contain_text("Closed")
    expect(record.section("closure")).to_contain_text("Contact lost")
    expect(record.section("closure")).to_contain_text("Feeling informed")
    expect(record.section("tasks")).to_contain_text(
        "Handed over when the case closed: Police MARAC coordinator has it"
    )
    main = page.locator("main")
    expect(main).not_to_contain_text("Contact by")
    expect(page.get_by_role("link", name="Record a contact attempt")).to_have_count(0)
    _look(page, "overview-closed")

    page.get_by_role("link", name="My tasks").click()
    expect(page.locator("main")).not_to_contain_text("Refer to the MARAC")
    expect(page.locator("main")).not_to_contain_text("child safeguarding")
    assert_accessible(page)


def test_consent_given_on_a_referral_becomes_the_case_consent(page: Page, live_server) -> None:
    hub, officer = _officer()
    charity = OrganisationFactory(name="Safe Steps", kind=OrganisationKind.SUPPORT_PROVIDER)
    ServiceFactory(name="Safe Steps IDVA service", provider=charity, service_type="idva")
    DataSharingAgreementFactory(organisation=charity)
    case = CaseFactory(
        team=hub,
        officer=officer,
        status="contacting",
        referral__person__given_name="Nia",
        referral__person__family_name="Hughes",
        referral__referral_consent="not_asked",
        referral__auto_referral="awaiting_consent",
        referral__auto_referral_reason="Opt-in route (domestic abuse): ask the victim for "
        "explicit consent before passing on their details",
    )

    record = CaseRecordPage(page)
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    sign_in_with_authenticator(page, "priya")
    main = page.locator("main")
    expect(main).to_contain_text("Awaiting consent")
    expect(main).to_contain_text("Not asked")
    expect(record.section("closing-missing")).to_be_visible()  # not closable yet: says why

    # The status page offers only what may follow "contacting", also after an error:
    # assessed, unable to contact, declined support, sent in error (ADR 71).
    record.start("Change the status")
    expect(page.get_by_role("radio")).to_have_count(4)
    page.get_by_label("Needs assessed").check()
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the case is changing")
    expect(page.get_by_role("radio")).to_have_count(4)
    expect(main).not_to_contain_text("Transferred to another area")
    _look(page, "status-error")
    StatusChangePage(page).change("Needs assessed", why="Needs assessed on the phone")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Status changed")

    record.start("Refer to a support service")
    referral = OnwardReferralPage(page)
    referral.choose_service("Safe Steps IDVA service")
    referral.share("Name and contact details")
    referral.send(why="Wants an IDVA")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Referral sent to Safe Steps IDVA service"
    )
    _look(page, "support-referred")

    record.overview()
    expect(main).not_to_contain_text("Awaiting consent")
    expect(main).not_to_contain_text("Not asked")
    expect(main).to_contain_text("Consent given")
    _look(page, "overview-consented")


def test_an_officer_ends_a_case_the_victim_declined_answering_its_tasks(
    page: Page, live_server
) -> None:
    """ADR 62: 'The victim declined support' ends the case; the status page asks what
    happened to each open task, and the ended case offers no new work."""
    hub, officer = _officer()
    case = CaseFactory(
        team=hub,
        officer=officer,
        status="supported",
        referral__person__given_name="Carys",
        referral__person__family_name="Lloyd",
    )
    with transaction.atomic():
        _open_tasks(case, timezone.localdate())

    record = CaseRecordPage(page)
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    sign_in_with_authenticator(page, "priya")
    record.start("Change the status")
    _look(page, "status-with-open-tasks")
    status = StatusChangePage(page)
    status.change("The victim stopped the support", why="She wants no more contact")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select what happened to: Refer to the MARAC"
    )
    assert_accessible(page)

    answers = ClosePage(page)  # the same questions as closing
    answers.answer_task("Refer to the MARAC", "Handed over", "Police MARAC coordinator has it")
    answers.answer_task("consider a child safeguarding", "Done", "Referral made to the council")
    status.change("The victim stopped the support", why="She wants no more contact")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Status changed")
    expect(record.status).to_contain_text("Declined support")
    expect(record.section("tasks")).to_contain_text(
        "Handed over when the case ended: Police MARAC coordinator has it"
    )
    expect(page.get_by_role("link", name="Refer to a support service")).to_have_count(0)

    page.get_by_role("link", name="Assessments and support").click()
    expect(page.get_by_test_id("case-ended")).to_contain_text("This case has ended")
    expect(page.get_by_role("link", name="Record a safeguarding referral")).to_have_count(1)
    _look(page, "support-ended")
    page.get_by_role("link", name="My tasks").click()
    expect(page.locator("main")).not_to_contain_text("Refer to the MARAC")


def test_the_last_failed_attempt_tells_the_officer_the_case_ended_and_what_is_open(
    page: Page, live_server, settings
) -> None:
    """The safe contact rule ends a case on the officer's last failed attempt: the banner
    says so, why, and which work stays open for the officer to answer."""
    settings.VCH_CONTACT_MAX_FAILED_ATTEMPTS = 2
    hub, officer = _officer()
    case = CaseFactory(
        team=hub,
        officer=officer,
        referral__person__given_name="Delyth",
        referral__person__family_name="Morgan",
        referral__person__address_line_1="4 Harbour Row",
    )
    with transaction.atomic():
        _open_tasks(case, timezone.localdate())
    record = CaseRecordPage(page)
    page.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    sign_in_with_authenticator(page, "priya")
    for _ in range(2):
        record.start("Record a contact attempt")
        ContactAttemptPage(page).record("Phone", "No answer")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("The case is now unable to contact: 2 contact attempts failed")
    expect(banner).to_contain_text("Writing to the victim is on the case's tasks.")
    expect(banner).to_contain_text("2 other tasks still open")
    expect(record.status).to_contain_text("Unable to contact")
    _look(page, "unable-to-contact-banner")
