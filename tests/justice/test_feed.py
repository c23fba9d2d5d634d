"""Justice update rows: every problem named by column and reason."""

import datetime

import pytest

from victimcare.justice.feed import parse_update
from victimcare.referrals.feed_values import RowInvalid

GOOD = {
    "source": "Test-Police",
    "crime_reference": "CR/1",
    "victim_reference": "",
    "event": "trial_listed",
    "event_at": "2026-06-01T10:00",
    "court": "Bristol Crown Court",
    "hearing_at": "2026-07-15 09:30",
    "custodial_months": "",
    "hospital_order": "",
}


def errors(**changes: str) -> dict[str, str]:
    with pytest.raises(RowInvalid) as invalid:
        parse_update({**GOOD, **changes})
    return {e.column: e.reason for e in invalid.value.errors}


def test_a_good_row_is_typed_and_a_blank_victim_means_every_victim() -> None:
    update = parse_update({**GOOD, "extra": "kept"})
    assert update.source == "test-police" and update.victim_reference == ""
    assert update.hearing_at.date() == datetime.date(2026, 7, 15)
    assert update.event_at.utcoffset() == datetime.timedelta(hours=1)  # London summer time
    assert update.unknown_columns == {"extra": "kept"}


def test_every_problem_in_a_row_is_named() -> None:
    found = errors(
        source="",
        event="suspect_exploded",
        event_at="yesterday",
        custodial_months="a year",
        hospital_order="perhaps",
    )
    assert found["source"] == "is required but blank or missing"
    assert found["event"].startswith("'suspect_exploded' is not one of: suspect_arrested")
    assert "ISO 8601" in found["event_at"]
    assert found["custodial_months"] == "'a year' is not a whole number of months"
    assert "yes/no" in found["hospital_order"]


def test_a_hearing_must_say_when_it_is() -> None:
    assert errors(hearing_at="") == {"hearing_at": "is required for trial_listed"}


def test_an_impossible_sentence_length_is_refused() -> None:
    assert (
        "more than 1200 months"
        in errors(event="sentence", custodial_months="9999")["custodial_months"]
    )
