"""A closed case takes no new work until it is reopened (#18 item 3, "closing a case leaves
loose ends"): closing answered every task, so a referral, goal, assessment, safeguarding
answer or follow-up date made afterwards would be work nobody holds, a task left open on
"My tasks". Its pages offer none of it; corrections and a referral's later outcome stay."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.banners import success_banners
from tests.factories import (
    CaseFactory,
    CaseTaskFactory,
    DataSharingAgreementFactory,
    ServiceFactory,
    UserFactory,
)
from victimcare.accounts.capabilities import Role
from victimcare.assessments.services import (
    needs_assessment_save,
    protection_assessment_record,
    risk_assessment_record,
)
from victimcare.cases.models import CaseTask, OutcomeArea, SafeguardingReferral, TaskKind
from victimcare.cases.services.plan import support_goal_add
from victimcare.cases.services.record import (
    case_reallocate,
    case_safeguarding_update,
    case_transition,
)
from victimcare.cases.services.safeguarding import (
    safeguarding_referral_record,
    safeguarding_referral_update,
)
from victimcare.cases.services.versions import CaseChangeRefused, CaseEnded
from victimcare.directory.needs import NEED_CATEGORIES
from victimcare.journeys.closure import case_close, case_end
from victimcare.journeys.onward import onward_referral_send

pytestmark = pytest.mark.django_db

OUTCOMES = dict.fromkeys(OutcomeArea.values, "not_applicable")
NEEDS = {code: ("low", "") for code, _ in NEED_CATEGORIES}


@pytest.fixture
def closed(vco):
    case = CaseFactory(
        team=vco.team, officer=vco, status="assessed", referral__crime_category="Domestic abuse"
    )
    case_close(case=case, outcomes=OUTCOMES, reason="no_contact", actor=vco)
    assert case.status == "closed"
    return case


def _open_tasks(case) -> list[str]:
    return list(
        CaseTask.objects.filter(case=case, done_at__isnull=True, ended_at__isnull=True).values_list(
            "title", flat=True
        )
    )


def test_every_kind_of_new_work_is_refused_and_leaves_no_task_open(closed, vco) -> None:
    today = timezone.localdate()
    service = ServiceFactory(name="Harbour Lane IDVA")
    DataSharingAgreementFactory(organisation=service.provider)
    attempts = {
        "referring the victim to a service": lambda: onward_referral_send(
            case=closed,
            service=service,
            consent_given=True,
            shared=["contact"],
            reason="",
            actor=vco,
        ),
        "adding a goal": lambda: support_goal_add(
            case=closed, category=NEED_CATEGORIES[0][0], goal="Feel safe at home", actor=vco
        ),
        "setting a follow-up date": lambda: safeguarding_referral_record(
            case=closed,
            agency="childrens_social_care",
            made_on=today,
            actor=vco,
            follow_up_on=today + datetime.timedelta(days=7),
        ),
        "taking a needs assessment": lambda: needs_assessment_save(
            case=closed, stage="first", answers=NEEDS, actor=vco
        ),
        "taking the domestic abuse risk checklist": lambda: risk_assessment_record(
            case=closed, answers={}, judgement_level="", judgement_reason="", actor=vco
        ),
        "assessing protection needs": lambda: protection_assessment_record(
            case=closed, yes_to=[], notes="", actor=vco
        ),
    }
    for doing, attempt in attempts.items():
        with pytest.raises(CaseEnded, match=f"^Reopen the case before {doing}$"):
            attempt()
    assert _open_tasks(closed) == []
    assert not closed.onward_referrals.exists() and not closed.goals.exists()
    assert not SafeguardingReferral.objects.filter(case=closed).exists()


def test_safeguarding_is_still_recorded_on_an_ended_case_without_opening_work(closed, vco):
    """A duty to protect does not wait for the victim to want support, and a referral made
    before closing may be keyed in after it: the answers can be put right and a referral
    recorded, but no task opens, since nobody holds the work of an ended case."""
    case_safeguarding_update(case=closed, children_in_household=True, adult_at_risk=True, actor=vco)
    referral = safeguarding_referral_record(
        case=closed, agency="childrens_social_care", made_on=timezone.localdate(), actor=vco
    )
    closed.refresh_from_db()
    assert (closed.children_in_household, closed.adult_at_risk) == (True, True)
    assert referral.follow_up_on is None and referral.case_id == closed.pk
    assert _open_tasks(closed) == []


def test_a_case_transferred_out_says_the_area_it_went_to_holds_the_work(vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="transferred_out")
    with pytest.raises(CaseEnded, match="transferred to another area, which holds it now"):
        support_goal_add(
            case=case, category=NEED_CATEGORIES[0][0], goal="Feel safe at home", actor=vco
        )


def test_a_referrals_outcome_comes_after_closing_but_a_new_follow_up_does_not(vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="assessed")
    referral = safeguarding_referral_record(
        case=case, agency="childrens_social_care", made_on=timezone.localdate(), actor=vco
    )
    case_close(case=case, outcomes=OUTCOMES, reason="no_contact", actor=vco)
    safeguarding_referral_update(
        referral=referral,
        actor=vco,
        their_reference="LA-2231",
        outcome="Assessed",
        follow_up_on=None,
    )
    referral.refresh_from_db()
    assert (referral.their_reference, referral.outcome) == ("LA-2231", "Assessed")
    with pytest.raises(CaseEnded, match="Reopen the case before setting a follow-up date"):
        safeguarding_referral_update(
            referral=referral,
            actor=vco,
            their_reference="LA-2231",
            outcome="Assessed",
            follow_up_on=timezone.localdate() + datetime.timedelta(days=3),
        )
    assert _open_tasks(case) == []


def test_a_first_needs_assessment_taken_before_closing_can_still_be_corrected(vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="contacting")
    first = needs_assessment_save(case=case, stage="first", answers=NEEDS, actor=vco)
    case_close(case=case, outcomes=OUTCOMES, reason="no_contact", actor=vco)
    corrected = needs_assessment_save(
        case=case,
        stage="first",
        answers=NEEDS | {NEED_CATEGORIES[0][0]: ("high", "")},
        actor=vco,
        expected_version=first.version,
    )
    assert corrected.pk == first.pk and corrected.version == first.version + 1


def test_the_closed_case_pages_offer_no_new_work_and_say_how_to_reopen(client, closed, vco):
    client.force_login(vco)
    overview = client.get(reverse("cases:detail", args=[closed.pk])).content.decode()
    support = client.get(reverse("cases:support", args=[closed.pk])).content.decode()
    refer = reverse("cases:onward-referral-new", args=[closed.pk])
    assert refer not in overview and refer not in support
    assert 'data-testid="case-ended"' in support
    assert "This case has ended (closed)" in support
    assert f'href="{reverse("cases:status", args=[closed.pk])}">reopen the case</a>' in support
    for still in (
        reverse("cases:safeguarding-referral-new", args=[closed.pk]),
        reverse("cases:safeguarding", args=[closed.pk]),
    ):
        assert still in support, still
    for gone in (
        reverse("cases:goal", args=[closed.pk]),
        reverse("assessments:risk", args=[closed.pk]),
        reverse("assessments:protection", args=[closed.pk]),
        reverse("assessments:needs", args=[closed.pk, "first"]),
    ):
        assert gone not in support, gone
    assert (
        'name="safeguarding-children_in_household"' in support
        and 'name="safeguarding-adult_at_risk"' in support
    )

    open_case = CaseFactory(team=vco.team, officer=vco, status="supported")
    page = client.get(reverse("cases:support", args=[open_case.pk])).content.decode()
    assert 'data-testid="case-ended"' not in page
    assert reverse("cases:onward-referral-new", args=[open_case.pk]) in page
    assert reverse("assessments:risk", args=[open_case.pk]) in page


def test_a_stale_form_posted_to_a_closed_case_says_to_reopen_it(client, closed, vco) -> None:
    service = ServiceFactory(name="Harbour Lane IDVA")
    DataSharingAgreementFactory(organisation=service.provider)
    client.force_login(vco)
    response = client.post(
        reverse("cases:onward-referral-new", args=[closed.pk]),
        {"service": service.pk, "consent": "on", "shared": ["contact"], "reason": ""},
    )
    assert response.status_code == 200
    assert "Reopen the case before referring the victim to a service" in response.content.decode()
    assert not closed.onward_referrals.exists()
    response = client.post(
        reverse("assessments:protection", args=[closed.pk]), {"notes": "", "yes_to": []}
    )
    assert "Reopen the case before assessing protection needs" in response.content.decode()
    assert not closed.protection_assessments.exists()


def _status_post(client, case, **data: str):
    form = {"status-version": str(case.version), "status-target": "", "status-reason": ""}
    form |= {f"status-{name}": value for name, value in data.items()}
    return client.post(reverse("cases:status", args=[case.pk]), form)


def test_ending_a_case_from_the_status_page_answers_each_open_task(client, vco) -> None:
    """'The victim declined support' ends the case as closing does: what happened to each
    open task is asked, and none stays on My tasks."""
    case = CaseFactory(team=vco.team, officer=vco, status="supported")
    marac = CaseTaskFactory(
        case=case, kind=TaskKind.MARAC_REFERRAL, title="Refer to the MARAC", assigned_to=vco
    )
    client.force_login(vco)
    assert "Refer to the MARAC" in client.get(reverse("cases:tasks")).content.decode()
    page = client.get(reverse("cases:status", args=[case.pk])).content.decode()
    assert "What happened to: Refer to the MARAC?" in page and 'data-testid="open-task"' in page

    unanswered = _status_post(client, case, target="declined_support", reason="Wants no help")
    html = unanswered.content.decode()
    assert unanswered.status_code == 200
    assert "Select what happened to: Refer to the MARAC" in html
    assert "Enter a note on what happened to: Refer to the MARAC" in html
    case.refresh_from_db()
    assert case.status == "supported" and _open_tasks(case) == ["Refer to the MARAC"]

    answered = _status_post(
        client,
        case,
        target="declined_support",
        reason="Wants no help",
        **{f"task_{marac.pk}": "handed_over", f"task_{marac.pk}_note": "IDVA refers to MARAC"},
    )
    assert answered.status_code == 302
    case.refresh_from_db()
    marac.refresh_from_db()
    assert case.status == "declined_support" and _open_tasks(case) == []
    assert marac.ended_reason == "Handed over when the case ended: IDVA refers to MARAC"
    assert "Refer to the MARAC" not in client.get(reverse("cases:tasks")).content.decode()


def test_a_move_that_does_not_end_the_case_leaves_its_tasks_as_they_are(client, vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="supported")
    CaseTaskFactory(case=case, title="Ring back about the locks", assigned_to=vco)
    client.force_login(vco)
    moved = _status_post(client, case, target="closing", reason="Goals met")
    assert moved.status_code == 302
    case.refresh_from_db()
    assert case.status == "closing" and _open_tasks(case) == ["Ring back about the locks"]
    # From "closing" only "sent in error" ends the case (ADR 71): the page asks about the
    # tasks for that move, and moving back to supported still leaves them as they are.
    back = _status_post(client, case, target="supported", reason="More to do")
    assert back.status_code == 302
    case.refresh_from_db()
    assert case.status == "supported" and _open_tasks(case) == ["Ring back about the locks"]


def test_the_service_refuses_to_end_a_case_with_a_task_unanswered(vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="contacting")
    task = CaseTaskFactory(case=case, title="Consider a child safeguarding referral")
    with pytest.raises(CaseChangeRefused, match="Say what happened to each open task"):
        case_end(case=case, target="unable_to_contact", reason="No answer", actor=vco)
    case.refresh_from_db()
    assert case.status == "contacting"
    case_end(
        case=case,
        target="unable_to_contact",
        reason="No answer",
        actor=vco,
        tasks={task.pk: ("not_needed", "Nobody to safeguard: wrong number")},
    )
    assert case.status == "unable_to_contact" and _open_tasks(case) == []
    with pytest.raises(CaseChangeRefused, match="Choose a move that ends the case"):
        case_end(case=case, target="reopened", reason="Rang back", actor=vco)


def test_the_banner_says_what_the_status_became_and_what_a_reallocation_did(
    client, vco, northgate
) -> None:
    """#18 item 5: a success banner saying what changed, not just that something did."""
    case = CaseFactory(team=vco.team, officer=vco, status="supported")
    task = CaseTaskFactory(case=case, title="Ring back about the locks", assigned_to=vco)
    client.force_login(vco)
    moved = _status_post(client, case, target="closing", reason="Goals met")
    assert success_banners(client.get(moved["Location"])) == ["Status changed to closing"]
    case.refresh_from_db()
    ended = _status_post(
        client,
        case,
        target="supported",
        reason="More help needed",
    )
    assert success_banners(client.get(ended["Location"])) == ["Status changed to supported"]
    case.refresh_from_db()
    declined = _status_post(
        client,
        case,
        target="declined_support",
        reason="Wants no help",
        **{f"task_{task.pk}": "done", f"task_{task.pk}_note": "Rang about the locks"},
    )
    assert success_banners(client.get(declined["Location"])) == [
        "Status changed to declined support: 1 open task answered, none left open"
    ]

    leader = UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)
    cover = UserFactory(
        role=Role.VICTIM_CARE_OFFICER,
        team=northgate,
        organisation=northgate.organisation,
        first_name="Ffion",
        last_name="Rees",
    )
    other = CaseFactory(team=vco.team, officer=vco, status="contacting")
    client.force_login(leader)
    given = client.post(
        reverse("cases:reallocate", args=[other.pk]),
        {
            "reallocate-version": str(other.version),
            "reallocate-officer": str(cover.pk),
            "reallocate-handover": "She rings back on Tuesdays",
        },
    )
    assert success_banners(client.get(given["Location"])) == ["Case given to Ffion Rees"]


