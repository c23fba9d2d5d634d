"""Onward referral states, the officer's tasks, and closing a case with its outcomes."""

import logging

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, ServiceFactory, UserFactory, onward_referral
from victimcare.accounts.capabilities import Role
from victimcare.assessments.services import needs_assessment_save
from victimcare.cases.models import CaseOutcome, OutcomeArea
from victimcare.cases.services.onward import onward_referral_update
from victimcare.cases.services.tasks import task_open
from victimcare.cases.services.versions import CaseChangeRefused
from victimcare.directory.needs import NEED_CATEGORIES
from victimcare.journeys.closure import case_close
from victimcare.notifications.delivery import outbox_deliver
from victimcare.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_the_service_accepts_and_completes_and_only_the_hub_withdraws(client, vco) -> None:
    service = ServiceFactory(name="Safe Steps IDVA service")
    worker = UserFactory(role=Role.PARTNER_WORKER, organisation=service.provider)
    onward = onward_referral(CaseFactory(team=vco.team), service, ["contact"])
    with pytest.raises(CaseChangeRefused, match="Only the receiving service"):
        onward_referral_update(onward=onward, status="accepted", actor=vco)
    with pytest.raises(CaseChangeRefused, match="Only the hub"):
        onward_referral_update(onward=onward, status="withdrawn", actor=worker)
    with pytest.raises(CaseChangeRefused, match="Enter why"):
        onward_referral_update(onward=onward, status="declined", actor=worker)

    client.force_login(worker)
    url = reverse("cases:partner-referral-update", args=[onward.pk])
    client.post(url, {"status": "accepted"})
    page = client.get(reverse("cases:partner-referral", args=[onward.pk])).content.decode()
    assert "Accepted" in page and "Mark as completed" in page
    client.post(url, {"status": "completed"})
    onward.refresh_from_db()
    assert onward.status == "completed"
    refused = client.post(url, {"status": "accepted"})
    assert "cannot become accepted" in refused.content.decode()
    # Completed referrals stay visible to the service.
    assert client.get(reverse("cases:partner-referral", args=[onward.pk])).status_code == 200


def test_a_declined_referral_keeps_its_reason_and_leaves_the_service(client, vco) -> None:
    service = ServiceFactory()
    worker = UserFactory(role=Role.PARTNER_WORKER, organisation=service.provider)
    onward = onward_referral(CaseFactory(team=vco.team), service, ["contact"])
    onward_referral_update(onward=onward, status="declined", actor=worker, reason="Out of area")
    onward.refresh_from_db()
    assert (onward.status, onward.declined_reason) == ("declined", "Out of area")
    client.force_login(worker)
    assert client.get(reverse("cases:partner-referral", args=[onward.pk])).status_code == 404
    client.force_login(vco)
    page = client.get(reverse("cases:support", args=[onward.case_id])).content.decode()
    assert "Declined: Out of area" in page


def test_the_task_list_shows_open_tasks_and_a_done_task_leaves_it(client, vco) -> None:
    import datetime

    case = CaseFactory(team=vco.team, officer=vco)
    task = task_open(
        case=case,
        kind="follow_up",
        title="Ring back about the locks",
        due_on=datetime.date(2026, 1, 5),
    )
    client.force_login(vco)
    tasks = client.get(reverse("cases:tasks")).content.decode()
    assert "Ring back about the locks" in tasks and "Overdue" in tasks
    empty = client.post(reverse("cases:task-done", args=[case.pk, task.pk]), {"task-outcome": ""})
    assert "Enter what was done" in empty.content.decode()
    client.post(
        reverse("cases:task-done", args=[case.pk, task.pk]), {"task-outcome": "Locks fitted"}
    )
    task.refresh_from_db()
    assert task.is_done and task.outcome == "Locks fitted" and task.done_by == vco
    assert "Ring back" not in client.get(reverse("cases:tasks")).content.decode()


def close_form(version: int) -> dict[str, str]:
    data = {"version": str(version), "reason": "support_complete"}
    data |= {f"outcome_{area}": "improved" for area in OutcomeArea.values}
    return data


def test_closing_needs_the_exit_assessment_and_every_outcome_and_invites_once(
    client, vco, caplog
) -> None:
    case = CaseFactory(
        team=vco.team, officer=vco, status="closing", referral__person__email="nia@example.org"
    )
    needs_assessment_save(
        case=case, stage="first", answers={c: ("high", "") for c, _ in NEED_CATEGORIES}, actor=vco
    )
    client.force_login(vco)
    url = reverse("cases:close", args=[case.pk])
    no_exit = client.post(url, close_form(case.version))
    assert "Record the exit needs assessment before closing" in no_exit.content.decode()
    needs_assessment_save(
        case=case, stage="exit", answers={c: ("low", "") for c, _ in NEED_CATEGORIES}, actor=vco
    )
    page = client.get(url).content.decode()
    assert "Improved by 2 levels" in page
    partial = close_form(case.version)
    del partial["outcome_safety"]
    assert "Select the outcome for increased safety" in client.post(url, partial).content.decode()

    done = client.post(url, close_form(case.version))
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.closure_reason == "support_complete"
    assert CaseOutcome.objects.filter(case=case, result="improved").count() == 5
    message = OutboxMessage.objects.get(kind="survey_invitation")
    assert message.payload == {"case_id": case.pk}  # no personal data waits in the outbox
    with caplog.at_level(logging.INFO, logger="victimcare.notifications.messages"):
        assert outbox_deliver(message_id=message.pk).status == "sent"
    assert f"survey invitation for case {case.pk} by email" in caplog.text
    assert "nia@example.org" not in caplog.text


