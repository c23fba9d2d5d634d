"""Reads of a case's assessments for its page."""

from dataclasses import dataclass

from victimcare.assessments import rules
from victimcare.assessments.models import (
    NeedsAssessment,
    NeedsStage,
    ProtectionAssessment,
    RiskAssessment,
)
from victimcare.cases.models import Case

MEASURE_LABELS = dict(rules.SPECIAL_MEASURES)


@dataclass(frozen=True)
class CaseAssessments:
    first: NeedsAssessment | None
    exit: NeedsAssessment | None
    travelled: list[rules.Travelled]
    risk: RiskAssessment | None
    protection: ProtectionAssessment | None

    @property
    def special_measures(self) -> list[str]:
        if self.protection is None:
            return []
        return [MEASURE_LABELS[m] for m in self.protection.special_measures]


def case_assessments(case: Case) -> CaseAssessments:
    needs = {a.stage: a for a in case.needs_assessments.prefetch_related("answers")}
    first, last = needs.get(NeedsStage.FIRST), needs.get(NeedsStage.EXIT)
    travelled = rules.distance_travelled(first.levels, last.levels) if first and last else []
    return CaseAssessments(
        first=first,
        exit=last,
        travelled=travelled,
        risk=case.risk_assessments.order_by("-taken_at", "-id").first(),
        protection=case.protection_assessments.order_by("-taken_at", "-id").first(),
    )
