"""Aggregate reports from the case facts: the MoJ quarterly victim services return,
contract performance and the needs analysis. Counts only; never a victim's identity."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from victimcare.accounts.models import Team
from victimcare.cases.models import OnwardReferral, OnwardReferralStatus, OutcomeArea
from victimcare.core.suppression import SUPPRESSED, suppress
from victimcare.directory.needs import NEED_CATEGORIES
from victimcare.insights.models import (
    AGE_BANDS,
    CRIME_GROUPS,
    ETHNIC_GROUPS,
    SATISFACTION_MEASURES,
    SEXES,
    CaseFact,
    FactsRefresh,
)

DIMENSIONS: tuple[tuple[str, str, tuple[tuple[Any, str], ...]], ...] = (
    ("crime_group", "Crime group", CRIME_GROUPS),
    ("age_band", "Age", AGE_BANDS),
    ("sex", "Sex", SEXES),
    ("ethnic_group", "Ethnic group", ETHNIC_GROUPS),
    ("disabled", "Disability", ((True, "Disabled"), (False, "Not disabled or not known"))),
)


WITHHELD = "not shown"  # a rate or share worked out from a count that is suppressed


@dataclass
class Table:
    """One table of a report: a title, column headings, rows of a label and numbers.

    Every column after the label is a count of victims unless the table says otherwise:
    `derived` names the columns worked out from counts (a percentage, a rate) and the
    count columns each is worked out from; `as_is` names figures that are not counts of
    victims (a population share, a number of services, a forecast, a word like "Reached").
    A percentage heading not declared either way counts as worked out from every count in
    its row, so that forgetting to declare one hides too much rather than too little.
    """

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)
    as_is: frozenset[str] = frozenset()
    total: str = ""  # the label of a last row that adds up the rows above it, if any

    def _sources(self, heading: str) -> tuple[str, ...] | None:
        """The count columns a derived column is worked out from; None for a count."""
        if heading in self.derived:
            return self.derived[heading]
        if "%" in heading or " per " in heading:
            return tuple(
                c
                for c in self.columns[1:]
                if c not in self.as_is
                and c not in self.derived
                and "%" not in c
                and " per " not in c
            )
        return None

    @staticmethod
    def _protect_from_total(rows: list[list[Any]], count_columns: list[int]) -> None:
        """With a total shown, one hidden count in a column is the total minus the counts
        shown; so hide the smallest other count in that column too (complementary
        suppression)."""
        for index in count_columns:
            hidden = [r for r in rows if r[index] == SUPPRESSED]
            shown = [r for r in rows if isinstance(r[index], int) and r[index] > 0]
            if len(hidden) == 1 and shown:
                min(shown, key=lambda r: r[index])[index] = WITHHELD

    def suppressed(self) -> "Table":
        """Counts from 1 to 4 as "fewer than 5"; a percentage or rate worked out from one
        as "not shown"; population shares and other figures that are not counts as they are."""
        counts = [h for h in self.columns[1:] if h not in self.as_is and self._sources(h) is None]
        rows = []
        for row in self.rows:
            values = dict(zip(self.columns, row, strict=True))
            hidden = {h for h in counts if suppress(values[h]) == SUPPRESSED}
            shown: list[Any] = [row[0]]
            for heading in self.columns[1:]:
                value = values[heading]
                sources = self._sources(heading)
                if heading in self.as_is:
                    shown.append(value)
                elif sources is None:
                    shown.append(SUPPRESSED if heading in hidden else value)
                elif hidden.intersection(sources) and value != "":
                    shown.append(WITHHELD)
                else:
                    shown.append(value)
            rows.append(shown)
        if self.total and rows and rows[-1][0] == self.total:
            self._protect_from_total(rows[:-1], [self.columns.index(h) for h in counts])
        return replace(self, rows=rows)


def _facts(hubs: Sequence[Team]) -> QuerySet[CaseFact]:
    return CaseFact.objects.filter(hub__in=list(hubs))


def _between(name: str, start: datetime.date, end: datetime.date) -> Q:
    return Q(**{f"{name}__gte": start, f"{name}__lte": end})


def percent(part: int, whole: int) -> int | str:
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
            for row in facts.filter(referred | supported)
            .values(name)
            .annotate(
                referred=Count("pk", filter=referred), supported=Count("pk", filter=supported)
            )
        }
        table = Table(
            f"by_{name}",
            f"Victims referred and supported, by {title.lower()}",
            [title, "Referred", "Supported"],
            total="Total",
        )
        for code, label in groups:
            row = counts.get(code, {})
            table.rows.append([label, row.get("referred", 0), row.get("supported", 0)])
        table.rows.append(["Total", sum(r[1] for r in table.rows), sum(r[2] for r in table.rows)])
        tables.append(table)

    closed = facts.filter(_between("closed_on", start, end))
    needs = closed.aggregate(
        measured=Count("pk", filter=Q(needs_measured=True)),
        **{
            code: Count("pk", filter=Q(**{f"improved_{code}": True})) for code, _ in NEED_CATEGORIES
        },
    )
    table = Table(
        "needs_improved",
        "Needs improved, victims whose support closed",
        ["Need", "Measured at start and exit", "Improved", "Improved (%)"],
        derived={"Improved (%)": ("Measured at start and exit", "Improved")},
    )
    for code, label in NEED_CATEGORIES:
        table.rows.append(
            [label, needs["measured"], needs[code], percent(needs[code], needs["measured"])]
        )
    tables.append(table)

    outcome_counts = closed.aggregate(
        **{
            f"{area.value}_{what}": Count("pk", filter=Q(**{f"outcome_{area.value}": result}))
            for area in OutcomeArea
            for what, result in (("recorded", "improved"), ("not", "not_improved"))
        }
    )
    table = Table(
        "outcomes_improved",
        "Outcome areas, victims whose support closed",
        ["Outcome area", "Recorded", "Improved", "Improved (%)"],
        derived={"Improved (%)": ("Recorded", "Improved")},
    )
    for area in OutcomeArea:
        improved = outcome_counts[f"{area.value}_recorded"]
        recorded = improved + outcome_counts[f"{area.value}_not"]
        table.rows.append([area.label, recorded, improved, percent(improved, recorded)])
    tables.append(table)

    answered = facts.filter(_between("responded_on", start, end))
    satisfaction = answered.aggregate(
        responses=Count("pk"),
        **{
            measure: Count("pk", filter=Q(**{f"{measure}__gte": 4}))
            for measure, _ in SATISFACTION_MEASURES
        },
    )
    table = Table(
        "satisfaction",
        "Satisfaction (survey answers received)",
        ["Measure", "Answers", "Satisfied or very satisfied", "Satisfied (%)"],
        derived={"Satisfied (%)": ("Answers", "Satisfied or very satisfied")},
    )
    for measure, label in SATISFACTION_MEASURES:
        table.rows.append(
            [
                label,
                satisfaction["responses"],
                satisfaction[measure],
                percent(satisfaction[measure], satisfaction["responses"]),
            ]
        )
    tables.append(table)
    return tables


def last_refresh() -> FactsRefresh | None:
    return FactsRefresh.objects.order_by("-finished_at").first()


# --- Contract performance -------------------------------------------------------------------

PERFORMANCE_ROWS = (
    ("referrals_received", "Referrals received"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
    ("supported", "Supported"),
    ("closed", "Closed"),
    ("wait_days", "Average days to first contact"),
    ("needs_measured", "Closed with needs measured at start and exit"),
    ("needs_improved", "Closed with at least one need improved"),
    ("outcomes_improved", "Closed with at least one outcome area improved"),
    ("answers", "Satisfaction answers"),
    ("satisfied", "Satisfied overall"),
)


@dataclass
class LotPerformance:
    """One contract's figures for a quarter, where they come from, and its KPIs."""

    source: str  # "hub", "referrals" (onward referrals to its service), "return" or "none"
    values: dict[str, Any]
    needs: list[tuple[str, int]]  # (need label, closed cases with it improved)
    satisfaction: list[tuple[str, int]]  # (measure label, satisfied or very satisfied)
    outcomes: list[tuple[str, int]] = field(default_factory=list)  # (area, improved)


