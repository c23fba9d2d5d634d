"""Feed cell values (docs/feed-format.md): yes/no, dates, postcodes, phone numbers, a
choice from a list; the error naming a column and its reason; splitting a raw row. Pure
functions, no ORM; shared with the justice updates feed."""

import datetime
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers

from victimcare.referrals.cells import (
    MAX_CELL_LENGTH,
    MAX_COLUMN_NAME_LENGTH,
    MAX_UNKNOWN_COLUMNS,
    cell_text,
    readable,
    text_problem,
)
from victimcare.referrals.feed_columns import EARLIEST_YEAR, LATEST_YEAR

LONDON = ZoneInfo("Europe/London")

_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})
# UK postcode: outward code (area + district) then inward code (sector + unit), any spacing.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


@dataclass(frozen=True)
class FieldError:
    column: str
    reason: str


class RowInvalid(Exception):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.column}: {e.reason}" for e in errors))
        self.errors = errors


def parse_boolean(value: str) -> bool | None:
    """Feed flag: true/false, yes/no, y/n, 1/0 in any case; blank means not known."""
    lowered = value.strip().lower()
    if not lowered:
        return None
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"'{value}' is not a yes/no value (use true or false)")


def _within_years(value: str, year: int) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(f"'{value}' is not a date between {EARLIEST_YEAR} and {LATEST_YEAR}")


def parse_date(value: str) -> datetime.date:
    try:
        parsed = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"'{value}' is not a date in the form YYYY-MM-DD") from None
    _within_years(value, parsed.year)
    return parsed


def parse_datetime(value: str) -> datetime.datetime:
    """ISO 8601 date-time; without an offset it is Europe/London time. A bare date is midnight."""
    text = value.strip()
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"'{value}' is not a date and time in ISO 8601 form, e.g. 2026-03-14T09:30"
        ) from None
    _within_years(value, parsed.year)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=LONDON)
    return parsed


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value).upper()
    match = _POSTCODE.match(compact)
    if not match:
        raise ValueError(f"'{value}' is not a UK postcode")
    return f"{match.group(1)} {match.group(2)}"


def postcode_district(postcode: str) -> str:
    """The outward code of a normalised postcode ("BS1 4DJ" -> "BS1"); blank if none."""
    return postcode.split(" ", 1)[0] if postcode else ""


def normalise_phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        raise ValueError(f"'{value}' is not a phone number") from None
    # "Possible" (right length for its country), not "valid": numbering plans change faster
    # than the library's metadata, and a victim must not be turned away for that.
    if not phonenumbers.is_possible_number(number):
        raise ValueError(f"'{value}' is not a UK or international phone number of the right length")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def choice(value: str, allowed: tuple[str, ...], lower: bool = True) -> str:
    candidate = value.strip().lower() if lower else value.strip()
    if candidate not in allowed:
        raise ValueError(f"'{value}' is not one of: {', '.join(allowed)}")
    return candidate


def split_row(
    raw: dict[str, Any],
    known: frozenset[str],
    required: tuple[str, ...],
    max_lengths: dict[str, int],
    errors: list[FieldError],
) -> tuple[dict[str, str], dict[str, str]]:
    """A raw row's known columns (stripped text) and unknown ones; adds to `errors` a cell
    beyond the header, a cell that cannot be feed text (cells.py: lone surrogates, NUL,
    NaN...), each required column that is blank and each text too long. A refused cell is
    left out of the values, so nothing else is said about its column."""
    values: dict[str, str] = {}
    unknown: dict[str, str] = {}
    refused: set[str] = set()
    for column, value in raw.items():
        if column is None:  # more cells than header columns (csv.DictReader restkey)
            errors.append(FieldError("(row)", "the row has more cells than the header"))
            continue
        name = str(column).strip()
        problem = text_problem(name)
        if problem or len(name) > MAX_COLUMN_NAME_LENGTH:
            reason = problem or f"is longer than {MAX_COLUMN_NAME_LENGTH} characters"
            errors.append(
                FieldError(readable(name[:MAX_COLUMN_NAME_LENGTH]), f"column name {reason}")
            )
            continue
        try:
            text = cell_text(value).strip()
        except ValueError as exc:
            errors.append(FieldError(name, str(exc)))
            refused.add(name)
            continue
        if len(text) > max_lengths.get(name, MAX_CELL_LENGTH):
            errors.append(
                FieldError(
                    name, f"is longer than {max_lengths.get(name, MAX_CELL_LENGTH)} characters"
                )
            )
            refused.add(name)
        elif name in known:
            values[name] = text
        elif name:
            unknown[name] = text
    if len(unknown) > MAX_UNKNOWN_COLUMNS:
        errors.append(
            FieldError(
                "(row)", f"has more than {MAX_UNKNOWN_COLUMNS} columns the feed does not define"
            )
        )
    for column in required:
        if not values.get(column) and column not in refused:
            errors.append(FieldError(column, "is required but blank or missing"))
    return values, unknown
