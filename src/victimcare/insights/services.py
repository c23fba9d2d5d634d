"""Keeping the reporting facts in step with case work (one row a case, no identity)."""

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from victimcare.assessments.models import NeedsAssessment
from victimcare.assessments.rules import LEVEL_RANK
from victimcare.cases.models import Case, CaseOutcome, CaseStatus, ContactAttempt
from victimcare.feedback.models import SurveyResponse
from victimcare.insights import rules
from victimcare.insights.models import (
    NEED_CODES,
    OUTCOME_CODES,
    CaseFact,
    DistrictArea,
    FactsRefresh,
)

CHUNK = 1000


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _facts_for(case_ids: list[int], areas: dict[str, str]) -> list[CaseFact]:
    cases = Case.objects.filter(pk__in=case_ids).select_related("referral", "person")
    first_contact = dict(
        ContactAttempt.objects.filter(case_id__in=case_ids)
        .values("case_id")
        .annotate(first=Min("made_at"))
        .values_list("case_id", "first")
    )
    levels: dict[tuple[int, str], dict[str, str]] = {}
    assessed_on: dict[int, datetime.datetime] = {}
    for assessment in (
        NeedsAssessment.objects.filter(case_id__in=case_ids)
        .prefetch_related("answers")
        .order_by("taken_at")
    ):
        key = (assessment.case_id, assessment.stage)
        levels[key] = {a.category: a.level for a in assessment.answers.all()}
        if assessment.stage == "first":
            assessed_on.setdefault(assessment.case_id, assessment.taken_at)
    outcomes: dict[int, dict[str, str]] = {}
    for outcome in CaseOutcome.objects.filter(case_id__in=case_ids):
        outcomes.setdefault(outcome.case_id, {})[outcome.area] = outcome.result
    surveys = {
        r.invitation.case_id: r
        for r in SurveyResponse.objects.filter(invitation__case_id__in=case_ids).select_related(
            "invitation"
        )
    }
    facts = []
    for case in cases:
        referral, person = case.referral, case.person
        reported = timezone.localdate(referral.reported_at)
        opened = timezone.localdate(case.opened_at)
        contacted = first_contact.get(case.pk)
        first, last = levels.get((case.pk, "first")), levels.get((case.pk, "exit"))
        fact = CaseFact(
            case=case,
            hub_id=case.team_id,
            referred_on=opened,
            crime_group=rules.crime_group(
                domestic_abuse=referral.domestic_abuse, sexual_offence=referral.sexual_offence
            ),
            crime_category=referral.crime_category,
            age_band=rules.age_band(person.date_of_birth, reported),
            sex=person.sex or "unknown",
            ethnic_group=rules.ethnic_group(person.ethnicity),
            disabled=bool(
                referral.mental_disorder
                or referral.learning_disability
                or referral.physical_disability
            ),
            declined=case.status == CaseStatus.DECLINED_SUPPORT
            or referral.auto_referral == "declined",
            district=referral.postcode_district,
            local_authority=areas.get(referral.postcode_district, ""),
            first_contact_days=(timezone.localdate(contacted) - opened).days if contacted else None,
            supported_on=_day(assessed_on.get(case.pk)),
            closed_on=_day(case.closed_at),
            needs_measured=bool(first and last),
        )
        for code in NEED_CODES:
            improved = bool(
                first
                and last
                and code in first
                and code in last
                and LEVEL_RANK[last[code]] < LEVEL_RANK[first[code]]
            )
            setattr(fact, f"improved_{code}", improved)
        for code in OUTCOME_CODES:
            setattr(fact, f"outcome_{code}", outcomes.get(case.pk, {}).get(code, ""))
        survey = surveys.get(case.pk)
        if survey is not None:
            fact.responded_on = timezone.localdate(survey.submitted_at)
            for measure in (
                "treated_with_respect",
                "support_as_agreed",
                "coordinated_and_effective",
                "overall",
            ):
                setattr(fact, measure, getattr(survey, measure))
        facts.append(fact)
    return facts


def case_facts_refresh(case_ids: Iterable[int] | None = None) -> int:
    """Rebuild the facts of these cases (all cases if None), a chunk at a time."""
    started = timezone.now()
    ids = sorted(Case.objects.values_list("pk", flat=True) if case_ids is None else set(case_ids))
    areas = dict(DistrictArea.objects.values_list("district", "local_authority"))
    for chunk in _chunks(ids):
        facts = _facts_for(chunk, areas)
        with transaction.atomic():
            CaseFact.objects.filter(case_id__in=chunk).delete()
            CaseFact.objects.bulk_create(facts)
    FactsRefresh.objects.create(started_at=started, cases=len(ids))
    return len(ids)


def changed_case_ids(since: datetime.datetime) -> set[int]:
    """Cases whose facts may have changed since then: the case, its first contact, its
    assessments, outcomes or survey."""
    changed: set[int] = set(Case.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    sources: list[Any] = [
        ContactAttempt.objects.filter(made_at__gte=since).values_list("case_id", flat=True),
        NeedsAssessment.objects.filter(taken_at__gte=since).values_list("case_id", flat=True),
        CaseOutcome.objects.filter(recorded_at__gte=since).values_list("case_id", flat=True),
        SurveyResponse.objects.filter(submitted_at__gte=since).values_list(
            "invitation__case_id", flat=True
        ),
    ]
    for source in sources:
        changed.update(source)
    return changed


def case_facts_refresh_changed() -> int:
    """Bring the facts up to date: everything the first time, then what changed since the
    last refresh began (cases without facts included)."""
    last = FactsRefresh.objects.aggregate(at=Max("started_at"))["at"]
    if last is None:
        return case_facts_refresh()
    missing = set(Case.objects.filter(insights_fact__isnull=True).values_list("pk", flat=True))
    return case_facts_refresh(changed_case_ids(last) | missing)
