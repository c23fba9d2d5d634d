"""Each role lands on its work, in correct English; an officer sees their own caseload."""

import datetime

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.two_factor_helpers import current_code
from tests.factories import CaseFactory, CaseTaskFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_an_officer_sees_their_open_cases_most_urgent_first_and_tasks_due(
    client, vco, northgate
) -> None:
    today = timezone.localdate()
    later = CaseFactory(
        team=northgate, officer=vco, contact_deadline=today + datetime.timedelta(days=3)
    )
    overdue = CaseFactory(
        team=northgate, officer=vco, contact_deadline=today - datetime.timedelta(days=1)
    )
    contacted = CaseFactory(
        team=northgate,
        officer=vco,
        status="contacting",
        contact_deadline=today - datetime.timedelta(days=9),
    )
    closed = CaseFactory(team=northgate, officer=vco, status="closed")
    colleagues = CaseFactory(
        team=northgate, officer=UserFactory(team=northgate, organisation=northgate.organisation)
    )
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


LANDINGS = [
    (Role.VICTIM_CARE_OFFICER, "a victim care officer", "/staff/my-cases/"),
    (Role.TEAM_LEADER, "a team leader or hub manager", "/staff/caseload/"),
    (Role.AUDITOR, "an auditor or data protection officer", "/staff/audit/access-log/"),
    (Role.COMMISSIONER, "a commissioner (OPCC)", "/staff/insights/needs-analysis/"),
    (Role.PARTNER_WORKER, "a partner service worker", "/staff/partner/referrals/"),
    (Role.POLICE_REFERRER, "a police referrer or witness care", "/staff/imports/"),
]


@pytest.mark.parametrize(("role", "words", "landing"), LANDINGS)
def test_each_role_home_page_lands_on_its_work(client, northgate, role, words, landing) -> None:
    user = UserFactory(role=role, team=northgate, organisation=northgate.organisation)
    client.force_login(user)
    home = client.get("/staff/")
    assert home.status_code == 302 and home["Location"] == landing
    work = client.get(landing)
    assert work.status_code == 200 and "not ready yet" not in work.content.decode()
    # Every page of the role, in correct English, stays one link away.
    everything = client.get("/staff/?all").content.decode()
    assert f"You are signed in as {words}" in everything
    assert f'href="{landing}"' in everything


def test_signing_in_lands_each_role_on_its_work(client, northgate) -> None:
    """Password, then the authenticator's code: the page after is the role's work."""
    for role, _words, landing in LANDINGS:
        user = UserFactory(role=role, team=northgate, organisation=northgate.organisation)
        device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
        client.post(
            "/staff/sign-in/", {"username": user.username, "password": "correct-horse-battery"}
        )
        second = client.get("/staff/")
        signed_in = client.post(second["Location"], {"code": current_code(device)}, follow=True)
        assert signed_in.redirect_chain[-1][0] == landing, role
        client.post("/staff/sign-out/")


def test_the_administrator_has_the_list_of_their_pages_in_correct_english(
    client, northgate
) -> None:
    admin = UserFactory(role=Role.ADMINISTRATOR, organisation=northgate.organisation)
    client.force_login(admin)
    page = client.get("/staff/")
    assert page.status_code == 200
    assert "You are signed in as an administrator" in page.content.decode()
    assert "not ready yet" not in page.content.decode()


def test_the_officer_sees_each_case_next_code_duty_with_overdue_marked(
    client, vco, northgate
) -> None:
    today = timezone.localdate()
    late = CaseFactory(team=northgate, officer=vco, status="contacting")
    CaseTaskFactory(
        case=late,
        kind="vps_offer",
        code_area="vps_offer",
        title="Offer a VPS",
        due_on=today - datetime.timedelta(days=2),
    )
    CaseTaskFactory(
        case=late,
        kind="tell_victim",
        code_area="timely_updates",
        title="Tell",
        due_on=today + datetime.timedelta(days=4),
    )
    in_time = CaseFactory(team=northgate, officer=vco, status="contacting")
    CaseTaskFactory(
        case=in_time,
        kind="tell_victim",
        code_area="timely_updates",
        title="Tell",
        due_on=today + datetime.timedelta(days=4),
    )
    # An ordinary follow-up is not a Victims' Code duty; a duty done is not owed.
    CaseTaskFactory(case=in_time, due_on=today - datetime.timedelta(days=9))
    CaseTaskFactory(
        case=in_time,
        kind="vps_offer",
        code_area="vps_offer",
        title="Done",
        due_on=today - datetime.timedelta(days=9),
        done_at=timezone.now(),
    )
    client.force_login(vco)
    page = client.get("/staff/my-cases/").content.decode()
    table = page[page.index('data-testid="my-cases"') :]
    rows = {ref: table[table.index(ref) :][:1500] for ref in (late.reference, in_time.reference)}
    late_duty = rows[late.reference].split('data-testid="next-duty">')[1].split("</td>")[0]
    on_time_duty = rows[in_time.reference].split('data-testid="next-duty">')[1].split("</td>")[0]
    assert "Overdue" in late_duty
    assert (today - datetime.timedelta(days=2)).strftime("%-d %b %Y") in late_duty
    assert "Overdue" not in on_time_duty
    assert (today + datetime.timedelta(days=4)).strftime("%-d %b %Y") in on_time_duty


@pytest.mark.parametrize("role", [Role.PARTNER_WORKER, Role.COMMISSIONER, Role.AUDITOR])
def test_roles_without_case_work_have_no_caseload(client, northgate, role) -> None:
    client.force_login(UserFactory(role=role, organisation=northgate.organisation))
    assert client.get("/staff/my-cases/").status_code == 403
