"""Reads of a case's assessments for its page."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


def case_assessments(
    case: Case,
    *,
    needs: Sequence[NeedsAssessment] | None = None,
    risks: Sequence[RiskAssessment] | None = None,
    protections: Sequence[ProtectionAssessment] | None = None,
) -> CaseAssessments:
    """The case's assessments for its page; from lists the caller already read (needs with
    their answers), or read here."""
    if needs is None:
        needs = list(case.needs_assessments.prefetch_related("answers"))
    if risks is None:
        risks = list(case.risk_assessments.all())
    if protections is None:
        protections = list(case.protection_assessments.all())
    by_stage = {a.stage: a for a in needs}
    first, last = by_stage.get(NeedsStage.FIRST), by_stage.get(NeedsStage.EXIT)
    travelled = rules.distance_travelled(first.levels, last.levels) if first and last else []

    def latest(items: Sequence[Any]) -> Any:
        return max(items, key=lambda item: (item.taken_at, item.pk), default=None)

    return CaseAssessments(
        first=first,
        exit=last,
        travelled=travelled,
        risk=latest(risks),
        protection=latest(protections),
    )