def test_what_closing_did_to_each_task_is_on_the_timeline_and_off_the_caseload(
    client, vco, northgate
) -> None:
    """The timeline says which task was done and which ended (handed over, no longer
    needed) with its note; the team leader's caseload no longer counts ended tasks as open."""
    case = CaseFactory(team=vco.team, officer=vco, status="assessed")
    marac = CaseTaskFactory(case=case, title="Refer to the MARAC", assigned_to=vco)
    locks = CaseTaskFactory(case=case, title="Ring back about the locks", assigned_to=vco)
    case_close(
        case=case,
        outcomes=OUTCOMES,
        reason="no_contact",
        actor=vco,
        tasks={
            marac.pk: ("handed_over", "Police MARAC coordinator has it"),
            locks.pk: ("done", "Locks changed on Monday"),
        },
    )
    client.force_login(vco)
    timeline = client.get(reverse("cases:timeline", args=[case.pk])).context["timeline"]
    shown = {(entry.title, entry.detail) for entry in timeline if entry.kind == "task"}
    assert ("Task done: Ring back about the locks", "Locks changed on Monday") in shown
    assert (
        "Task ended: Refer to the MARAC",
        "Handed over when the case closed: Police MARAC coordinator has it",
    ) in shown

    leader = UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)
    client.force_login(leader)
    rows = {row.officer.pk: row for row in client.get(reverse("cases:caseload")).context["rows"]}
    assert rows[vco.pk].open_tasks == 0


def test_a_reopened_case_given_to_another_officer_keeps_who_held_its_ended_tasks(
    vco, northgate
) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="assessed")
    ended = CaseTaskFactory(case=case, title="Refer to the MARAC", assigned_to=vco)
    case_close(
        case=case,
        outcomes=OUTCOMES,
        reason="no_contact",
        actor=vco,
        tasks={ended.pk: ("not_needed", "Risk fell after the move")},
    )
    case_transition(case=case, target="reopened", reason="She rang back", actor=vco)
    fresh = CaseTaskFactory(case=case, title="Ring her back", assigned_to=vco)
    cover = UserFactory(
        role=Role.VICTIM_CARE_OFFICER, team=northgate, organisation=northgate.organisation
    )
    case_reallocate(case=case, officer=cover, handover="Rings on Tuesdays", actor=vco)
    ended.refresh_from_db()
    fresh.refresh_from_db()
    assert (ended.assigned_to, fresh.assigned_to) == (vco, cover)
