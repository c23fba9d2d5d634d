"""Justice updates, feed version 1 (docs/feed-format.md, "Justice updates"): parsing.

Pure functions, no ORM: a raw row becomes a `JusticeUpdate` or `RowInvalid` listing every
problem with its column and reason, in the same words as the referral feed.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from victimcare.referrals.feed_values import (
    FieldError,
    RowInvalid,
    parse_boolean,
    parse_datetime,
    split_row,
)

EVENTS = (
    "suspect_arrested",
    "suspect_interviewed",
    "released_on_bail",
    "released_under_investigation",
    "suspect_charged",
    "suspect_cautioned",
    "no_further_action",
    "not_investigated",
    "hearing_listed",
    "trial_listed",
    "hearing_outcome",
    "verdict",
    "sentence",
    "appeal",
    "offender_release_date",
    "case_closed",
)
# Every column of the justice update feed, in the order of docs/feed-format.md.
JUSTICE_COLUMNS = (
    "source",
    "crime_reference",
    "victim_reference",
    "event",
    "event_at",
    "court",
    "hearing_at",
    "outcome",
    "custodial_months",
    "hospital_order",
    "details",
)
KNOWN_COLUMNS = frozenset(JUSTICE_COLUMNS)
REQUIRED = ("source", "crime_reference", "event", "event_at")
MAX_LENGTHS = {
    "source": 80,
    "crime_reference": 60,
    "victim_reference": 60,
    "court": 200,
    "outcome": 300,
    "details": 4000,
}
# Events about a hearing must say when it is.
NEEDS_HEARING_AT = ("hearing_listed", "trial_listed")
MAX_CUSTODIAL_MONTHS = 1200  # a whole-life order is recorded as a hospital order or in details


@dataclass
class JusticeUpdate:
    """One valid justice update row, typed and normalised."""

    source: str
    crime_reference: str
    victim_reference: str  # blank: every victim of the crime
    event: str
    event_at: datetime.datetime
    court: str = ""
    hearing_at: datetime.datetime | None = None
    outcome: str = ""
    custodial_months: int | None = None
    hospital_order: bool | None = None
    details: str = ""
    unknown_columns: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str, str, datetime.datetime]:
        return (
            self.source,
            self.crime_reference,
            self.victim_reference,
            self.event,
            self.event_at,
        )


def _months(value: str) -> int:
    text = value.strip()
    if not text.isdigit():
        raise ValueError(f"'{value}' is not a whole number of months")
    months = int(text)
    if months > MAX_CUSTODIAL_MONTHS:
        raise ValueError(f"'{value}' is more than {MAX_CUSTODIAL_MONTHS} months")
    return months


def parse_update(raw: dict[str, Any]) -> JusticeUpdate:
    """Validate one justice update. Raises RowInvalid listing every problem in the row."""
    errors: list[FieldError] = []
    values, unknown = split_row(raw, KNOWN_COLUMNS, REQUIRED, MAX_LENGTHS, errors)

    def get(column: str) -> str:
        return values.get(column, "")

    def convert(column: str, parser: Any) -> Any:
        if not get(column):
            return None
        try:
            return parser(get(column))
        except ValueError as exc:
            errors.append(FieldError(column, str(exc)))
            return None

    event = get("event").lower()
    if event and event not in EVENTS:
        errors.append(FieldError("event", f"'{get('event')}' is not one of: {', '.join(EVENTS)}"))
    event_at = convert("event_at", parse_datetime)
    hearing_at = convert("hearing_at", parse_datetime)
    months = convert("custodial_months", _months)
    hospital_order = convert("hospital_order", parse_boolean)
    if event in NEEDS_HEARING_AT and not get("hearing_at"):
        errors.append(FieldError("hearing_at", f"is required for {event}"))
    if errors:
        raise RowInvalid(errors)
    return JusticeUpdate(
        source=get("source").lower(),
        crime_reference=get("crime_reference"),
        victim_reference=get("victim_reference"),
        event=event,
        event_at=event_at,
        court=get("court"),
        hearing_at=hearing_at,
        outcome=get("outcome"),
        custodial_months=months,
        hospital_order=hospital_order,
        details=get("details"),
        unknown_columns=unknown,
    )
