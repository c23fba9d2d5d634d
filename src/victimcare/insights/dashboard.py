"""The needs analysis: who is referred and supported, where, against the population and
against the services there are; trends by month with a simple forecast. Aggregates only."""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from victimcare.accounts.models import Team
from victimcare.directory.models import Service
from victimcare.insights.models import CaseFact, DistrictArea, PopulationShare
from victimcare.insights.rules import linear_forecast
from victimcare.insights.selectors import DIMENSIONS, Table, percent

UNDER_REACHED = Decimal("0.8")  # referrals' share under 80% of the population's share
# The directory's specialism for each crime group of the facts.
SPECIALISM = {"domestic_abuse": "domestic_abuse", "sexual_violence": "sexual_offence"}
TAKE_UP = "Take-up (%)"
PER_1000 = "Referred per 1,000 people"
PROVISION_DEMAND = 5  # referrals in a district that call for a local specialist service


@dataclass
class Section:
    table: Table
    chart_column: int  # which column the bar chart draws
    note: str = ""
    forecast_column: int | None = None  # drawn, marked as a forecast, where chart_column is empty


def _grouped(facts: Any, field: str) -> dict[Any, dict[str, int]]:
    rows = facts.values(field).annotate(
        referred=Count("pk"), supported=Count("pk", filter=Q(supported_on__isnull=False))
    )
    return {row[field]: row for row in rows}


def needs_analysis(hubs: Sequence[Team], start: datetime.date, end: datetime.date) -> list[Section]:
    facts = CaseFact.objects.filter(
        hub__in=list(hubs), referred_on__gte=start, referred_on__lte=end
    )
    sections = []

    by_crime = _grouped(facts, "crime_category")
    table = Table(
        "crime_type",
        "Referrals and take-up by crime type",
        ["Crime type", "Referred", "Supported", "Take-up (%)"],
        derived={TAKE_UP: ("Referred", "Supported")},
    )
    for category, row in sorted(by_crime.items(), key=lambda item: -item[1]["referred"]):
        table.rows.append(
            [
                category,
                row["referred"],
                row["supported"],
                percent(row["supported"], row["referred"]),
            ]
        )
    sections.append(Section(table, 1))

    areas = {a.district: a for a in DistrictArea.objects.all()}
    by_district = _grouped(facts, "district")
    table = Table(
        "district",
        "Referrals by postcode district",
        [
            "District",
            "Local authority",
            "Referred",
            "Supported",
            "Take-up (%)",
            "Referred per 1,000 people",
        ],
        derived={TAKE_UP: ("Referred", "Supported"), PER_1000: ("Referred",)},
        as_is=frozenset({"Local authority"}),
    )
    for district, row in sorted(by_district.items(), key=lambda item: item[0] or ""):
        area = areas.get(district)
        rate = (
            round(1000 * row["referred"] / area.population, 1) if area and area.population else ""
        )
        table.rows.append(
            [
                district or "Not known",
                area.local_authority if area else "",
                row["referred"],
                row["supported"],
                percent(row["supported"], row["referred"]),
                rate,
            ]
        )
    sections.append(Section(table, 2))

    population: dict[str, int] = defaultdict(int)
    for area in areas.values():
        population[area.local_authority] += area.population
    by_authority = _grouped(facts, "local_authority")
    table = Table(
        "local_authority",
        "Referrals by local authority",
        ["Local authority", "Referred", "Supported", "Take-up (%)", "Referred per 1,000 people"],
        derived={TAKE_UP: ("Referred", "Supported"), PER_1000: ("Referred",)},
    )
    for authority, row in sorted(by_authority.items(), key=lambda item: item[0] or ""):
        people = population.get(authority, 0)
        rate = round(1000 * row["referred"] / people, 1) if people else ""
        table.rows.append(
            [
                authority or "Not known",
                row["referred"],
                row["supported"],
                percent(row["supported"], row["referred"]),
                rate,
            ]
        )
    sections.append(Section(table, 1))

    shares = {(s.dimension, s.group): s.share for s in PopulationShare.objects.all()}
    total = facts.count()
    for name, title, groups in DIMENSIONS[1:]:
        counts = _grouped(facts, name)
        table = Table(
            f"reach_{name}",
            f"Reach by {title.lower()}",
            [
                title,
                "Referred",
                "Supported",
                "Take-up (%)",
                "Share of referrals (%)",
                "Share of population (%)",
                "Reach",
            ],
            derived={TAKE_UP: ("Referred", "Supported"), "Share of referrals (%)": ("Referred",)},
            as_is=frozenset({"Share of population (%)", "Reach"}),
        )
        for code, label in groups:
            row = counts.get(code, {"referred": 0, "supported": 0})
            share = shares.get((name, str(code).lower()))
            referred_share = Decimal(row["referred"]) / total if total else Decimal(0)
            reach = ""
            if share:
                reach = "Under-reached" if referred_share < share * UNDER_REACHED else "Reached"
            table.rows.append(
                [
                    label,
                    row["referred"],
                    row["supported"],
                    percent(row["supported"], row["referred"]),
                    round(100 * referred_share) if total else "",
                    round(100 * share) if share is not None else "",
                    reach,
                ]
            )
        sections.append(
            Section(
                table,
                1,
                "Under-reached: the group's share of referrals is "
                "under 80% of its share of the population.",
            )
        )

    services = list(Service.objects.values("crime_types", "postcode_districts", "is_national"))
    demand = facts.filter(crime_group__in=list(SPECIALISM)).values("district", "crime_group")
    table = Table(
        "provision",
        "Specialist provision against demand",
        ["District and crime group", "Referred", "Local specialist services", "Gap"],
        as_is=frozenset({"Local specialist services", "Gap"}),
    )
    for row in demand.annotate(referred=Count("pk")).order_by("district", "crime_group"):
        specialism = SPECIALISM[str(row["crime_group"])]
        local = sum(
            1
            for s in services
            if specialism in (s["crime_types"] or [])
            and (s["is_national"] or row["district"] in (s["postcode_districts"] or []))
        )
        gap = (
            "No local specialist service"
            if row["referred"] >= PROVISION_DEMAND and not local
            else ""
        )
        group = str(row["crime_group"]).replace("_", " ")
        label = f"{row['district'] or 'Not known'}: {group}"
        table.rows.append([label, row["referred"], local, gap])
    gap_note = (
        f"A gap: {PROVISION_DEMAND} or more referrals in the period and no "
        "specialist service for that crime there."
    )
    sections.append(Section(table, 1, gap_note))

    by_month = facts.annotate(month=TruncMonth("referred_on")).values("month")
    monthly: dict[datetime.date, int] = {}
    for row in by_month.annotate(n=Count("pk")):
        first: Any = row["month"]
        monthly[first.date() if isinstance(first, datetime.datetime) else first] = int(row["n"])
    months: list[datetime.date] = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month += relativedelta(months=1)
    per_month = [monthly.get(m, 0) for m in months]
    table = Table(
        "trend",
        "Referrals by month, with a forecast of the next three",
        ["Month", "Referred", "Forecast"],
        as_is=frozenset({"Forecast"}),
    )
    for m, n in zip(months, per_month, strict=True):
        table.rows.append([f"{m:%B %Y}", n, ""])
    for step, forecast in enumerate(linear_forecast(per_month, 3), start=1):
        table.rows.append([f"{months[-1] + relativedelta(months=step):%B %Y}", "", forecast])
    sections.append(
        Section(
            table,
            1,
            "The forecast is a straight line through the months shown (least squares).",
            forecast_column=2,
        )
    )
    return sections
