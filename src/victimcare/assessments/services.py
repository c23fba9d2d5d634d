"""Writes for assessments. Each runs in one transaction with its audit event; risk and
safeguarding findings create the officer's tasks in the same transaction."""

import datetime
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.assessments import rules
from victimcare.assessments.models import (
    NeedsAnswer,
    NeedsAssessment,
    NeedsStage,
    ProtectionAssessment,
    Questionnaire,
    QuestionnaireKind,
    RiskAssessment,
)
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.models import Case, CaseStatus, CaseTask, TaskKind
from victimcare.cases.services.record import case_transition
from victimcare.cases.services.tasks import task_open
from victimcare.cases.services.versions import CaseChangeRefused, StaleCase, refuse_once_ended
from victimcare.entitlements.working_days import add_working_days
from victimcare.referrals.models import Referral


def current_questionnaire(kind: str) -> Questionnaire:
    return Questionnaire.objects.prefetch_related("questions").get(kind=kind, current=True)


@transaction.atomic
def questionnaire_save(*, questionnaire: Questionnaire, actor: User, adding: bool) -> Questionnaire:
    """Save a questionnaire version; one made current retires the kind's current version."""
    if questionnaire.current:
        Questionnaire.objects.filter(kind=questionnaire.kind, current=True).exclude(
            pk=questionnaire.pk
        ).update(current=False)
    questionnaire.save()
    audit_event_record(
        action=AuditAction.QUESTIONNAIRE_ADDED if adding else AuditAction.QUESTIONNAIRE_CHANGED,
        obj=questionnaire,
        actor=actor,
        data={"version": questionnaire.version},
    )
    return questionnaire


@transaction.atomic
def needs_assessment_save(
    *,
    case: Case,
    stage: str,
    answers: Mapping[str, tuple[str, str]],
    actor: User,
    expected_version: int | None = None,
) -> NeedsAssessment:
    """Record (or correct) the first or exit needs assessment: a level and notes for each of
    the nine categories. Correcting needs the version the officer saw."""
    missing = [label for code, label in rules.NEED_CATEGORIES if code not in answers]
    if missing:
        raise CaseChangeRefused(f"Choose a level for: {', '.join(missing)}")
    if stage == NeedsStage.EXIT and not case.needs_assessments.filter(stage=NeedsStage.FIRST):
        raise CaseChangeRefused("Record the first needs assessment before the exit one")
    existing = NeedsAssessment.objects.select_for_update().filter(case=case, stage=stage).first()
    if existing is None:
        refuse_once_ended(case, "taking a needs assessment")  # a correction is still welcome
    if existing is not None:
        if expected_version is not None and existing.version != expected_version:
            who = existing.taken_by.display_name if existing.taken_by else "someone else"
            raise StaleCase(
                f"This assessment was changed by {who} while you were working on it. Your "
                "answers were not saved: check the assessment as it is now and make them again."
            )
        assessment = existing
        assessment.version += 1
        assessment.taken_by = actor
        assessment.save(update_fields=["version", "taken_by"])
        assessment.answers.all().delete()
    else:
        assessment = NeedsAssessment.objects.create(
            case=case,
            stage=stage,
            questionnaire=current_questionnaire(QuestionnaireKind.NEEDS),
            taken_by=actor,
        )
    NeedsAnswer.objects.bulk_create(
        NeedsAnswer(assessment=assessment, category=code, level=level, notes=notes)
        for code, (level, notes) in answers.items()
    )
    audit_event_record(
        action=AuditAction.NEEDS_ASSESSMENT_CORRECTED
        if existing
        else AuditAction.NEEDS_ASSESSMENT_RECORDED,
        obj=case,
        actor=actor,
        data={"stage": stage, "assessment_id": assessment.pk},
    )
    if stage == NeedsStage.FIRST and case.status in (CaseStatus.CONTACTING, CaseStatus.REOPENED):
        case_transition(
            case=case, target=CaseStatus.ASSESSED, reason="Needs assessment recorded", actor=actor
        )
    return assessment


