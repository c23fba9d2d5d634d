"""Each demo role lands on its work after signing in; the team leader moves an absent
officer's cases to a colleague at once, with a handover note (issue #18 item 8), in
Chromium with axe on every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.caseload_pages import CaseloadPage, Menu
from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import (
    CaseFactory,
    CaseTaskFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)
from victimcare.accounts.capabilities import Role
from victimcare.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The demo's users (seed_demo), each with where their work starts.
DEMO = [
    ("vco", Role.VICTIM_CARE_OFFICER, "/staff/my-cases/", "My cases"),
    ("teamleader", Role.TEAM_LEADER, "/staff/caseload/", "Caseload"),
    ("partner", Role.PARTNER_WORKER, "/staff/partner/referrals/", "Referrals to your service"),
    ("police", Role.POLICE_REFERRER, "/staff/imports/", "Import referrals"),
    ("commissioner", Role.COMMISSIONER, "/staff/insights/needs-analysis/", "Needs analysis"),
    ("auditor", Role.AUDITOR, "/staff/audit/access-log/", "Access log"),
    ("admin", Role.ADMINISTRATOR, "/staff/", "Welcome, Sam"),
]


def test_each_demo_role_lands_on_its_work(page: Page, live_server) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    hub.organisation.kind = "victim_care_hub"
    hub.organisation.save()
    kinds = {
        Role.PARTNER_WORKER: "support_provider",
        Role.POLICE_REFERRER: "police_force",
        Role.COMMISSIONER: "commissioner_office",
    }
    for username, role, _landing, _heading in DEMO:
        organisation = OrganisationFactory(kind=kinds[role]) if role in kinds else hub.organisation
        UserFactory(
            username=username,
            first_name="Sam",
            role=role,
            organisation=organisation,
            team=hub if role in {Role.VICTIM_CARE_OFFICER, Role.TEAM_LEADER} else None,
            is_staff=role == Role.ADMINISTRATOR,
        )
    for username, _role, landing, heading in DEMO:
        page.goto(f"{live_server.url}/staff/sign-in/")
        sign_in_with_authenticator(page, username)
        expect(page).to_have_url(f"{live_server.url}{landing}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert "not ready yet" not in page.content()
        assert_accessible(page)
        if username == "admin":
            expect(page.get_by_test_id("signed-in-as")).to_have_text(
                "You are signed in as an administrator."
            )
        if username == "police":
            page.get_by_role("navigation", name="Menu").get_by_role("link", name="API keys").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("API keys")
            assert_accessible(page)
        Menu(page).sign_out()


def test_the_team_leaders_bulk_reassignment(page: Page, live_server) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    absent = UserFactory(
        username="ann",
        first_name="Ann",
        last_name="Bell",
        role=Role.VICTIM_CARE_OFFICER,
        team=hub,
        organisation=hub.organisation,
    )
    UserFactory(
        username="cai",
        first_name="Cai",
        last_name="Dee",
        role=Role.VICTIM_CARE_OFFICER,
        team=hub,
        organisation=hub.organisation,
    )
    UserFactory(username="owen", role=Role.TEAM_LEADER, team=hub, organisation=hub.organisation)
    today = timezone.localdate()
    first = CaseFactory(team=hub, officer=absent, status="contacting")
    second = CaseFactory(team=hub, officer=absent)
    stays = CaseFactory(team=hub, officer=absent, status="supported")
    CaseTaskFactory(
        case=first,
        kind="vps_offer",
        code_area="vps_offer",
        assigned_to=absent,
        due_on=today - datetime.timedelta(days=2),
    )

    page.goto(f"{live_server.url}/staff/sign-in/")
    sign_in_with_authenticator(page, "owen")
    caseload = CaseloadPage(page)
    expect(page).to_have_url(f"{live_server.url}/staff/caseload/")
    expect(caseload.officer_row("ann").get_by_test_id("overdue-duties")).to_have_text("1")
    assert_accessible(page)

    caseload.choose_officer("Ann Bell")
    expect(page.get_by_role("heading", name="Ann Bell: open cases")).to_be_visible()
    assert_accessible(page)
    # Nothing ticked and no note: each problem named, nothing moved.
    caseload.move_to("Cai Dee", "")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the cases to move")
    expect(summary).to_contain_text("Write a handover note for the new officer")
    assert_accessible(page)

    caseload.tick(first.reference)
    caseload.tick(second.reference)
    caseload.move_to("Cai Dee", "Ann is on leave until March; both victims prefer mornings")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("2 cases moved to Cai Dee, with your handover note")
    expect(page.get_by_test_id("officer-cases")).to_contain_text(stays.reference)
    expect(page.get_by_test_id("officer-cases")).not_to_contain_text(first.reference)
    assert_accessible(page)

    # The victim's case names its new officer, and its timeline holds the handover note.
    page.goto(f"{live_server.url}/staff/cases/{first.pk}/")
    expect(page.locator("main")).to_contain_text("Cai Dee")
    assert_accessible(page)
    page.goto(f"{live_server.url}/staff/cases/{first.pk}/timeline/")
    expect(page.locator("main")).to_contain_text(
        "Ann is on leave until March; both victims prefer mornings"
    )
    assert {c.officer.username for c in Case.objects.filter(pk__in=[first.pk, second.pk])} == {
        "cai"
    }
