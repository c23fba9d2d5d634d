"""Police referral feed version 1 (docs/feed-format.md): parsing and validation.

Pure functions, no ORM: a raw row (column -> text) becomes either a `FeedReferral` or a
list of `FieldError`s, each naming the column and the reason an officer can act on.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from victimcare.referrals.cells import invisible_character
from victimcare.referrals.feed_columns import (
    ALWAYS_REQUIRED,
    CLOCK_ALLOWANCE,
    CONSENT_VALUES,
    CONTACT_CHANNELS,
    CRIME_CATEGORIES,
    ETHNICITY_CODES,
    FLAG_COLUMNS,
    HATE_CRIME_STRANDS,
    INCIDENT_TYPES,
    KEY_COLUMNS,
    KNOWN_COLUMNS,
    MAX_LENGTHS,
    SEXES,
    TEXT_COLUMNS,
    VICTIM_KINDS,
)
from victimcare.referrals.feed_values import (
    FieldError,
    RowInvalid,
    choice,
    normalise_phone,
    normalise_postcode,
    parse_boolean,
    parse_date,
    parse_datetime,
    postcode_district,
    split_row,
)


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

    for column in KEY_COLUMNS:  # a reference that looks the same must be the same
        problem = invisible_character(get(column))
        if problem:
            errors.append(FieldError(column, problem))
    reported_at = convert("reported_at", parse_datetime)
    incident_type = convert("incident_type", lambda v: choice(v, INCIDENT_TYPES), "")
    crime_category = convert("crime_category", lambda v: choice(v, CRIME_CATEGORIES, False), "")
    victim_kind = convert("victim_kind", lambda v: choice(v, VICTIM_KINDS), "")
    consent = convert("referral_consent", lambda v: choice(v, CONSENT_VALUES), "")
    sex = convert("sex", lambda v: choice(v, SEXES), "")
    ethnicity = convert("ethnicity", lambda v: choice(v.upper(), ETHNICITY_CODES, False), "")
    preferred = convert("preferred_contact", lambda v: choice(v, CONTACT_CHANNELS), "")
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
