"""The case work journey of issue 6, in Chromium, with axe-core on every page."""

import pytest
from playwright.sync_api import Page, expect

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

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEEDS = [
    "Mental and physical health", "Shelter and accommodation", "Family, friends and children",
    "Education, skills and employment", "Drugs and alcohol", "Finance and benefits",
    "Outlook and attitudes", "Social interaction", "Criminal justice system",
]  # fmt: skip


def answer_needs(page: Page, level: str) -> None:
    for need in NEEDS:
        page.get_by_role("group", name=need, exact=True).get_by_label(level, exact=True).check()
    page.get_by_role("button", name="Save assessment").click()


def test_an_officer_works_a_domestic_abuse_case_from_contact_to_closure(
    page: Page, live_server, browser
) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    officer = UserFactory(
        username="priya", first_name="Priya", last_name="Shah", role=Role.VICTIM_CARE_OFFICER,
        team=hub, organisation=hub.organisation,
    )  # fmt: skip
    charity = OrganisationFactory(name="Safe Steps", kind=OrganisationKind.SUPPORT_PROVIDER)
    ServiceFactory(name="Safe Steps IDVA service", provider=charity, service_type="idva")
    DataSharingAgreementFactory(organisation=charity)
    UserFactory(username="amara", role=Role.PARTNER_WORKER, organisation=charity)
    case = CaseFactory(
        team=hub, officer=officer,
        referral__person__given_name="Delyth", referral__person__family_name="Morgan",
        referral__person__phone="+447700900135", referral__domestic_abuse=True,
        referral__offence_description="Assault at home",
    )  # fmt: skip

    page.goto(f"{live_server.url}/staff/queue/")
    sign_in_with_authenticator(page, "priya")
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delyth Morgan")
    assert_accessible(page)

    # A failed, then a successful, contact attempt, each on its own page.
    page.get_by_role("link", name="Record a contact attempt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a contact attempt")
    expect(page.get_by_test_id("contact-details")).to_contain_text("+447700900135")
    assert_accessible(page)
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("No answer").check()
    page.get_by_role("button", name="Record contact attempt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delyth Morgan")
    page.get_by_role("link", name="Record a contact attempt").click()
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Spoke to the victim").check()
    page.get_by_role("button", name="Record contact attempt").click()
    page.get_by_role("link", name="Timeline", exact=True).click()
    expect(page.get_by_test_id("timeline")).to_contain_text("Contact by phone: no answer")
    expect(page.get_by_test_id("timeline")).to_contain_text("Contact by phone: spoke to the victim")
    assert_accessible(page)

    # The first needs assessment.
    page.get_by_role("link", name="Assessments and support").click()
    assert_accessible(page)
    page.get_by_role("link", name="Take the first needs assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("First assessment")
    assert_accessible(page)
    answer_needs(page, "High")
    expect(page.locator(".govuk-caption-l")).to_contain_text("Assessed")

    # A high-risk domestic abuse checklist: a MARAC task appears.
    page.get_by_role("link", name="Take the domestic abuse risk checklist").click()
    assert_accessible(page)
    for n in range(1, 25):
        group = page.get_by_role("group", name=f"{n}.", exact=False).first
        group.get_by_label("Yes" if n <= 15 else "No", exact=True).check()
    page.get_by_role("button", name="Save checklist").click()
    expect(page.get_by_test_id("assessments")).to_contain_text("High risk")

    # Children in the household: a safeguarding task appears.
    safeguarding = page.locator("form[action$='/safeguarding/']")
    safeguarding.get_by_role("group", name="Are there children in the household?").get_by_label(
        "Yes", exact=True
    ).check()
    safeguarding.get_by_role("group", name="adult at risk").get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save safeguarding").click()
    page.get_by_role("link", name="Overview", exact=True).click()
    expect(page.get_by_test_id("tasks")).to_contain_text("Refer to the MARAC")
    expect(page.get_by_test_id("tasks")).to_contain_text("consider a child safeguarding referral")
    assert_accessible(page)

    # A consented referral to the IDVA service, sharing contact details and what happened.
    page.get_by_role("link", name="Refer to a support service").click()
    page.get_by_label("Service", exact=True).select_option(label="Safe Steps IDVA service")
    page.get_by_role("checkbox", name="Name and contact details").check()
    expect(page.get_by_role("checkbox", name="Name and contact details")).to_be_checked()
    page.get_by_role("checkbox", name="What happened: crime type, date and description").check()
    page.get_by_label("Why are you referring the victim?").fill("High risk: needs an IDVA")
    page.get_by_label("The victim agreed to this referral").check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_test_id("onward-referrals")).to_contain_text("Sent")

    # The IDVA service sees only the consented parts, accepts and completes.
    context = browser.new_context(locale="en-GB", bypass_csp=True)
    partner = context.new_page()
    partner.goto(f"{live_server.url}/staff/sign-in/")
    sign_in_with_authenticator(partner, "amara")
    partner.get_by_role("link", name="Referrals to us").click()
    partner.get_by_role("link", name="Delyth Morgan").click()
    main = partner.locator("main")
    expect(main).to_contain_text("+447700900135")
    expect(main).to_contain_text("Assault at home")
    expect(main).not_to_contain_text("High risk: needs an IDVA")  # needs not shared
    assert_accessible(partner)
    partner.get_by_role("button", name="Accept the referral").click()
    expect(partner.get_by_test_id("onward-status")).to_have_text("Accepted")
    partner.get_by_role("button", name="Mark as completed").click()
    expect(partner.get_by_test_id("onward-status")).to_have_text("Completed")
    assert_accessible(partner)
    context.close()

    # The officer closes the case with the exit assessment and sees the distance travelled.
    page.reload()
    expect(page.get_by_test_id("onward-referrals")).to_contain_text("Completed")
    page.get_by_role("link", name="Overview", exact=True).click()
    page.get_by_role("link", name="Change the status").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the status")
    assert_accessible(page)
    page.get_by_label("No further support needed: start closing").check()
    page.get_by_label("Why?").fill("IDVA support completed")
    page.get_by_role("button", name="Change status").click()
    page.get_by_role("link", name="Assessments and support").click()
    page.get_by_role("link", name="Take the exit needs assessment").click()
    answer_needs(page, "Low")
    page.get_by_role("link", name="Close the case").click()
    expect(page.get_by_test_id("distance-travelled")).to_contain_text("Improved by 2 levels")
    assert_accessible(page)
    for group in page.get_by_role("group").filter(has_text="Improved").all()[:5]:
        group.get_by_label("Improved", exact=True).check()
    page.get_by_label("Support complete: needs met").check()
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-caption-l")).to_contain_text("Closed")
    expect(page.get_by_test_id("distance-travelled")).to_be_visible()
    assert_accessible(page)
