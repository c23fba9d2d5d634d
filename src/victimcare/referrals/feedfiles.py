"""Reading a feed file (CSV, feed v1): the checks on the file as a whole, then its rows.

A file is refused before any row is stored when it is not UTF-8 text or its first line is
not a usable header (no header row, a required column missing, a column named twice): the
reason says what to do. A row the CSV reader cannot read (a cell over the size limit) is
rejected with its line while the rows around it are read on.
"""

import codecs
import csv
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from victimcare.core.spreadsheets import formula_restored
from victimcare.referrals.cells import readable, text_problem

SAVE_AS_UTF8 = "Nothing was imported. Save the file as “CSV UTF-8” and import it again."
# The most one cell may hold: the csv module's own limit (128 KiB), stated here so the
# reason a person reads names it.
CELL_LIMIT = csv.field_size_limit()
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CHUNK = 1 << 16


# A lone surrogate saved as UTF-8 (bytes ED A0 80 to ED BF BF: what some exporters write for
# half an emoji) is one broken character in one cell, not a file in another encoding: it is
# read through, and validation rejects the row that holds it, naming the column; the rows
# around it are imported. Every other byte that is not UTF-8 refuses the file whole (ADR 37).
_ERRORS = "surrogatepass"


def feed_file_open(path: Path) -> IO[str]:
    """The feed file as text, for the CSV reader: UTF-8 with or without a byte order mark,
    a lone surrogate read through for its row to be rejected (`feed_file_encoding_check`)."""
    return path.open(encoding="utf-8-sig", errors=_ERRORS, newline="")


class FeedFileRefused(Exception):
    """The file as a whole cannot be imported; nothing from it has been stored."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FeedRow:
    line: int
    values: dict[str, Any]
    problem: str = ""  # why the row could not be read at all; its values are then empty


def feed_file_encoding_check(path: Path) -> None:
    """Refuse a file that is not UTF-8 text (Latin-1, UTF-16, a workbook, binary), naming
    the line where it stops being UTF-8. Reads the file once, a chunk at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")(_ERRORS)
    line = 1
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(_UTF16_BOMS):
            raise FeedFileRefused(f"The file is UTF-16 text, not UTF-8. {SAVE_AS_UTF8}")
        if len(head) == 4 and (head[1] == head[3] == 0 or head[0] == head[2] == 0):
            # "s\0o\0": text in UTF-16 saved without its byte order mark.
            raise FeedFileRefused(f"The file is UTF-16 text, not UTF-8. {SAVE_AS_UTF8}")
        if head.startswith(b"PK\x03\x04"):
            raise FeedFileRefused(
                f"The file is a spreadsheet workbook (XLSX or ODS), not CSV. {SAVE_AS_UTF8}"
            )
        chunk = head
        while True:
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                line += chunk[: error.start].count(b"\n")
                raise FeedFileRefused(
                    f"The file is not UTF-8 text: line {line} holds a character saved in "
                    f"another encoding (perhaps Windows-1252 or Latin-1). {SAVE_AS_UTF8}"
                ) from None
            if not chunk:
                return
            line += chunk.count(b"\n")
            chunk = handle.read(_CHUNK)


def feed_header_check(
    header: list[str], *, required: Collection[str], known: Collection[str]
) -> None:
    """Refuse a header that cannot be imported. The header's own words are not repeated
    unless it is a real header: a file without one starts with a victim's details."""
    named = [name for name in header if name]
    if not named:
        raise FeedFileRefused(
            "The file is empty. Nothing was imported. Export the feed again and import it again."
        )
    unstorable = [readable(name) for name in named if text_problem(name)]
    if unstorable:
        raise FeedFileRefused(
            "The header row holds a column name that is not text: "
            + ", ".join(unstorable)
            + ". Nothing was imported. Correct the header row and import it again."
        )
    if not set(named) & set(known):
        raise FeedFileRefused(
            "The first line is not a header row: it names none of the feed's columns. Nothing "
            "was imported. Add the feed v1 header row (source, crime_reference, "
            "victim_reference, ...) as the first line and import it again."
        )
    missing = [column for column in required if column not in named]
    if missing:
        raise FeedFileRefused(
            "The header row lacks required columns: "
            + ", ".join(missing)
            + ". Nothing was imported. Add them and import it again."
        )
    repeated = sorted({name for name in named if named.count(name) > 1})
    if repeated:
        raise FeedFileRefused(
            "The header row names a column more than once: "
            + ", ".join(repeated)
            + ". Nothing was imported. Keep one of each and import it again."
        )


@dataclass(frozen=True)
class RowFilter:
    """Which rows `read_feed_csv` reads whole: `test` sees the row's cells in `columns`
    (None for a cell the row lacks) and its line."""

    columns: tuple[str, ...]
    test: Callable[[dict[Any, Any], int], bool]


class _CountedLines:
    """The stream's lines, counted, with the parity of the quotes seen since `mark()`:
    odd parity after a reader error means the error came inside a quoted cell."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = iter(stream)
        self.count = 0
        self.quotes = 0

    def __iter__(self) -> "_CountedLines":
        return self

    def __next__(self) -> str:
        text = next(self._stream)
        self.count += 1
        self.quotes += text.count('"')
        return text

    def mark(self) -> None:
        self.quotes = 0

    def skip_rest_of_quoted_cell(self) -> None:
        while self.quotes % 2:
            try:
                next(self)
            except StopIteration:
                return


def read_feed_csv(
    stream: IO[str], only: RowFilter | None = None
) -> tuple[list[str], Iterator[FeedRow]]:
    """The header and an iterator of rows, each with the line it starts on (header is line 1).

    A cell the spreadsheet-safe export prefixed with a quote is read back without it, so a
    transfer package imports as the referral it came from. With `only`, a row whose cells
    in `only.columns` (read as they would be) fail `only.test(values, line)` is passed over
    before the rest of it is read (a chunk of a parallel import: the other chunks' rows)."""
    lines = _CountedLines(stream)
    reader = csv.reader(lines)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        header = []
    except csv.Error as error:
        raise FeedFileRefused(
            f"The header row could not be read ({error}). Nothing was imported. Correct it "
            "and import it again."
        ) from None

    positions = [(c, header.index(c)) for c in (only.columns if only else ()) if c in header]

    def rows() -> Iterator[FeedRow]:
        while True:
            start = lines.count + 1
            lines.mark()
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:
                lines.skip_rest_of_quoted_cell()
                yield FeedRow(
                    line=start,
                    values={},
                    problem=(
                        f"a cell is longer than {CELL_LIMIT:,} characters, the most one may "
                        "hold: the row was not imported"
                    ),
                )
                continue
            if not cells:
                continue  # a blank line
            if only is not None and not only.test(
                {
                    column: formula_restored(cells[n]) if n < len(cells) else None
                    for column, n in positions
                },
                start,
            ):
                continue
            values: dict[Any, Any] = dict(zip(header, map(formula_restored, cells), strict=False))
            if len(cells) > len(header):
                values[None] = cells[len(header) :]  # as csv.DictReader's restkey
            for column in header[len(cells) :]:
                values.setdefault(column, None)
            yield FeedRow(line=start, values=values)

    return header, rows()


__all__ = [
    "CELL_LIMIT",
    "FeedFileRefused",
    "FeedRow",
    "RowFilter",
    "feed_file_encoding_check",
    "feed_file_open",
    "feed_header_check",
    "read_feed_csv",
]
