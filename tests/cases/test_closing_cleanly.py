"""Closing a case cleanly (#18 item 3): every open task answered and none left open, the
exit needs assessment only when there was support to measure, closing in one step from the
overview, and the closed case showing its reason and outcomes without contact actions."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, CaseTaskFactory
from victimcare.assessments.services import needs_assessment_save
from victimcare.audit.models import AuditEvent
from victimcare.cases.closing import closing_missing, exit_assessment_required
from victimcare.cases.forms import CloseCaseForm
from victimcare.cases.models import CaseTask, OutcomeArea, TaskKind
from victimcare.cases.services.tasks import follow_up_add
from victimcare.cases.services.versions import CaseChangeRefused
from victimcare.directory.needs import NEED_CATEGORIES
from victimcare.journeys.closure import case_close

pytestmark = pytest.mark.django_db

OUTCOMES = dict.fromkeys(OutcomeArea.values, "not_applicable")


def _safeguarding_tasks(case):
    marac = CaseTaskFactory(
        case=case,
        kind=TaskKind.MARAC_REFERRAL,
        title="Refer to the MARAC",
        assigned_to=case.officer,
    )
    child = CaseTaskFactory(
        case=case,
        kind=TaskKind.CHILD_SAFEGUARDING,
        title="Consider a child safeguarding referral",
        assigned_to=case.officer,
    )
    follow = CaseTaskFactory(case=case, title="Ring back about the locks", assigned_to=case.officer)
    return marac, child, follow


def _close_form(case, **extra: str) -> dict[str, str]:
    data = {"version": str(case.version), "reason": "no_contact"}
    data |= {f"outcome_{area}": "not_applicable" for area in OutcomeArea.values}
    return data | extra


def test_the_exit_assessment_is_owed_only_when_support_was_given() -> None:
    assert exit_assessment_required("support_complete")
    assert exit_assessment_required("referred_on")
    for reason in ("no_contact", "declined_support", "victim_ended", "moved_away"):
        assert not exit_assessment_required(reason)


def test_what_is_missing_is_said_only_while_closing_is_not_allowed() -> None:
    assert closing_missing("supported") == [] and closing_missing("closing") == []
    assert closing_missing("closed") == []  # nothing to close
    missing = closing_missing("contacting")
    assert "The case is contacting: assess the victim's needs first" in missing[0]


def test_closing_refuses_while_a_task_is_unanswered_and_then_leaves_none_open(vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="supported")
    marac, child, follow = _safeguarding_tasks(case)
    with pytest.raises(
        CaseChangeRefused, match="each open task: Consider a child safeguarding referral; Ring back"
    ):
        case_close(
            case=case,
            outcomes=OUTCOMES,
            reason="no_contact",
            actor=vco,
            tasks={marac.pk: ("handed_over", "MARAC coordinator has it")},
        )
    assert CaseTask.objects.filter(case=case, done_at=None, ended_at=None).count() == 3

    case_close(
        case=case,
        outcomes=OUTCOMES,
        reason="no_contact",
        actor=vco,
        tasks={
            marac.pk: ("handed_over", "MARAC coordinator has it"),
            child.pk: ("not_needed", "The children live with their father"),
            follow.pk: ("done", "Locks fitted"),
        },
    )
    case.refresh_from_db()
    assert case.status == "closed" and case.closure_reason == "no_contact"
    assert not CaseTask.objects.filter(case=case, done_at=None, ended_at=None).exists()
    marac.refresh_from_db()
    child.refresh_from_db()
    follow.refresh_from_db()
    assert marac.ended_reason == "Handed over when the case closed: MARAC coordinator has it"
    assert child.ended_reason.startswith("No longer needed when the case closed: The children")
    assert follow.is_done and follow.outcome == "Locks fitted" and follow.done_by == vco
    assert AuditEvent.objects.filter(action="task.ended", object_id=str(case.pk)).count() == 2
    # Supported, then closing, then closed: each step in the case's history.
    steps = list(case.transitions.order_by("pk").values_list("from_status", "to_status"))
    assert steps == [("supported", "closing"), ("closing", "closed")]


def test_a_case_still_being_contacted_cannot_close(vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="contacting")
    with pytest.raises(CaseChangeRefused, match="contacting cannot be closed"):
        case_close(case=case, outcomes=OUTCOMES, reason="no_contact", actor=vco)


def test_contact_lost_needs_no_exit_assessment_but_support_complete_does(vco) -> None:
    lost = CaseFactory(team=vco.team, officer=vco, status="assessed")
    case_close(case=lost, outcomes=OUTCOMES, reason="no_contact", actor=vco)
    declined = CaseFactory(team=vco.team, officer=vco, status="assessed")
    case_close(case=declined, outcomes=OUTCOMES, reason="declined_support", actor=vco)
    assert (lost.status, declined.status) == ("closed", "closed")
    helped = CaseFactory(team=vco.team, officer=vco, status="supported")
    with pytest.raises(CaseChangeRefused, match="Record the exit needs assessment"):
        case_close(case=helped, outcomes=OUTCOMES, reason="referred_on", actor=vco)
    needs = {c: ("low", "") for c, _ in NEED_CATEGORIES}
    needs_assessment_save(case=helped, stage="first", answers=needs, actor=vco)
    needs_assessment_save(case=helped, stage="exit", answers=needs, actor=vco)
    case_close(case=helped, outcomes=OUTCOMES, reason="referred_on", actor=vco)
    assert helped.status == "closed"


def test_the_close_page_asks_about_each_task_and_my_tasks_empties(client, vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="supported")
    marac, child, follow = _safeguarding_tasks(case)
    client.force_login(vco)
    assert "Refer to the MARAC" in client.get(reverse("cases:tasks")).content.decode()
    url = reverse("cases:close", args=[case.pk])
    page = client.get(url).content.decode()
    assert "What happened to: Refer to the MARAC?" in page
    assert "What happened to: Consider a child safeguarding referral?" in page
    assert "Handed over" in page and "No longer needed" in page

    unanswered = client.post(url, _close_form(case)).content.decode()
    assert "Select what happened to: Refer to the MARAC" in unanswered
    assert "Enter a note on what happened to: Ring back about the locks" in unanswered
    case.refresh_from_db()
    assert case.status == "supported"

    answers = {
        f"task_{marac.pk}": "handed_over",
        f"task_{marac.pk}_note": "IDVA took it to MARAC",
        f"task_{child.pk}": "not_needed",
        f"task_{child.pk}_note": "No children at home",
        f"task_{follow.pk}": "done",
        f"task_{follow.pk}_note": "Locks fitted",
    }
    done = client.post(url, _close_form(case, **answers))
    assert done.status_code == 302 and done["Location"] == reverse("cases:detail", args=[case.pk])
    overview = client.get(done["Location"]).content.decode()
    assert "Case closed" in overview  # the success banner and the closure section
    tasks = client.get(reverse("cases:tasks")).content.decode()
    assert "Refer to the MARAC" not in tasks and "child safeguarding" not in tasks


@pytest.mark.parametrize(
    ("note", "error"),
    [
        ("Handed\x00over", "contains a null character"),
        ("x" * 251, "must be 250 characters or fewer"),
    ],
)
def test_a_task_note_that_cannot_be_kept_is_refused_naming_it(client, vco, note, error) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="supported")
    task = CaseTaskFactory(case=case, title="Refer to the MARAC", kind=TaskKind.MARAC_REFERRAL)
    client.force_login(vco)
    response = client.post(
        reverse("cases:close", args=[case.pk]),
        _close_form(case, **{f"task_{task.pk}": "handed_over", f"task_{task.pk}_note": note}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page and "Refer to the MARAC" in page
    task.refresh_from_db()
    assert task.is_open


def test_a_task_note_with_a_broken_character_is_refused_naming_it(vco) -> None:
    """A browser sends UTF-8, which holds no lone surrogate: the form itself refuses one."""
    case = CaseFactory(team=vco.team, officer=vco, status="supported")
    task = CaseTaskFactory(case=case, title="Refer to the MARAC")
    form = CloseCaseForm(
        _close_form(case, **{f"task_{task.pk}": "done", f"task_{task.pk}_note": "Did \ud800"}),
        open_tasks=[task],
    )
    assert not form.is_valid()
    assert form.errors[f"task_{task.pk}_note"] == [
        "Note on: Refer to the MARAC contains a broken character (half of an emoji or "
        "symbol), which cannot be saved. Delete it and try again"
    ]


def test_a_wrong_answer_for_a_task_is_refused(client, vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="supported")
    task = CaseTaskFactory(case=case, title="Refer to the MARAC")
    client.force_login(vco)
    page = client.post(
        reverse("cases:close", args=[case.pk]),
        _close_form(case, **{f"task_{task.pk}": "forgotten", f"task_{task.pk}_note": "?"}),
    ).content.decode()
    assert "Select a valid choice" in page
    case.refresh_from_db()
    assert case.status == "supported"


def test_the_closed_case_shows_reason_and_outcomes_and_no_contact_actions(client, vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="assessed")
    outcomes = dict.fromkeys(OutcomeArea.values, "not_applicable") | {"safety": "improved"}
    case_close(case=case, outcomes=outcomes, reason="declined_support", actor=vco)
    client.force_login(vco)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Why it closed" in page and "The victim declined support" in page
    assert "Increased safety and perception of safety" in page and "Improved" in page
    assert "Contact by" not in page
    assert "Record a contact attempt" not in page
    assert reverse("cases:contact", args=[case.pk]) not in page
    assert "Add a follow-up" not in page
    with pytest.raises(CaseChangeRefused, match="Reopen the case before adding a follow-up"):
        follow_up_add(case=case, title="Ring back", due_on=timezone.localdate(), actor=vco)
    # The close page of a closed case goes back to the overview.
    again = client.get(reverse("cases:close", args=[case.pk]))
    assert again.status_code == 302


def test_close_the_case_is_one_step_from_the_overview_when_allowed(client, vco) -> None:
    supported = CaseFactory(team=vco.team, officer=vco, status="supported")
    client.force_login(vco)
    page = client.get(reverse("cases:detail", args=[supported.pk])).content.decode()
    assert f'href="{reverse("cases:close", args=[supported.pk])}">Close the case' in page
    assert 'data-testid="closing-missing"' not in page

    contacting = CaseFactory(team=vco.team, officer=vco, status="contacting")
    page = client.get(reverse("cases:detail", args=[contacting.pk])).content.decode()
    assert reverse("cases:close", args=[contacting.pk]) not in page
    assert 'data-testid="closing-missing"' in page
    assert "The case is contacting: assess the victim&#x27;s needs first" in page
    assert "Contact by" in page and "Record a contact attempt" in page
    refused = client.post(reverse("cases:close", args=[contacting.pk]), _close_form(contacting))
    assert "This case cannot be closed yet" in refused.content.decode()
    contacting.refresh_from_db()
    assert contacting.status == "contacting"
