"""Reads for commissioners: the funding envelope, the registry, consultations."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from victimcare.accounts.models import Organisation
from victimcare.commissioning.models import FundingSource, Lot


@dataclass
class Envelope:
    """One financial year's money: sources, less lots paid for separately, is the budget
    for recommissioning; the in-scope lots are what it buys."""

    year: int
    sources: list[FundingSource] = field(default_factory=list)
    out_of_scope: list[Lot] = field(default_factory=list)
    in_scope: list[Lot] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def total_sources(self) -> Decimal:
        return sum((s.amount for s in self.sources), Decimal(0))

    @property
    def total_out_of_scope(self) -> Decimal:
        return sum((lot.value_per_year for lot in self.out_of_scope), Decimal(0))

    @property
    def budget(self) -> Decimal:
        return self.total_sources - self.total_out_of_scope

    @property
    def total_in_scope(self) -> Decimal:
        return sum((lot.value_per_year for lot in self.in_scope), Decimal(0))

    @property
    def unallocated(self) -> Decimal:
        return self.budget - self.total_in_scope


def funding_envelope(owner: Organisation, year: int) -> Envelope:
    sources = FundingSource.objects.filter(owner=owner, year=year)
    envelope = Envelope(year=year, sources=list(sources))
    for lot in Lot.objects.filter(owner=owner).select_related("provider").order_by("name"):
        if lot.runs_in(year):
            (envelope.in_scope if lot.in_scope else envelope.out_of_scope).append(lot)
    return envelope


def funding_years(owner: Organisation) -> list[int]:
    years = set(FundingSource.objects.filter(owner=owner).values_list("year", flat=True))
    return sorted(years) or [financial_year(datetime.date.today())]


def financial_year(day: datetime.date) -> int:
    return day.year if day.month >= 4 else day.year - 1
