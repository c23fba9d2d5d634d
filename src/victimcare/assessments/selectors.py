"""Reads of a case's assessments for its page, and the directory services they suggest."""

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
from victimcare.directory.rules import Seeker
from victimcare.directory.selectors import matched_services
from victimcare.entitlements.rules import age_on, reported_day

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


# Referral flags in the words of the directory's "what happened" choices.
_FLAG_TO_WHAT_HAPPENED = {
    "domestic_abuse": "domestic_abuse",
    "sexual_offence": "sexual_offence",
    "hate_crime": "hate_crime",
    "modern_slavery": "modern_slavery",
    "attempted_murder": "violence",
    "gbh_with_intent": "violence",
    "gun_or_knife": "violence",
}


def suggested_services(case: Case) -> list[tuple[Any, Any]]:
    """Directory services for this victim, best fit first, with the reasons (for officers)."""
    referral, person = case.referral, case.person
    what = {v for flag, v in _FLAG_TO_WHAT_HAPPENED.items() if getattr(referral, flag)}
    if person.kind == "bereaved_relative":
        what.add("bereaved")
    first = case.needs_assessments.filter(stage=NeedsStage.FIRST).first()
    needs = {
        c for c, level in (first.levels.items() if first else []) if level in ("medium", "high")
    }
    age = (
        age_on(person.date_of_birth, reported_day(referral.reported_at))
        if person.date_of_birth
        else None
    )
    seeker = Seeker(
        postcode_district=referral.postcode_district,
        what_happened=frozenset(what or {"other"}),
        needs=frozenset(needs),
        age=age,
        sex=person.sex if person.sex in ("female", "male") else "",
        reported=referral.channel in ("police_feed", "transfer") or None,
        for_staff=True,
    )
    return [(s, m) for s, m in matched_services(seeker) if s.provider_id is not None]
