"""Each role lands on its work, in correct English; an officer sees their own caseload."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import CaseFactory, CaseTaskFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_an_officer_sees_their_open_cases_most_urgent_first_and_tasks_due(
    client, vco, northgate
) -> None:
    today = timezone.localdate()
    later = CaseFactory(team=northgate, officer=vco,
                        contact_deadline=today + datetime.timedelta(days=3))  # fmt: skip
    overdue = CaseFactory(team=northgate, officer=vco,
                          contact_deadline=today - datetime.timedelta(days=1))  # fmt: skip
    contacted = CaseFactory(team=northgate, officer=vco, status="contacting",
                            contact_deadline=today - datetime.timedelta(days=9))  # fmt: skip
    closed = CaseFactory(team=northgate, officer=vco, status="closed")
    colleagues = CaseFactory(team=northgate, officer=UserFactory(team=northgate,
                             organisation=northgate.organisation))  # fmt: skip
    CaseTaskFactory(
        case=later,
        kind="follow_up",
        title="Ring back about the court date",
        due_on=today,
        assigned_to=vco,
    )
    client.force_login(vco)
    page = client.get("/staff/my-cases/").content.decode()
    table = page[page.index('data-testid="my-cases"') :]
    # Contacts still owed come first, the most urgent first; then cases already contacted.
    assert table.index(overdue.reference) < table.index(later.reference)
    assert table.index(later.reference) < table.index(contacted.reference)
    assert closed.reference not in page and colleagues.reference not in page
    tasks = page[page.index('data-testid="tasks-due"') : page.index('data-testid="my-cases"')]
    assert "Ring back about the court date" in tasks and later.reference in tasks
    entry = AccessLogEntry.objects.get(route="cases:mine")
    assert set(entry.object_ids) == {str(overdue.pk), str(later.pk), str(contacted.pk)}


@pytest.mark.parametrize(
    ("role", "words", "link"),
    [
        (Role.VICTIM_CARE_OFFICER, "a victim care officer", "/staff/my-cases/"),
        (Role.TEAM_LEADER, "a team leader or hub manager", "/staff/caseload/"),
        (Role.AUDITOR, "an auditor or data protection officer", "/staff/audit/access-log/"),
        (Role.ADMINISTRATOR, "an administrator", None),
        (Role.COMMISSIONER, "a commissioner (OPCC)", "/staff/insights/needs-analysis/"),
        (Role.PARTNER_WORKER, "a partner service worker", "/staff/partner/referrals/"),
        (Role.POLICE_REFERRER, "a police referrer or witness care", "/staff/imports/"),
    ],
)
def test_each_role_home_page_starts_its_work_in_correct_english(
    client, northgate, role, words, link
) -> None:
    user = UserFactory(role=role, team=northgate, organisation=northgate.organisation)
    client.force_login(user)
    page = client.get("/staff/").content.decode()
    assert f"You are signed in as {words}" in page
    assert "not ready yet" not in page
    if link:
        assert f'href="{link}"' in page
        assert client.get(link).status_code == 200


@pytest.mark.parametrize("role", [Role.PARTNER_WORKER, Role.COMMISSIONER, Role.AUDITOR])
def test_roles_without_case_work_have_no_caseload(client, northgate, role) -> None:
    client.force_login(UserFactory(role=role, organisation=northgate.organisation))
    assert client.get("/staff/my-cases/").status_code == 403
