"""The case work journey of issue 6, in Chromium, with axe-core on every page."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.case_pages import (
    CaseRecordPage,
    ClosePage,
    ContactAttemptPage,
    NeedsAssessmentPage,
    OnwardReferralPage,
    PartnerReferralPage,
    RiskChecklistPage,
    SafeguardingForm,
    StatusChangePage,
)
from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.browser.pages import QueuePage
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

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_works_a_domestic_abuse_case_from_contact_to_closure(
    page: Page, live_server, browser
) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    officer = UserFactory(
        username="priya",
        first_name="Priya",
        last_name="Shah",
        role=Role.VICTIM_CARE_OFFICER,
        team=hub,
        organisation=hub.organisation,
    )
    charity = OrganisationFactory(name="Safe Steps", kind=OrganisationKind.SUPPORT_PROVIDER)
    ServiceFactory(name="Safe Steps IDVA service", provider=charity, service_type="idva")
    DataSharingAgreementFactory(organisation=charity)
    UserFactory(username="amara", role=Role.PARTNER_WORKER, organisation=charity)
    case = CaseFactory(
        team=hub,
        officer=officer,
        referral__person__given_name="Delyth",
        referral__person__family_name="Morgan",
        referral__person__phone="+447700900135",
        referral__domestic_abuse=True,
        referral__offence_description="Assault at home",
    )

    record = CaseRecordPage(page)
    page.goto(f"{live_server.url}/staff/queue/")
    sign_in_with_authenticator(page, "priya")
    QueuePage(page).open_case(case.reference)
    expect(record.heading).to_have_text("Delyth Morgan")
    assert_accessible(page)

    # A failed, then a successful, contact attempt, each on its own page.
    record.start("Record a contact attempt")
    expect(record.heading).to_have_text("Record a contact attempt")
    expect(record.section("contact-details")).to_contain_text("+447700900135")
    assert_accessible(page)
    ContactAttemptPage(page).record("Phone", "No answer")
    expect(record.heading).to_have_text("Delyth Morgan")
    record.start("Record a contact attempt")
    ContactAttemptPage(page).record("Phone", "Spoke to the victim")
    record.timeline()
    expect(record.section("timeline")).to_contain_text("Contact by phone: no answer")
    expect(record.section("timeline")).to_contain_text("Contact by phone: spoke to the victim")
    assert_accessible(page)

    # The first needs assessment.
    record.assessments_and_support()
    assert_accessible(page)
    record.start("Take the first needs assessment")
    expect(record.heading).to_have_text("First assessment")
    assert_accessible(page)
    NeedsAssessmentPage(page).answer_every_need("High")
    expect(record.status).to_contain_text("Assessed")

    # A high-risk domestic abuse checklist: a MARAC task appears.
    record.start("Take the domestic abuse risk checklist")
    assert_accessible(page)
    RiskChecklistPage(page).answer_yes_to_the_first(15)
    expect(record.section("assessments")).to_contain_text("High risk")

    # Children in the household: a safeguarding task appears.
    safeguarding = SafeguardingForm(page)
    safeguarding.answer("Are there children in the household?", "Yes")
    safeguarding.answer("adult at risk", "No")
    safeguarding.save()
    record.overview()
    expect(record.section("tasks")).to_contain_text("Refer to the MARAC")
    expect(record.section("tasks")).to_contain_text("consider a child safeguarding referral")
    assert_accessible(page)

    # A consented referral to the IDVA service, sharing contact details and what happened.
    record.start("Refer to a support service")
    referral = OnwardReferralPage(page)
    referral.choose_service("Safe Steps IDVA service")
    expect(referral.share("Name and contact details")).to_be_checked()
    referral.share("What happened: crime type, date and description")
    referral.send(why="High risk: needs an IDVA")
    expect(record.section("onward-referrals")).to_contain_text("Sent")

    # The IDVA service sees only the consented parts, accepts and completes.
    context = browser.new_context(locale="en-GB", bypass_csp=True)
    partner = context.new_page()
    partner.goto(f"{live_server.url}/staff/sign-in/")
    sign_in_with_authenticator(partner, "amara")
    received = PartnerReferralPage(partner)
    received.open("Delyth Morgan")
    main = partner.locator("main")
    expect(main).to_contain_text("+447700900135")
    expect(main).to_contain_text("Assault at home")
    expect(main).not_to_contain_text("High risk: needs an IDVA")  # needs not shared
    assert_accessible(partner)
    received.move("Accept the referral")
    expect(received.status).to_have_text("Accepted")
    received.move("Mark as completed")
    expect(received.status).to_have_text("Completed")
    assert_accessible(partner)
    context.close()

    # The officer closes the case with the exit assessment and sees the distance travelled.
    page.reload()
    expect(record.section("onward-referrals")).to_contain_text("Completed")
    record.overview()
    record.start("Change the status")
    expect(record.heading).to_have_text("Change the status")
    assert_accessible(page)
    StatusChangePage(page).change(
        "No further support needed: start closing", why="IDVA support completed"
    )
    record.assessments_and_support()
    record.start("Take the exit needs assessment")
    NeedsAssessmentPage(page).answer_every_need("Low")
    record.start("Close the case")
    expect(record.section("distance-travelled")).to_contain_text("Improved by 2 levels")
    assert_accessible(page)
    closing = ClosePage(page)
    closing.answer_task("Refer to the MARAC", "Handed over", "IDVA took the case to MARAC")
    closing.answer_task("consider a child safeguarding referral", "Done", "Referral made")
    closing.mark_outcomes("Improved")
    closing.close("Support complete: needs met")
    expect(record.status).to_contain_text("Closed")
    expect(record.section("closure")).to_contain_text("Support complete: needs met")
    record.assessments_and_support()
    expect(record.section("distance-travelled")).to_be_visible()
    assert_accessible(page)
