"""Report downloads (CSV and XLSX) carry feed text, such as a police force's crime category,
as inert text; figures stay figures."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.core.test_spreadsheets import FORMULAS
from tests.factories import CaseFactory, OrganisationFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.insights import exports
from victimcare.insights.models import DistrictArea
from victimcare.insights.selectors import Table
from victimcare.insights.services import case_facts_refresh

pytestmark = pytest.mark.django_db


def test_the_needs_analysis_csv_quotes_a_crime_category_that_looks_like_a_formula(
    client, northgate
) -> None:
    hyperlink, plus = '=HYPERLINK("http://evil.example/")', FORMULAS[1]  # a category: 40 at most
    DistrictArea.objects.create(district="BS1", local_authority="@SUM(A1)", population=20000)
    for n in range(6):
        CaseFactory(
            team=northgate,
            referral__postcode_district="BS1",
            referral__crime_category=hyperlink if n < 3 else plus,
        )
    case_facts_refresh()
    client.force_login(
        UserFactory(
            role=Role.COMMISSIONER, organisation=OrganisationFactory(kind="commissioner_office")
        )
    )
    response = client.get(reverse("insights:needs-analysis-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    labels = [r[0] for r in rows if r]
    assert f"'{hyperlink}" in labels and f"'{plus}" in labels
    district = next(r for r in rows if r and r[0] == "BS1")
    assert district[1] == "'@SUM(A1)"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell


def report_table() -> Table:
    return Table(
        "by_area",
        FORMULAS[0],
        ["Area", "Referred", "Change"],
        [[label, 12, -3] for label in FORMULAS] + [["-5", 0, -5.5]],
    )


def test_the_report_csv_quotes_text_and_keeps_negative_figures() -> None:
    response = exports.tables_csv("Victim services return", [report_table()], "return")
    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    assert rows[:4] == [
        ["Victim services return"],
        [],
        [f"'{FORMULAS[0]}"],
        ["Area", "Referred", "Change"],
    ]
    assert rows[4:] == [[f"'{label}", "12", "-3"] for label in FORMULAS] + [["-5", "0", "-5.5"]]


def test_the_report_xlsx_keeps_figures_typed_and_no_cell_a_formula() -> None:
    response = exports.tables_xlsx("=Victim services return", [report_table()], "return")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["by_area"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [row[1:] for row in values] == [(12, -3)] * len(FORMULAS) + [(0, -5.5)]
    assert sheet["A1"].value == "=Victim services return" and sheet["A1"].quotePrefix
