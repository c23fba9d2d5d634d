"""Validation of single feed v1 rows (pure, no database)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.referrals.feed_helpers import row
from victimcare.referrals.feed import parse_row
from victimcare.referrals.feed_values import RowInvalid, normalise_postcode, parse_boolean


def errors_of(raw: dict[str, str]) -> dict[str, str]:
    with pytest.raises(RowInvalid) as caught:
        parse_row(raw)
    return {e.column: e.reason for e in caught.value.errors}


def test_a_valid_row_is_typed_and_normalised() -> None:
    record = parse_row(row(domestic_abuse="Y", hate_crime_strands="race; religion"))
    assert record.key == ("test-police", "CR/26/000001", "V1")
    assert record.postcode == "BS1 4DJ"
    assert record.postcode_district == "BS1"
    assert record.phone == "+447700900123"
    assert record.flags["domestic_abuse"] is True
    assert record.flags["hate_crime"] is None  # blank means not known
    assert record.flags["safe_to_contact"] is True
    assert record.hate_crime_strands == ["race", "religion"]
    assert record.date_of_birth == datetime.date(1988, 5, 2)


def test_a_time_without_offset_is_london_time() -> None:
    summer = parse_row(row(reported_at="2026-07-01T10:00")).reported_at
    assert summer.utcoffset() == datetime.timedelta(hours=1)
    assert summer.tzinfo == ZoneInfo("Europe/London")
    explicit = parse_row(row(reported_at="2026-07-01T10:00+00:00")).reported_at
    assert explicit.utcoffset() == datetime.timedelta(0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("YES", True),
        ("y", True),
        ("1", True),
        ("False", False),
        ("no", False),
        ("N", False),
        ("0", False),
        ("", None),
        ("  ", None),
    ],
)
def test_feed_booleans(value: str, expected: bool | None) -> None:
    assert parse_boolean(value) is expected


def test_every_problem_in_a_row_is_named_by_column() -> None:
    errors = errors_of(
        row(
            reported_at="16/03/2026",
            incident_type="burglary",
            postcode="NOT A CODE",
            crime_reference="",
            email="nobody-at-example",
            domestic_abuse="maybe",
        )
    )
    assert "is not a date and time" in errors["reported_at"]
    assert errors["incident_type"] == "'burglary' is not one of: crime, asb"
    assert "is not a UK postcode" in errors["postcode"]
    assert errors["crime_reference"] == "is required but blank or missing"
    assert "not an email address" in errors["email"]
    assert "not a yes/no value" in errors["domestic_abuse"]


def test_conditional_requirements() -> None:
    assert "offence_description" in errors_of(row(offence_description=""))
    assert "offence_description" not in errors_of(
        row(
            incident_type="asb",
            crime_category="Anti-social behaviour",
            offence_description="",
            source="",
        )
    )
    business = errors_of(
        row(victim_kind="business", given_name="", family_name="", business_name="")
    )
    assert business == {"business_name": "is required for a business victim"}
    person = errors_of(row(given_name=""))
    assert person == {"given_name": "is required for a person"}


def test_birth_after_report_is_rejected() -> None:
    assert errors_of(row(date_of_birth="2027-01-01")) == {
        "date_of_birth": "is after the date the crime was reported"
    }


def test_unknown_columns_are_kept_aside() -> None:
    record = parse_row({**row(), "force_division": "North"})
    assert record.unknown_columns == {"force_division": "North"}


@given(
    area=st.sampled_from(["B", "BS", "M", "SW", "EC"]),
    district=st.integers(min_value=1, max_value=99),
    sector=st.integers(min_value=0, max_value=9),
    unit=st.text(alphabet="ABDEFGHJLNPQRSTUWXYZ", min_size=2, max_size=2),
    spacing=st.sampled_from(["", " ", "  "]),
    lower=st.booleans(),
)
def test_postcodes_normalise_whatever_the_spacing_or_case(
    area: str, district: int, sector: int, unit: str, spacing: str, lower: bool
) -> None:
    raw = f"{area}{district}{spacing}{sector}{unit}"
    normalised = normalise_postcode(raw.lower() if lower else raw)
    assert normalised == f"{area}{district} {sector}{unit}"
