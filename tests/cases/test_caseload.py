"""The team leader's caseload: overdue Victims' Code duties by officer, and moving several of
an absent officer's cases to another officer of the team at once, with a handover note."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, CaseTaskFactory, TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.actions import AuditAction
from victimcare.audit.models import AccessLogEntry, AuditEvent
from victimcare.cases import selectors
from victimcare.cases.forms import MoveCasesForm
from victimcare.cases.services.record import cases_reallocate
from victimcare.cases.services.versions import CaseChangeRefused

pytestmark = pytest.mark.django_db

URL = "/staff/caseload/"


def _officer(team, first: str, last: str):
    return UserFactory(
        role=Role.VICTIM_CARE_OFFICER,
        team=team,
        first_name=first,
        last_name=last,
        organisation=team.organisation,
    )


@pytest.fixture
def leader(northgate):
    return UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)


@pytest.fixture
def absent(northgate):
    return _officer(northgate, "Ann", "Bell")


@pytest.fixture
def cover(northgate):
    return _officer(northgate, "Cai", "Dee")


def test_the_caseload_counts_overdue_code_duties_by_officer(client, leader, absent, cover):
    today = timezone.localdate()
    late = CaseFactory(team=leader.team, officer=absent, status="contacting")
    CaseTaskFactory(
        case=late,
        kind="vps_offer",
        code_area="vps_offer",
        due_on=today - datetime.timedelta(days=1),
    )
    CaseTaskFactory(
        case=late,
        kind="tell_victim",
        code_area="timely_updates",
        due_on=today - datetime.timedelta(days=3),
    )
    # Not counted: a duty not yet due, an ordinary follow-up, a duty done, a closed case's.
    CaseTaskFactory(
        case=late,
        kind="vps_offer",
        code_area="vps_offer",
        due_on=today + datetime.timedelta(days=1),
    )
    CaseTaskFactory(case=late, due_on=today - datetime.timedelta(days=3))
    CaseTaskFactory(
        case=late,
        kind="vps_offer",
        code_area="vps_offer",
        done_at=timezone.now(),
        due_on=today - datetime.timedelta(days=3),
    )
    closed = CaseFactory(team=leader.team, officer=cover, status="closed")
    CaseTaskFactory(
        case=closed,
        kind="vps_offer",
        code_area="vps_offer",
        due_on=today - datetime.timedelta(days=3),
    )
    client.force_login(leader)
    response = client.get(URL)
    rows = {row.officer.pk: row for row in response.context["rows"]}
    assert (rows[absent.pk].overdue_duties, rows[cover.pk].overdue_duties) == (2, 0)
    page = response.content.decode()
    absent_row = page[page.index(f'data-officer="{absent.username}"') :].split("</tr>")[0]
    assert '<strong class="govuk-tag govuk-tag--red">2</strong>' in absent_row


def test_a_team_leader_moves_several_cases_at_once_with_a_handover_note(
    client, leader, absent, cover
):
    today = timezone.localdate()
    first = CaseFactory(team=leader.team, officer=absent)
    second = CaseFactory(team=leader.team, officer=absent, status="supported")
    stays = CaseFactory(team=leader.team, officer=absent)
    duty = CaseTaskFactory(
        case=first,
        kind="vps_offer",
        code_area="vps_offer",
        assigned_to=absent,
        due_on=today - datetime.timedelta(days=1),
    )
    client.force_login(leader)

    listing = client.get(f"{URL}?officer={absent.pk}")
    page = listing.content.decode()
    for case in (first, second, stays):
        assert f'name="cases" type="checkbox" value="{case.pk}"' in page
    assert "Overdue" in page  # the late duty on the first case
    log = AccessLogEntry.objects.get(route="cases:caseload")
    assert set(log.object_ids) == {str(first.pk), str(second.pk), str(stays.pk)}

    moved = client.post(
        URL,
        {
            "from_officer": absent.pk,
            "cases": [first.pk, second.pk],
            "officer": cover.pk,
            "handover": "Ann is on leave until March; the victims prefer mornings",
        },
        follow=True,
    )
    assert "2 cases moved to Cai Dee, with your handover note" in moved.content.decode()
    for case in (first, second):
        case.refresh_from_db()
        assert case.officer == cover
        assert case.notes.get().text == (
            "Handover to Cai Dee: Ann is on leave until March; the victims prefer mornings"
        )
        event = AuditEvent.objects.get(action=AuditAction.CASE_REALLOCATED, object_id=case.pk)
        assert event.data == {
            "from_officer_id": absent.pk,
            "to_officer_id": cover.pk,
            "moved_together": 2,
        }
        # The case names its new officer, and its timeline shows the handover note.
        assert "Cai Dee" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        timeline = client.get(reverse("cases:timeline", args=[case.pk])).content.decode()
        assert "Ann is on leave until March; the victims prefer mornings" in timeline
    stays.refresh_from_db()
    duty.refresh_from_db()
    assert stays.officer == absent and duty.assigned_to == cover


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"officer": "cover", "handover": "Back in May"}, "Choose the cases to move"),
        (
            {"cases": ["first"], "handover": "Back in May"},
            "Choose the officer to move the cases to",
        ),
        ({"cases": ["first"], "officer": "cover"}, "Write a handover note for the new officer"),
        (
            {"cases": ["first"], "officer": "cover", "handover": "   "},
            "Write a handover note for the new officer",
        ),
        (
            {"cases": ["other_team_case"], "officer": "cover", "handover": "Back in May"},
            "Choose only open cases of your hub from the list",
        ),
        (
            {"cases": ["first"], "officer": "other_team_officer", "handover": "Back in May"},
            "Choose an officer of your hub from the list",
        ),
        (
            {"cases": ["first"], "officer": "absent", "handover": "Back in May"},
            "Choose an officer of your hub from the list",
        ),
        (
            {"cases": ["not a number"], "officer": "cover", "handover": "Back in May"},
            "Choose only open cases of your hub from the list",
        ),
        (
            {"cases": ["first"], "officer": "12abc", "handover": "Back in May"},
            "Choose an officer of your hub from the list",
        ),
        (
            {"cases": ["first"], "officer": "cover", "handover": "Back\x00 in May"},
            "Handover note contains a null character",
        ),
        (
            {"cases": ["first"], "officer": "cover", "handover": "x" * 2001},
            "The handover note must be 2,000 characters or fewer",
        ),
        (
            {"cases": ["first\x00"], "officer": "cover", "handover": "Back in May"},
            "Cases to move contains a null character",
        ),
    ],
)
def test_moving_cases_refuses_what_is_not_the_team_leaders_to_move(
    client, leader, absent, cover, data, error
):
    first = CaseFactory(team=leader.team, officer=absent)
    elsewhere = TeamFactory(name="Riverside hub")
    names = {
        "first": first.pk,
        "cover": cover.pk,
        "absent": absent.pk,
        "other_team_case": CaseFactory(team=elsewhere, officer=_officer(elsewhere, "Di", "Ek")).pk,
        "other_team_officer": _officer(elsewhere, "Ed", "Fox").pk,
    }

    def value(v):
        return names.get(v, v) if isinstance(v, str) else v

    posted = {
        key: [value(v) for v in v] if isinstance(v, list) else value(v) for key, v in data.items()
    }
    client.force_login(leader)
    response = client.post(URL, {"from_officer": absent.pk, **posted})
    assert response.status_code == 200
    assert error in response.content.decode()
    first.refresh_from_db()
    assert first.officer == absent and not first.notes.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_REALLOCATED).exists()


def test_the_service_moves_all_or_none_and_names_the_case_refused(leader, absent, cover):
    """One service call for the lot: a case outside the team, a closed case or an officer
    outside the team refuses the whole move, naming the case."""
    first = CaseFactory(team=leader.team, officer=absent)
    already = CaseFactory(team=leader.team, officer=cover)
    closed = CaseFactory(team=leader.team, officer=absent, status="closed")
    elsewhere = TeamFactory(name="Riverside hub")
    outside = CaseFactory(team=elsewhere)
    with pytest.raises(CaseChangeRefused, match=f"Case {outside.reference} is not one of"):
        cases_reallocate(cases=[first, outside], officer=cover, handover="n", actor=leader)
    with pytest.raises(CaseChangeRefused, match=f"Case {closed.reference} is closed"):
        cases_reallocate(cases=[first, closed], officer=cover, handover="n", actor=leader)
    with pytest.raises(CaseChangeRefused, match="Choose an active victim care officer"):
        cases_reallocate(
            cases=[first], officer=_officer(elsewhere, "Gil", "Ho"), handover="n", actor=leader
        )
    with pytest.raises(CaseChangeRefused, match=f"Case {already.reference}: Cai Dee is already"):
        cases_reallocate(cases=[first, already], officer=cover, handover="n", actor=leader)
    with pytest.raises(CaseChangeRefused, match="Only a team leader"):
        cases_reallocate(cases=[first], officer=cover, handover="n", actor=absent)
    first.refresh_from_db()
    assert first.officer == absent and not first.notes.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_REALLOCATED).exists()


def test_only_the_team_leader_of_the_hub_sees_an_officers_cases(client, leader, absent):
    case = CaseFactory(team=leader.team, officer=absent)
    other_leader = UserFactory(role=Role.TEAM_LEADER, team=TeamFactory(name="Riverside hub"))
    client.force_login(other_leader)
    page = client.get(f"{URL}?officer={absent.pk}").content.decode()
    assert case.reference not in page and 'data-testid="unknown-officer"' in page
    for hostile in ("abc", "1" * 40, "\x00", "-1"):
        response = client.get(URL, {"officer": hostile})
        assert response.status_code == 200 and 'data-testid="unknown-officer"' in (
            response.content.decode()
        )
    # Another hub's leader posting this hub's officer and case moves nothing.
    moved = client.post(
        URL,
        {
            "from_officer": absent.pk,
            "cases": [case.pk],
            "officer": other_leader.pk,
            "handover": "Mine now",
        },
    )
    assert 'data-testid="unknown-officer"' in moved.content.decode()
    no_source = client.post(URL, {"cases": [case.pk], "officer": absent.pk, "handover": "x"})
    assert 'data-testid="unknown-officer"' in no_source.content.decode()
    case.refresh_from_db()
    assert case.officer == absent and not case.notes.exists()
    client.force_login(absent)
    assert client.get(f"{URL}?officer={absent.pk}").status_code == 403
    assert client.post(URL, {"cases": [case.pk], "officer": absent.pk}).status_code == 403


def test_broken_characters_never_fail_the_move(client, leader, absent, cover):
    """A lone surrogate can reach the form only from code (a browser's UTF-8 has none): the
    form names the field; broken UTF-8 bytes over HTTP are read as U+FFFD, never a 500."""
    first = CaseFactory(team=leader.team, officer=absent)
    form = MoveCasesForm(
        {"cases": [str(first.pk)], "officer": str(cover.pk), "handover": "Back \ud83d in May"},
        cases=selectors.officer_open_cases(leader, absent),
        officers=selectors.team_officers(leader),
    )
    assert not form.is_valid()
    assert "Handover note contains a broken character" in form.errors["handover"][0]
    client.force_login(leader)
    body = (
        f"from_officer={absent.pk}&cases={first.pk}%ED%B0%80&officer={cover.pk}&handover=%ff%fe%00"
    ).encode()
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.officer == absent