def _outcomes_and_satisfaction(
    facts: QuerySet[CaseFact], start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    closed = facts.filter(_between("closed_on", start, end))
    any_need = Q()
    for code, _ in NEED_CATEGORIES:
        any_need |= Q(**{f"improved_{code}": True})
    any_outcome = Q()
    for area in OutcomeArea:
        any_outcome |= Q(**{f"outcome_{area.value}": "improved"})
    figures = closed.aggregate(
        **{
            f"area_{area.value}": Count("pk", filter=Q(**{f"outcome_{area.value}": "improved"}))
            for area in OutcomeArea
        },
        needs_measured=Count("pk", filter=Q(needs_measured=True)),
        needs_improved=Count("pk", filter=any_need),
        outcomes_improved=Count("pk", filter=any_outcome),
        **{
            f"need_{code}": Count("pk", filter=Q(**{f"improved_{code}": True}))
            for code, _ in NEED_CATEGORIES
        },
    )
    answered = facts.filter(_between("responded_on", start, end))
    figures.update(
        answered.aggregate(
            answers=Count("pk"),
            **{
                f"sat_{m}": Count("pk", filter=Q(**{f"{m}__gte": 4}))
                for m, _ in SATISFACTION_MEASURES
            },
        )
    )
    figures["satisfied"] = figures["sat_overall"]
    return figures


def lot_performance(
    lot: Any, start: datetime.date, end: datetime.date, quarter: str
) -> LotPerformance:
    """Figures from the hub's own data where the hub delivers or refers to the service;
    otherwise the provider's uploaded return for the quarter."""
    values: dict[str, Any] = {}
    if lot.hub_id:
        source = "hub"
        facts = CaseFact.objects.filter(hub_id=lot.hub_id)
        referred = facts.filter(_between("referred_on", start, end))
        values = referred.aggregate(
            referrals_received=Count("pk"),
            declined=Count("pk", filter=Q(declined=True)),
            wait=Avg("first_contact_days"),
        )
        values["accepted"] = values["referrals_received"] - values["declined"]
        values["supported"] = facts.filter(_between("supported_on", start, end)).count()
        values["closed"] = facts.filter(_between("closed_on", start, end)).count()
        wait = values.pop("wait")
        values["wait_days"] = round(float(wait), 1) if wait is not None else ""
        values.update(_outcomes_and_satisfaction(facts, start, end))
    elif lot.service_id:
        source = "referrals"
        onward = OnwardReferral.objects.filter(service_id=lot.service_id)
        sent = onward.filter(sent_at__date__gte=start, sent_at__date__lte=end)
        taken = [
            OnwardReferralStatus.ACCEPTED,
            OnwardReferralStatus.IN_PROGRESS,
            OnwardReferralStatus.COMPLETED,
        ]
        values = sent.aggregate(
            referrals_received=Count("pk"),
            accepted=Count("pk", filter=Q(status__in=taken)),
            declined=Count("pk", filter=Q(status=OnwardReferralStatus.DECLINED)),
            supported=Count("pk", filter=Q(status__in=taken[1:])),
            closed=Count("pk", filter=Q(status=OnwardReferralStatus.COMPLETED)),
        )
        values["wait_days"] = ""
        facts = CaseFact.objects.filter(
            case__onward_referrals__service_id=lot.service_id
        ).distinct()
        values.update(_outcomes_and_satisfaction(facts, start, end))
    else:
        returned = lot.returns.filter(quarter=quarter).first()
        if returned is None:
            return LotPerformance("none", {}, [], [])
        source = "return"
        counted = ("referrals_received", "accepted", "declined", "supported", "closed")
        values = {name: getattr(returned, name) for name in counted}
        wait = returned.average_wait_days
        values["wait_days"] = float(wait) if wait is not None else ""
        return LotPerformance(source, values, [], [])
    needs = [(label, values.get(f"need_{code}", 0)) for code, label in NEED_CATEGORIES]
    satisfaction = [(label, values.get(f"sat_{m}", 0)) for m, label in SATISFACTION_MEASURES]
    outcomes = [(area.label, values.get(f"area_{area.value}", 0)) for area in OutcomeArea]
    return LotPerformance(source, values, needs, satisfaction, outcomes)


def kpi_actual(measure: str, values: dict[str, Any]) -> float | int | str:
    """A KPI's value from a quarter's figures ("" when it cannot be worked out)."""
    received, answers = values.get("referrals_received") or 0, values.get("answers") or 0
    measured = values.get("needs_measured") or 0
    return {
        "referrals_received": values.get("referrals_received", ""),
        "accepted_percent": percent(values.get("accepted") or 0, received),
        "supported": values.get("supported", ""),
        "wait_days": values.get("wait_days", ""),
        "needs_improved_percent": percent(values.get("needs_improved") or 0, measured),
        "satisfied_percent": percent(values.get("satisfied") or 0, answers),
    }.get(measure, "")


def kpi_met(measure: str, actual: Any, target: Any) -> bool | None:
    if actual == "" or actual is None:
        return None
    return (
        float(actual) <= float(target) if measure == "wait_days" else float(actual) >= float(target)
    )
