"""Possible repeat victims, reached from the triage queue, in Chromium with axe-core: the
comparison in plain words, a relative flagged, a join made and undone; a team leader sees a
pair with another team's person only after giving a reason."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in_with_authenticator
from tests.factories import CaseFactory, PersonFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AccessLogEntry, AuditEvent
from victimcare.linkage.models import LinkCandidate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page: Page, name: str) -> None:
    """A full-page screenshot to look at, when SCREENSHOT_DIR names a folder."""
    if folder := os.environ.get("SCREENSHOT_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _case(team, officer=None, **person):
    return CaseFactory(team=team, officer=officer, referral__person=PersonFactory(**person))


def _pair(a, b) -> LinkCandidate:
    left, right = sorted([a.person, b.person], key=lambda p: p.pk)
    return LinkCandidate.objects.create(
        left=left,
        right=right,
        probability=0.99,
        match_weight=9.1,
        model_version=1,
        fields=[{"field": "postcode", "level": "Exact match on postcode", "weight": 16.78}],
    )


def test_an_officer_joins_two_records_of_one_victim_and_undoes_it(page: Page, live_server) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    officer = UserFactory(
        username="priya", role=Role.VICTIM_CARE_OFFICER, team=hub, organisation=hub.organisation
    )
    first = _case(
        hub,
        officer,
        given_name="Elizabeth",
        family_name="Hartley",
        date_of_birth=datetime.date(1986, 3, 14),
        postcode="BS5 6XR",
        address_line_1="12 Mill Lane",
    )
    again = _case(
        hub,
        given_name="Liz",
        family_name="Hartly",
        date_of_birth=datetime.date(1986, 3, 14),
        postcode="BS5 6XR",
        address_line_1="12 Mill Lane",
    )
    mother = _case(
        hub,
        given_name="Susan",
        family_name="Okafor",
        date_of_birth=datetime.date(1965, 9, 2),
        postcode="BS3 4AB",
        address_line_1="7 Quay Street",
    )
    daughter = _case(
        hub,
        given_name="Grace",
        family_name="Okafor",
        date_of_birth=datetime.date(1998, 1, 20),
        postcode="BS3 4AB",
        address_line_1="7 Quay Street",
    )
    _pair(first, again)
    _pair(mother, daughter)

    page.goto(f"{live_server.url}/staff/queue/")
    sign_in_with_authenticator(page, "priya")
    page.get_by_role("link", name="Possible repeat victims to review").click()
    expect(page.get_by_test_id("candidates")).to_contain_text("Possibly a relative")
    assert_accessible(page)
    _shot(page, "linkage-queue-officer")
    page.get_by_role("link", name="Susan Okafor and Grace Okafor").click()
    expect(page.get_by_test_id("household")).to_contain_text("Possibly a relative")
    expect(page.get_by_test_id("comparison")).to_contain_text(
        "Different date of birth: 2 September 1965 and 20 January 1998"
    )
    assert_accessible(page)
    _shot(page, "linkage-pair-relative-officer")
    page.get_by_role("link", name="Back to possible repeat victims").click()

    page.get_by_role("link", name="Elizabeth Hartley and Liz Hartly").click()
    expect(page.get_by_test_id("comparison")).to_contain_text("Same address")
    expect(page.locator("main")).not_to_contain_text("probability")
    expect(page.get_by_test_id("cases")).to_contain_text(first.reference)
    assert_accessible(page)
    _shot(page, "linkage-pair-officer")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose whether")
    assert_accessible(page)
    page.get_by_label("The same person: join their records").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_test_id("status")).to_contain_text("The same person: merged")
    assert AuditEvent.objects.filter(action="linkage.candidate_decided").exists()
    page.get_by_role("button", name="Undo the merge: they are different people").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The merge was undone")
    expect(page.get_by_test_id("status")).to_contain_text("The join was undone")
    expect(
        page.get_by_role("button", name="Undo the merge: they are different people")
    ).to_have_count(0)
    assert_accessible(page)
    _shot(page, "linkage-pair-undone-officer")


def test_a_team_leader_gives_a_reason_to_compare_with_another_teams_person(
    page: Page, live_server
) -> None:
    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    other = TeamFactory(name="Eastside hub", organisation=hub.organisation, districts=["BS2"])
    UserFactory(username="morgan", role=Role.TEAM_LEADER, team=hub, organisation=hub.organisation)
    ours = _case(
        hub,
        given_name="Priya",
        family_name="Shah",
        date_of_birth=datetime.date(1991, 2, 3),
        postcode="BS1 2AB",
        address_line_1="4 Canal Walk",
    )
    theirs = _case(
        other,
        given_name="Priya",
        family_name="Shah",
        date_of_birth=datetime.date(1991, 3, 2),
        postcode="BS1 2AB",
        address_line_1="4 Canal Walk",
    )
    candidate = _pair(ours, theirs)

    page.goto(f"{live_server.url}/staff/queue/")
    sign_in_with_authenticator(page, "morgan")
    page.get_by_role("link", name="Possible repeat victims to review").click()
    expect(page.get_by_test_id("elsewhere")).to_contain_text("someone known to another team")
    assert_accessible(page)
    _shot(page, "linkage-queue-team-leader")
    page.get_by_role("link", name="Priya Shah and someone known to another team").click()
    page.get_by_role("button", name="Compare them").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why")
    assert_accessible(page)
    page.get_by_label("Why do you need to compare these two people?").fill(
        "Eastside asked us to check whether she is our victim too"
    )
    page.get_by_role("button", name="Compare them").click()
    expect(page.get_by_test_id("justification")).to_contain_text("Eastside asked us")
    expect(page.get_by_test_id("comparison")).to_contain_text("day and month swapped")
    expect(page.get_by_test_id("cases")).to_contain_text("open it with a reason")
    assert_accessible(page)
    _shot(page, "linkage-pair-team-leader")
    logged = AccessLogEntry.objects.filter(route="linkage:pair", object_ids=[str(candidate.pk)])
    assert logged.get().justification.startswith("Eastside asked us")


def test_a_team_leader_undoes_a_join_intake_made_on_its_own(page: Page, live_server) -> None:
    from victimcare.linkage.models import PersonMerge
    from victimcare.linkage.services import people_join

    hub = TeamFactory(name="Northgate hub", districts=["BS1"])
    UserFactory(username="morgan", role=Role.TEAM_LEADER, team=hub, organisation=hub.organisation)
    known = _case(
        hub,
        given_name="James",
        family_name="Okoro",
        date_of_birth=datetime.date(2004, 5, 9),
        postcode="BS1 2AB",
        address_line_1="4 Canal Walk",
        phone="+447700900301",
    )
    twin = _case(
        hub,
        given_name="James",
        family_name="Okoro",
        date_of_birth=datetime.date(2004, 5, 9),
        postcode="BS1 2AB",
        address_line_1="4 Canal Walk",
        phone="+447700900301",
    )
    people_join(survivor=known.person, merged=twin.person, actor=None)  # as intake does

    page.goto(f"{live_server.url}/staff/queue/")
    sign_in_with_authenticator(page, "morgan")
    page.get_by_role("link", name="Possible repeat victims to review").click()
    page.get_by_role("link", name="Check the records joined automatically").click()
    expect(page.get_by_test_id("joins")).to_contain_text(twin.reference)
    assert_accessible(page)
    _shot(page, "linkage-joins-team-leader")
    page.get_by_role("link", name="James Okoro joined to James Okoro").click()
    expect(page.get_by_test_id("cases")).to_contain_text(known.reference)
    assert_accessible(page)
    _shot(page, "linkage-join-team-leader")
    page.get_by_role("button", name="Undo the join: they are different people").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why")
    assert_accessible(page)
    page.get_by_label("Why are they different people?").fill(
        "Twin brothers with one name: their mother told us on the phone"
    )
    page.get_by_role("button", name="Undo the join: they are different people").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The join was undone")
    expect(page.get_by_test_id("no-joins")).to_be_visible()
    assert_accessible(page)
    _shot(page, "linkage-join-undone-team-leader")
    merge = PersonMerge.objects.get()
    assert merge.unmerged_at is not None and merge.unmerge_reason.startswith("Twin brothers")
    assert AccessLogEntry.objects.get(route="linkage:join-undo").justification.startswith("Twin")
