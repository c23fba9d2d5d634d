"""Commissioners' reports: the MoJ quarterly victim services return (on screen, CSV, XLSX,
PDF). Aggregates only; counts under 5 are shown as "fewer than 5" everywhere."""

from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from victimcare.accounts.models import Team
from victimcare.config.replica import reads_from_replica
from victimcare.core.access import requires_capability
from victimcare.insights import dashboard, exports, selectors, services
from victimcare.justice.forms import ComplianceForm
from victimcare.justice.selectors import Quarter
from victimcare.justice.views import return_choices

Quarterly = tuple[ComplianceForm, Quarter, list[Team], list[selectors.Table], str]


def _quarterly(request: HttpRequest) -> Quarterly:
    form, quarter, hubs = return_choices(request)
    found = selectors.victim_services_return(hubs, quarter.start, quarter.end)
    tables = [table.suppressed() for table in found]
    hub_names = ", ".join(h.name for h in hubs) or "no hub"
    return form, quarter, hubs, tables, f"Victim services return, {quarter.label}, {hub_names}"


@requires_capability("insights.view_aggregates")
@reads_from_replica
def quarterly_return(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.case_facts_refresh_changed()
        return redirect(f"{reverse('insights:return')}?{request.GET.urlencode()}")
    form, quarter, hubs, tables, title = _quarterly(request)
    return render(
        request,
        "insights/return.html",
        {
            "form": form,
            "quarter": quarter,
            "hubs": hubs,
            "tables": tables,
            "title": title,
            "refreshed": selectors.last_refresh(),
            "query": request.GET.urlencode(),
            "nav": "commissioning",
        },
    )


@requires_capability("insights.view_aggregates")
@reads_from_replica
def quarterly_return_export(request: HttpRequest, file_format: str) -> HttpResponse:
    _, quarter, _, tables, title = _quarterly(request)
    name = f"victim-services-return-{quarter.code}"
    if file_format == "csv":
        return exports.tables_csv(title, tables, name)
    if file_format == "xlsx":
        return exports.tables_xlsx(title, tables, name)
    if file_format == "pdf":
        refreshed = selectors.last_refresh()
        when = timezone.localtime(refreshed.finished_at) if refreshed else None
        note = (f"Figures as of {when:%-d %B %Y %H:%M}. " if when else "") + (
            'Counts from 1 to 4 are shown as "fewer than 5".'
        )
        source = getattr(request, "figures_source", None)
        if source is not None and source.behind and source.as_of:
            copied = timezone.localtime(source.as_of)
            note += f" Changes made after {copied:%-d %B %Y %H:%M:%S} are not in them yet."
        return exports.tables_pdf(title, tables, name, note)
    raise Http404("No such format")


# --- The needs analysis -----------------------------------------------------------------

PERIODS = {"3": 3, "6": 6, "12": 12, "24": 24}


def _analysis(request: HttpRequest) -> tuple[ComplianceForm, int, list[Team], list[Any]]:
    form, _, hubs = return_choices(request)
    months = PERIODS.get(request.GET.get("months", ""), 12)
    end = timezone.localdate()
    start = (end - relativedelta(months=months - 1)).replace(day=1)
    sections = dashboard.needs_analysis(hubs, start, end)
    for section in sections:
        section.table = section.table.suppressed()
    return form, months, hubs, sections


def _bars(section: dashboard.Section) -> list[tuple[str, Any, int, bool]]:
    """(label, value shown, bar length as a percentage of the longest, is a forecast) for
    the section's chart; a hidden count gets no bar."""
    shown = []
    for row in section.table.rows:
        value, forecast = row[section.chart_column], False
        if value == "" and section.forecast_column is not None:
            value, forecast = row[section.forecast_column], True
        shown.append((str(row[0]), value, forecast))
    numbers = [v for _, v, _ in shown if isinstance(v, int | float) and not isinstance(v, bool)]
    largest = max(numbers, default=0) or 1
    return [
        (label, value, round(100 * value / largest) if value in numbers and value else 0, forecast)
        for label, value, forecast in shown
    ]


def _numeric_columns(table: selectors.Table) -> list[bool]:
    """Which columns hold figures (right-aligned, as GOV.UK tables do) and which words."""
    return [
        index > 0 and any(isinstance(row[index], int | float) for row in table.rows)
        for index in range(len(table.columns))
    ]


@dataclass
class Chart:
    section: dashboard.Section
    measure: str  # the column the bars draw
    bars: list[tuple[str, Any, int, bool]]
    headings: list[tuple[str, bool]]  # (heading, numeric)
    rows: list[list[tuple[Any, bool]]]  # (value, numeric) for each cell


def _chart(section: dashboard.Section) -> Chart:
    numeric = _numeric_columns(section.table)
    return Chart(
        section=section,
        measure=section.table.columns[section.chart_column],
        bars=_bars(section),
        headings=list(zip(section.table.columns, numeric, strict=True)),
        rows=[list(zip(row, numeric, strict=True)) for row in section.table.rows],
    )


@requires_capability("insights.view_aggregates")
@reads_from_replica
def needs_analysis(request: HttpRequest) -> HttpResponse:
    form, months, hubs, sections = _analysis(request)
    return render(
        request,
        "insights/needs_analysis.html",
        {
            "form": form,
            "months": months,
            "periods": PERIODS,
            "hubs": hubs,
            "charts": [_chart(section) for section in sections],
            "query": request.GET.urlencode(),
            "refreshed": selectors.last_refresh(),
            "nav": "commissioning",
        },
    )


@requires_capability("insights.view_aggregates")
@reads_from_replica
def needs_analysis_csv(request: HttpRequest) -> HttpResponse:
    _, months, hubs, sections = _analysis(request)
    wanted = request.GET.get("section", "")
    chosen = [s.table for s in sections if not wanted or s.table.key == wanted]
    if not chosen:
        raise Http404("No such section")
    title = f"Needs analysis, last {months} months, {', '.join(h.name for h in hubs)}"
    return exports.tables_csv(title, chosen, f"needs-analysis-{wanted or 'all'}")