def _person_incidents_12_months(case: Case, now: datetime.datetime) -> int:
    since = now - datetime.timedelta(days=365)
    return Referral.objects.filter(person_id=case.person_id, reported_at__gte=since).count()


def _previous_marac_12_months(case: Case, now: datetime.datetime) -> bool:
    since = now - datetime.timedelta(days=365)
    return CaseTask.objects.filter(
        case__person_id=case.person_id, kind=TaskKind.MARAC_REFERRAL, created_at__gte=since
    ).exists()


@transaction.atomic
def risk_assessment_record(
    *,
    case: Case,
    answers: Mapping[str, str],
    judgement_level: str,
    judgement_reason: str,
    actor: User,
) -> RiskAssessment:
    """Score the domestic abuse risk checklist; judgement may raise the level, never lower
    it. High risk, escalation or a repeat after a MARAC referral creates a MARAC task."""
    refuse_once_ended(case, "taking the domestic abuse risk checklist")
    questionnaire = current_questionnaire(QuestionnaireKind.RISK)
    codes = [q.code for q in questionnaire.questions.all()]
    unanswered = [c for c in codes if answers.get(c) not in {"yes", "no", "not_known"}]
    if unanswered:
        raise CaseChangeRefused(f"Answer every question ({len(unanswered)} not answered)")
    yes = sum(1 for c in codes if answers[c] == "yes")
    scored = rules.risk_level_from_score(yes)
    if judgement_level and rules.RISK_RANK[judgement_level] < rules.RISK_RANK[scored]:
        raise CaseChangeRefused(
            f"Professional judgement can raise the risk level, never lower it: the checklist "
            f"scores {scored} risk"
        )
    if judgement_level and judgement_level != scored and not judgement_reason.strip():
        raise CaseChangeRefused("Say why your judgement raises the risk level")
    now = timezone.now()
    incidents = _person_incidents_12_months(case, now)
    previous_marac = _previous_marac_12_months(case, now)
    level = rules.risk_level(yes, judgement_level)
    reasons = rules.marac_reasons(level, incidents, previous_marac)
    assessment = RiskAssessment.objects.create(
        case=case,
        questionnaire=questionnaire,
        answers={c: answers[c] for c in codes},
        yes_count=yes,
        scored_level=scored,
        judgement_level=judgement_level,
        judgement_reason=judgement_reason,
        level=level,
        incidents_12_months=incidents,
        marac_reasons=reasons,
        taken_by=actor,
    )
    audit_event_record(
        action=AuditAction.RISK_ASSESSMENT_RECORDED,
        obj=case,
        actor=actor,
        data={"level": level, "yes": yes, "marac": bool(reasons)},
    )
    if reasons:
        task_open(
            case=case,
            kind=TaskKind.MARAC_REFERRAL,
            title="Refer to the MARAC: " + "; ".join(reasons),
            due_on=add_working_days(timezone.localdate(), 1),
        )
    return assessment


@transaction.atomic
def protection_assessment_record(
    *, case: Case, yes_to: Iterable[str], notes: str, actor: User
) -> ProtectionAssessment:
    refuse_once_ended(case, "assessing protection needs")
    known = {code for code, _ in rules.PROTECTION_QUESTIONS}
    answered = [code for code in yes_to if code in known]
    assessment = ProtectionAssessment.objects.create(
        case=case,
        yes_to=answered,
        at_risk=rules.at_risk(answered),
        special_measures=rules.recommended_special_measures(answered),
        notes=notes,
        taken_by=actor,
    )
    audit_event_record(
        action=AuditAction.PROTECTION_ASSESSMENT_RECORDED,
        obj=case,
        actor=actor,
        data={"at_risk": assessment.at_risk, "special_measures": assessment.special_measures},
    )
    return assessment