def test_no_survey_invitation_when_contact_is_not_safe(vco) -> None:
    case = CaseFactory(
        team=vco.team,
        status="closing",
        referral__person__safe_to_contact=False,
        referral__person__email="x@example.org",
    )
    needs = {c: ("low", "") for c, _ in NEED_CATEGORIES}
    needs_assessment_save(case=case, stage="first", answers=needs, actor=vco)
    needs_assessment_save(case=case, stage="exit", answers=needs, actor=vco)
    case_close(
        case=case,
        outcomes=dict.fromkeys(OutcomeArea.values, "not_applicable"),
        reason="victim_ended",
        actor=vco,
    )
    assert not OutboxMessage.objects.exists()


def test_a_team_leader_reallocates_with_a_handover_and_sees_the_caseload(client, northgate):
    leader = UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)
    first = UserFactory(
        role=Role.VICTIM_CARE_OFFICER,
        team=northgate,
        first_name="Ann",
        last_name="Bell",
        organisation=northgate.organisation,
    )
    second = UserFactory(
        role=Role.VICTIM_CARE_OFFICER,
        team=northgate,
        first_name="Cai",
        last_name="Dee",
        organisation=northgate.organisation,
    )
    elsewhere = UserFactory(role=Role.VICTIM_CARE_OFFICER, team=None)
    case = CaseFactory(team=northgate, officer=first)
    CaseFactory(team=northgate, officer=first, status="supported")
    import datetime

    task = task_open(case=case, kind="follow_up", title="Call back", due_on=datetime.date.today())
    client.force_login(leader)
    url = reverse("cases:reallocate", args=[case.pk])
    no_note = client.post(
        url, {"reallocate-version": case.version, "reallocate-officer": second.pk}
    )
    assert "Write a handover note" in no_note.content.decode()
    outsider = client.post(
        url,
        {
            "reallocate-version": case.version,
            "reallocate-officer": elsewhere.pk,
            "reallocate-handover": "x",
        },
    )
    assert "Select new named officer from the list" in outsider.content.decode()
    client.post(
        url,
        {
            "reallocate-version": case.version,
            "reallocate-officer": second.pk,
            "reallocate-handover": "Victim prefers mornings",
        },
    )
    case.refresh_from_db()
    task.refresh_from_db()
    assert case.officer == second and task.assigned_to == second
    assert case.notes.get().text == "Handover to Cai Dee: Victim prefers mornings"

    rows = {r.officer.pk: r for r in client.get(reverse("cases:caseload")).context["rows"]}
    assert (rows[first.pk].open_cases, rows[second.pk].open_cases) == (1, 1)
    assert rows[second.pk].open_tasks == 1
    client.force_login(first)
    assert client.get(reverse("cases:caseload")).status_code == 403
    assert client.post(url, {}).status_code == 404  # a record route: no capability, no record


def test_the_support_plan_holds_a_goal_per_need_and_its_progress(client, vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco)
    client.force_login(vco)
    url = reverse("cases:goal", args=[case.pk])
    missing = client.post(url, {"goal-category": "", "goal-goal": ""})
    assert "Choose the need the goal is for" in missing.content.decode()
    client.post(url, {"goal-category": "accommodation", "goal-goal": "Locks changed by Friday"})
    goal = case.goals.get()
    assert (goal.category, goal.goal, goal.status) == (
        "accommodation",
        "Locks changed by Friday",
        "open",
    )
    client.post(reverse("cases:goal-update", args=[case.pk, goal.pk]), {"status": "achieved"})
    goal.refresh_from_db()
    assert goal.status == "achieved"
    page = client.get(reverse("cases:support", args=[case.pk]))
    assert "Locks changed by Friday" in page.content.decode()
    timeline = client.get(reverse("cases:timeline", args=[case.pk])).context["timeline"]
    assert "Goal (shelter and accommodation)" in [e.title for e in timeline]


def test_a_service_that_declines_returns_to_its_list_and_a_bad_reason_says_what_is_wrong(
    client, vco
) -> None:
    service = ServiceFactory()
    worker = UserFactory(role=Role.PARTNER_WORKER, organisation=service.provider)
    onward = onward_referral(CaseFactory(team=vco.team), service, ["contact"])
    client.force_login(worker)
    url = reverse("cases:partner-referral-update", args=[onward.pk])
    for hostile, words in (
        ("x" * 5000, "300 characters or fewer"),
        ("Out\x00of area", "contains a null character, which cannot be saved"),
    ):
        refused = client.post(url, {"status": "declined", "reason": hostile})
        page = refused.content.decode()
        assert refused.status_code == 200 and "The reason for declining" in page and words in page
        assert "Choose what has happened" not in page
    onward.refresh_from_db()
    assert onward.status != "declined"
    done = client.post(url, {"status": "declined", "reason": "Out of our area"})
    assert done["Location"] == reverse("cases:partner-referrals")
    assert client.get(done["Location"]).status_code == 200
