"""Aggregate reports from the case facts: the MoJ quarterly victim services return,
contract performance and the needs analysis. Counts only; never a victim's identity."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from victimcare.accounts.models import Team
from victimcare.assessments.rules import NEED_CATEGORIES
from victimcare.cases.models import OutcomeArea
from victimcare.insights.models import (
    AGE_BANDS,
    CRIME_GROUPS,
    ETHNIC_GROUPS,
    SATISFACTION_MEASURES,
    SEXES,
    CaseFact,
    FactsRefresh,
)

SUPPRESSED = "fewer than 5"
DIMENSIONS: tuple[tuple[str, str, tuple[tuple[Any, str], ...]], ...] = (
    ("crime_group", "Crime group", CRIME_GROUPS),
    ("age_band", "Age", AGE_BANDS),
    ("sex", "Sex", SEXES),
    ("ethnic_group", "Ethnic group", ETHNIC_GROUPS),
    ("disabled", "Disability", ((True, "Disabled"), (False, "Not disabled or not known"))),
)


@dataclass
class Table:
    """One table of a report: a title, column headings, rows of a label and numbers."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def suppressed(self) -> "Table":
        """Counts from 1 to 4 as "fewer than 5"; a percentage built on one, blank."""
        rows = []
        for row in self.rows:
            shown: list[Any] = [row[0]]
            for heading, value in zip(self.columns[1:], row[1:], strict=True):
                small = isinstance(value, int) and 0 < value < 5
                if small:
                    shown.append(SUPPRESSED)
                elif "%" in heading and any(v == SUPPRESSED for v in shown[1:]):
                    shown.append("")
                else:
                    shown.append(value)
            rows.append(shown)
        return Table(self.key, self.title, self.columns, rows)


def _facts(hubs: Sequence[Team]) -> QuerySet[CaseFact]:
    return CaseFact.objects.filter(hub__in=list(hubs))


def _between(name: str, start: datetime.date, end: datetime.date) -> Q:
    return Q(**{f"{name}__gte": start, f"{name}__lte": end})


def _percent(part: int, whole: int) -> int | str:
    return round(100 * part / whole) if whole else ""


def victim_services_return(
    hubs: Sequence[Team], start: datetime.date, end: datetime.date
) -> list[Table]:
    """The MoJ quarterly victim services return for these hubs and dates."""
    facts = _facts(hubs)
    referred = Q(referred_on__gte=start, referred_on__lte=end)
    supported = Q(supported_on__gte=start, supported_on__lte=end)
    tables = []
    for name, title, groups in DIMENSIONS:
        counts = {
            row[name]: row
            for row in facts.filter(referred | supported).values(name).annotate(
                referred=Count("pk", filter=referred), supported=Count("pk", filter=supported)
            )
        }  # fmt: skip
        table = Table(f"by_{name}", f"Victims referred and supported, by {title.lower()}",
                      [title, "Referred", "Supported"])  # fmt: skip
        for code, label in groups:
            row = counts.get(code, {})
            table.rows.append([label, row.get("referred", 0), row.get("supported", 0)])
        table.rows.append(["Total", sum(r[1] for r in table.rows), sum(r[2] for r in table.rows)])
        tables.append(table)

    closed = facts.filter(_between("closed_on", start, end))
    needs = closed.aggregate(
        measured=Count("pk", filter=Q(needs_measured=True)),
        **{code: Count("pk", filter=Q(**{f"improved_{code}": True}))
           for code, _ in NEED_CATEGORIES},
    )  # fmt: skip
    table = Table("needs_improved", "Needs improved, victims whose support closed",
                  ["Need", "Measured at start and exit", "Improved", "Improved (%)"])  # fmt: skip
    for code, label in NEED_CATEGORIES:
        table.rows.append([label, needs["measured"], needs[code],
                           _percent(needs[code], needs["measured"])])  # fmt: skip
    tables.append(table)

    outcome_counts = closed.aggregate(**{
        f"{area.value}_{what}": Count("pk", filter=Q(**{f"outcome_{area.value}": result}))
        for area in OutcomeArea
        for what, result in (("recorded", "improved"), ("not", "not_improved"))
    })  # fmt: skip
    table = Table("outcomes_improved", "Outcome areas, victims whose support closed",
                  ["Outcome area", "Recorded", "Improved", "Improved (%)"])  # fmt: skip
    for area in OutcomeArea:
        improved = outcome_counts[f"{area.value}_recorded"]
        recorded = improved + outcome_counts[f"{area.value}_not"]
        table.rows.append([area.label, recorded, improved, _percent(improved, recorded)])
    tables.append(table)

    answered = facts.filter(_between("responded_on", start, end))
    satisfaction = answered.aggregate(
        responses=Count("pk"),
        **{measure: Count("pk", filter=Q(**{f"{measure}__gte": 4}))
           for measure, _ in SATISFACTION_MEASURES},
    )  # fmt: skip
    table = Table("satisfaction", "Satisfaction (survey answers received)",
                  ["Measure", "Answers", "Satisfied or very satisfied",
                   "Satisfied (%)"])  # fmt: skip
    for measure, label in SATISFACTION_MEASURES:
        table.rows.append([label, satisfaction["responses"], satisfaction[measure],
                           _percent(satisfaction[measure], satisfaction["responses"])])  # fmt: skip
    tables.append(table)
    return tables


def average_wait(hubs: Sequence[Team], start: datetime.date, end: datetime.date) -> float | None:
    value = (
        _facts(hubs)
        .filter(_between("referred_on", start, end))
        .aggregate(wait=Avg("first_contact_days"))["wait"]
    )
    return round(float(value), 1) if value is not None else None


def last_refresh() -> FactsRefresh | None:
    return FactsRefresh.objects.order_by("-finished_at").first()
