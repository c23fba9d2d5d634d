"""Issue 18: the staff pages a tester found wider than a 375 px phone (a horizontal scroll)
fit it now: wide tables scroll inside their own labelled, focusable region. Each page is
measured (document.scrollWidth <= 375) with its tables holding rows, and checked by axe."""

from collections.abc import Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page

from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import (
    CaseFactory,
    ImportRunFactory,
    PersonFactory,
    ServiceFactory,
    TeamFactory,
    UserFactory,
    onward_referral,
)
from victimcare.accounts.capabilities import Role
from victimcare.audit.services import access_record
from victimcare.cases.models import SupportGoal
from victimcare.dataprotection.models import RightsRequest
from victimcare.linkage.services import people_join
from victimcare.referrals.models import ImportRejection, Transfer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def world() -> dict:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    org = hub.organisation
    users = {
        "priya": UserFactory(
            username="priya", role=Role.VICTIM_CARE_OFFICER, team=hub, organisation=org
        ),
        "owen": UserFactory(username="owen", role=Role.TEAM_LEADER, team=hub, organisation=org),
        "tom": UserFactory(username="tom", role=Role.AUDITOR, organisation=org),
    }
    person = dict(
        given_name="Seren",
        family_name="Pryce-Llewellyn-Ashworth",
        email="seren.pryce-llewellyn-ashworth@example.org",
    )
    case = CaseFactory(team=hub, officer=users["priya"], referral__person=PersonFactory(**person))
    again = CaseFactory(team=hub, officer=users["priya"], referral__person=PersonFactory(**person))
    merge = people_join(survivor=case.person, merged=again.person, actor=None)
    onward_referral(
        case,
        ServiceFactory(name="Harbour Lane emotional support service"),
        ["contact", "crime", "needs"],
    )
    SupportGoal.objects.create(case=case, category="health", goal="Sleep through the night")
    away = CaseFactory(team=hub, referral__person=PersonFactory(given_name="Gethin"))
    Transfer.objects.create(referral=away.referral, status="manual", postcode_area="LS")
    run = ImportRunFactory(
        filename="wessex-vale-police-referrals-2026-11-26.csv",
        organisation=org,
        actor=users["owen"],
    )
    ImportRejection.objects.create(
        run=run,
        line=14,
        column="victim_date_of_birth_and_other_details",
        reason="'31/02/1985-and-a-very-long-value-without-spaces' is not a real date (use YYYY-MM-DD)",
    )
    RightsRequest.objects.create(
        kind="access",
        person=case.person,
        received_on=timezone.localdate(),
        due_on=timezone.localdate(),
        identity_checked=True,
    )
    access_record(
        user=users["priya"],
        route="cases:detail",
        object_type="cases.case",
        object_ids=[case.pk],
        person_ids=[case.person_id],
    )
    return {"case": case, "merge": merge, "run": run}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", bypass_csp=True, viewport=PHONE)
    yield context.new_page()
    context.close()


def assert_fits(page: Page, url: str) -> None:
    page.goto(url)
    assert page.locator("h1").count() == 1, page.content()[:2000]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{url} is {width} px wide on a 375 px screen"
    # A table too wide for the screen scrolls in a region a keyboard can reach, with a name.
    for region in page.locator(".vch-table-scroll").all():
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-label")
        assert region.get_attribute("role") == "region"
    assert_accessible(page)


def test_the_officers_pages_fit_a_phone(phone: Page, live_server, world) -> None:
    phone.goto(f"{live_server.url}/staff/")
    sign_in_with_authenticator(phone, "priya")
    case = world["case"]
    for path in (
        "/staff/search/?q=Pryce-Llewellyn-Ashworth",
        f"/staff/cases/{case.pk}/support/",
        f"/staff/repeat-victims/joined/{world['merge'].pk}/",
    ):
        assert_fits(phone, live_server.url + path)


def test_the_team_leaders_pages_fit_a_phone(phone: Page, live_server, world) -> None:
    phone.goto(f"{live_server.url}/staff/")
    sign_in_with_authenticator(phone, "owen")
    for path in (
        "/staff/transfers/",
        "/staff/compliance/",
        "/staff/imports/",
        f"/staff/imports/{world['run'].pk}/",
    ):
        assert_fits(phone, live_server.url + path)


def test_the_auditors_pages_fit_a_phone(phone: Page, live_server, world) -> None:
    phone.goto(f"{live_server.url}/staff/")
    sign_in_with_authenticator(phone, "tom")
    for path in ("/staff/audit/access-log/?username=priya", "/staff/data-protection/requests/"):
        assert_fits(phone, live_server.url + path)


def test_the_api_docs_work_under_the_content_security_policy(browser: Browser, live_server):
    """Swagger UI at /api/v1/docs under the hub's own CSP (not bypassed): it draws every
    operation, and nothing it does (opening an operation, Try it out, a schema) is refused
    by the policy: no inline style or script is needed."""
    context = browser.new_context(locale="en-GB")  # the CSP applies
    page = context.new_page()
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__violations.push([e.violatedDirective, e.blockedURI, e.sample]));"
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 4
    page.locator(".opblock-summary").first.click()
    for name in ("Try it out", "Schema"):
        page.get_by_text(name, exact=True).first.click()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__violations") == []
    context.close()
