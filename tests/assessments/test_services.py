"""Assessments taken on a case: the tasks they create and the changes they refuse."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, ReferralFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.assessments.models import NeedsAssessment, RiskAssessment
from victimcare.assessments.services import (
    needs_assessment_save,
    protection_assessment_record,
    risk_assessment_record,
)
from victimcare.cases.models import CaseTask
from victimcare.cases.services.record import case_safeguarding_update
from victimcare.cases.services.versions import CaseChangeRefused, StaleCase
from victimcare.directory.needs import NEED_CATEGORIES

pytestmark = pytest.mark.django_db


def all_levels(level: str = "medium") -> dict[str, tuple[str, str]]:
    return {code: (level, "") for code, _ in NEED_CATEGORIES}


def checklist(yes: int) -> dict[str, str]:
    return {f"q{n}": ("yes" if n <= yes else "no") for n in range(1, 25)}


def test_the_first_needs_assessment_moves_a_contacting_case_to_assessed(vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="contacting")
    with pytest.raises(CaseChangeRefused, match="Record the first needs assessment"):
        needs_assessment_save(case=case, stage="exit", answers=all_levels(), actor=vco)
    with pytest.raises(CaseChangeRefused, match="Choose a level for: Mental and physical health"):
        needs_assessment_save(
            case=case, stage="first", answers={"accommodation": ("low", "")}, actor=vco
        )
    assessment = needs_assessment_save(case=case, stage="first", answers=all_levels(), actor=vco)
    case.refresh_from_db()
    assert case.status == "assessed"
    assert assessment.questionnaire.version == 1 and len(assessment.levels) == 9


def test_a_stale_correction_of_an_assessment_is_refused(client, vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, status="assessed")
    needs_assessment_save(case=case, stage="first", answers=all_levels(), actor=vco)
    colleague = UserFactory(
        role=Role.VICTIM_CARE_OFFICER,
        team=vco.team,
        organisation=vco.organisation,
        first_name="Ffion",
        last_name="Rees",
    )
    needs_assessment_save(
        case=case, stage="first", answers=all_levels("high"), actor=colleague, expected_version=1
    )
    with pytest.raises(StaleCase, match="changed by Ffion Rees"):
        needs_assessment_save(
            case=case, stage="first", answers=all_levels("low"), actor=vco, expected_version=1
        )
    client.force_login(vco)
    data = {f"{code}_level": "low" for code, _ in NEED_CATEGORIES} | {"version": 1}
    page = client.post(reverse("assessments:needs", args=[case.pk, "first"]), data)
    assert "changed by Ffion Rees" in page.content.decode()
    levels = NeedsAssessment.objects.get(case=case, stage="first").levels
    assert set(levels.values()) == {"high"}


def test_high_risk_creates_a_marac_task_and_judgement_cannot_lower_it(vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, referral__domestic_abuse=True)
    with pytest.raises(CaseChangeRefused, match="never lower it"):
        risk_assessment_record(
            case=case,
            answers=checklist(15),
            judgement_level="medium",
            judgement_reason="",
            actor=vco,
        )
    with pytest.raises(CaseChangeRefused, match="Answer every question"):
        risk_assessment_record(
            case=case, answers={"q1": "yes"}, judgement_level="", judgement_reason="", actor=vco
        )
    medium = risk_assessment_record(
        case=case, answers=checklist(11), judgement_level="", judgement_reason="", actor=vco
    )
    assert (medium.level, medium.marac_reasons) == ("medium", [])
    assert not CaseTask.objects.exists()
    raised = risk_assessment_record(
        case=case,
        answers=checklist(11),
        judgement_level="high",
        judgement_reason="Threats to kill since the report",
        actor=vco,
    )
    assert (raised.scored_level, raised.level) == ("medium", "high")
    task = CaseTask.objects.get(kind="marac_referral")
    assert task.assigned_to == vco and "High risk" in task.title
    assert task.due_on > timezone.localdate()


def test_escalation_and_a_repeat_after_marac_trigger_a_referral(vco) -> None:
    case = CaseFactory(team=vco.team, officer=vco, referral__domestic_abuse=True)
    for _ in range(2):
        ReferralFactory(
            person=case.person, reported_at=timezone.now() - datetime.timedelta(days=40)
        )
    assessment = risk_assessment_record(
        case=case, answers=checklist(3), judgement_level="", judgement_reason="", actor=vco
    )
    assert assessment.incidents_12_months == 3
    assert assessment.marac_reasons == ["Potential escalation: 3 incidents reported in 12 months"]

    later = CaseFactory(team=vco.team, officer=vco, referral__person=case.person)
    again = risk_assessment_record(
        case=later, answers=checklist(2), judgement_level="", judgement_reason="", actor=vco
    )
    assert "Repeat incident within 12 months of a previous MARAC referral" in again.marac_reasons
    assert RiskAssessment.objects.count() == 2


def test_safeguarding_tasks_for_children_with_domestic_abuse_and_adults_at_risk(vco) -> None:
    abuse = CaseFactory(team=vco.team, officer=vco, referral__domestic_abuse=True)
    burglary = CaseFactory(team=vco.team, officer=vco, referral__domestic_abuse=False)
    case_safeguarding_update(case=abuse, children_in_household=True, adult_at_risk=False, actor=vco)
    case_safeguarding_update(
        case=burglary, children_in_household=True, adult_at_risk=True, actor=vco
    )
    assert list(abuse.tasks.values_list("kind", flat=True)) == ["child_safeguarding"]
    assert list(burglary.tasks.values_list("kind", flat=True)) == ["adult_safeguarding"]
    case_safeguarding_update(case=abuse, children_in_household=True, adult_at_risk=False, actor=vco)
    assert abuse.tasks.count() == 1  # once


def test_protection_needs_suggest_special_measures(vco) -> None:
    case = CaseFactory(team=vco.team)
    assessment = protection_assessment_record(
        case=case, yes_to=["fears_seeing_suspect", "made-up"], notes="", actor=vco
    )
    assert assessment.at_risk and assessment.special_measures == ["screens", "live_link"]
