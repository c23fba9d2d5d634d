"""Police referral feed version 1 (shared/referral-feed.md): parsing and validation.

Pure functions, no ORM: a raw row (column -> text) becomes either a `FeedReferral` or a
list of `FieldError`s, each naming the column and the reason an officer can act on.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from victimcare.referrals.cells import (
    MAX_CELL_LENGTH,
    MAX_COLUMN_NAME_LENGTH,
    MAX_UNKNOWN_COLUMNS,
    cell_text,
    readable,
    text_problem,
)

LONDON = ZoneInfo("Europe/London")

CRIME_CATEGORIES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)
INCIDENT_TYPES = ("crime", "asb")
VICTIM_KINDS = ("individual", "bereaved_relative", "business")
SEXES = ("female", "male", "other", "unknown")
CONTACT_CHANNELS = ("phone", "sms", "email", "letter")
CONSENT_VALUES = ("given", "declined", "not_asked")
HATE_CRIME_STRANDS = ("race", "religion", "sexual_orientation", "disability", "transgender")
ETHNICITY_CODES = (
    "W1",
    "W2",
    "W3",
    "W4",
    "M1",
    "M2",
    "M3",
    "M4",
    "A1",
    "A2",
    "A3",
    "A4",
    "A5",
    "B1",
    "B2",
    "B3",
    "O1",
    "O2",
    "NS",
)

FLAG_COLUMNS = (
    "domestic_abuse",
    "hate_crime",
    "sexual_offence",
    "terrorism",
    "modern_slavery",
    "attempted_murder",
    "kidnap_or_false_imprisonment",
    "arson_endangering_life",
    "gbh_with_intent",
    "gun_or_knife",
    "road_traffic_serious_injury",
    "interpreter_needed",
    "safe_to_contact",
    "mental_disorder",
    "learning_disability",
    "physical_disability",
    "intimidated",
)
TEXT_COLUMNS = (
    "offence_code",
    "offence_description",
    "given_name",
    "family_name",
    "business_name",
    "first_language",
    "address_line_1",
    "address_line_2",
    "town",
    "contact_notes",
    "officer_in_charge",
)
KEY_COLUMNS = ("source", "crime_reference", "victim_reference")
ALWAYS_REQUIRED = (
    *KEY_COLUMNS,
    "reported_at",
    "incident_type",
    "crime_category",
    "victim_kind",
    "referral_consent",
)
# Every column of feed v1, in the order of shared/referral-feed.md (CSV writers use it).
FEED_COLUMNS = (
    "source",
    "crime_reference",
    "victim_reference",
    "reported_at",
    "incident_type",
    "crime_category",
    "offence_code",
    "offence_description",
    "domestic_abuse",
    "hate_crime",
    "hate_crime_strands",
    "sexual_offence",
    "terrorism",
    "modern_slavery",
    "attempted_murder",
    "kidnap_or_false_imprisonment",
    "arson_endangering_life",
    "gbh_with_intent",
    "gun_or_knife",
    "road_traffic_serious_injury",
    "victim_kind",
    "given_name",
    "family_name",
    "business_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "first_language",
    "interpreter_needed",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "email",
    "preferred_contact",
    "safe_to_contact",
    "contact_notes",
    "mental_disorder",
    "learning_disability",
    "physical_disability",
    "intimidated",
    "referral_consent",
    "officer_in_charge",
    "officer_email",
)
KNOWN_COLUMNS = frozenset(FEED_COLUMNS)
assert {*ALWAYS_REQUIRED, *FLAG_COLUMNS, *TEXT_COLUMNS} <= KNOWN_COLUMNS
MAX_LENGTHS = {
    "source": 80,
    "crime_reference": 60,
    "victim_reference": 60,
    "offence_code": 20,
    "offence_description": 300,
    "given_name": 100,
    "family_name": 100,
    "business_name": 200,
    "first_language": 60,
    "address_line_1": 200,
    "address_line_2": 200,
    "town": 100,
    "officer_in_charge": 120,
    "email": 254,
    "officer_email": 254,
    "contact_notes": 2000,
}
# Dates outside these years are typing errors, and beyond them a date-time with an offset
# may not convert to UTC at all.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
# A report time a little ahead of the hub's clock is the sender's clock; beyond this, an error.
CLOCK_ALLOWANCE = datetime.timedelta(hours=1)

_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})
# UK postcode: outward code (area + district) then inward code (sector + unit), any spacing.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


@dataclass(frozen=True)
class FieldError:
    column: str
    reason: str


@dataclass
class FeedReferral:
    """One valid feed row, typed and normalised."""

    source: str
    crime_reference: str
    victim_reference: str
    reported_at: datetime.datetime
    incident_type: str
    crime_category: str
    victim_kind: str
    referral_consent: str
    flags: dict[str, bool | None]
    text: dict[str, str]
    hate_crime_strands: list[str]
    date_of_birth: datetime.date | None
    sex: str
    ethnicity: str
    postcode: str
    phone: str
    email: str
    preferred_contact: str
    officer_email: str
    unknown_columns: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.crime_reference, self.victim_reference)

    @property
    def postcode_district(self) -> str:
        return postcode_district(self.postcode)


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


def _choice(value: str, allowed: tuple[str, ...], lower: bool = True) -> str:
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


def parse_row(raw: dict[str, Any], *, now: datetime.datetime | None = None) -> FeedReferral:
    """Validate one feed row. Raises RowInvalid listing every problem found in the row.
    `now` (default: the clock) bounds `reported_at`, which may not be in the future."""
    errors: list[FieldError] = []
    values, unknown = split_row(raw, KNOWN_COLUMNS, ALWAYS_REQUIRED, MAX_LENGTHS, errors)
    cell_errors = len(errors)

    def get(column: str) -> str:
        return values.get(column, "")

    def convert(column: str, parser: Any, default: Any = None) -> Any:
        text = get(column)
        if not text:
            return default
        try:
            return parser(text)
        except ValueError as exc:
            errors.append(FieldError(column, str(exc)))
            return default

    reported_at = convert("reported_at", parse_datetime)
    incident_type = convert("incident_type", lambda v: _choice(v, INCIDENT_TYPES), "")
    crime_category = convert("crime_category", lambda v: _choice(v, CRIME_CATEGORIES, False), "")
    victim_kind = convert("victim_kind", lambda v: _choice(v, VICTIM_KINDS), "")
    consent = convert("referral_consent", lambda v: _choice(v, CONSENT_VALUES), "")
    sex = convert("sex", lambda v: _choice(v, SEXES), "")
    ethnicity = convert("ethnicity", lambda v: _choice(v.upper(), ETHNICITY_CODES, False), "")
    preferred = convert("preferred_contact", lambda v: _choice(v, CONTACT_CHANNELS), "")
    date_of_birth = convert("date_of_birth", parse_date)
    postcode = convert("postcode", normalise_postcode, "")
    phone = convert("phone", normalise_phone, "")
    flags = {column: convert(column, parse_boolean) for column in FLAG_COLUMNS}

    strands: list[str] = []
    for strand in filter(None, (s.strip().lower() for s in get("hate_crime_strands").split(";"))):
        if strand in HATE_CRIME_STRANDS:
            strands.append(strand)
        else:
            errors.append(
                FieldError(
                    "hate_crime_strands",
                    f"'{strand}' is not one of: {', '.join(HATE_CRIME_STRANDS)}",
                )
            )

    emails = {}
    for column in ("email", "officer_email"):
        if get(column):
            try:
                validate_email(get(column))
                emails[column] = get(column).lower()
            except ValidationError:
                errors.append(FieldError(column, f"'{get(column)}' is not an email address"))

    if incident_type == "crime" and not get("offence_description"):
        errors.append(FieldError("offence_description", "is required for a crime"))
    if victim_kind == "business":
        if not get("business_name"):
            errors.append(FieldError("business_name", "is required for a business victim"))
    elif victim_kind:
        for column in ("given_name", "family_name"):
            if not get(column):
                errors.append(FieldError(column, "is required for a person"))
    if date_of_birth and reported_at and date_of_birth > reported_at.date():
        errors.append(FieldError("date_of_birth", "is after the date the crime was reported"))
    now = now or datetime.datetime.now(datetime.UTC)
    if reported_at and reported_at > now + CLOCK_ALLOWANCE:
        errors.append(FieldError("reported_at", f"'{get('reported_at')}' is in the future"))

    if errors:
        # A column refused as it arrived (not text, too long) is not judged again.
        said = {error.column for error in errors[:cell_errors]}
        later = [error for error in errors[cell_errors:] if error.column not in said]
        raise RowInvalid([*errors[:cell_errors], *later])
    return FeedReferral(
        source=get("source").lower(),
        crime_reference=get("crime_reference"),
        victim_reference=get("victim_reference"),
        reported_at=reported_at,
        incident_type=incident_type,
        crime_category=crime_category,
        victim_kind=victim_kind,
        referral_consent=consent,
        flags=flags,
        text={column: get(column) for column in TEXT_COLUMNS},
        hate_crime_strands=strands,
        date_of_birth=date_of_birth,
        sex=sex,
        ethnicity=ethnicity,
        postcode=postcode,
        phone=phone,
        email=emails.get("email", ""),
        preferred_contact=preferred,
        officer_email=emails.get("officer_email", ""),
        unknown_columns=unknown,
    )
