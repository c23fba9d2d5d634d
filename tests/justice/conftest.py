import json
from pathlib import Path

import pytest

from tests.referrals.feed_helpers import feed_csv, row
from victimcare.cases.models import Case
from victimcare.intake.importing import feed_import_file

JUSTICE_COLUMNS = [
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
]


def update(**values: str) -> dict[str, str]:
    return {
        "source": "test-police",
        "crime_reference": "CR/1",
        "victim_reference": "",
        "event_at": "2026-12-24T10:00",
        **values,
    }


@pytest.fixture
def victims(write_csv, vco):
    """Import referrals through the feed; return their cases by victim reference."""

    def make(*rows: dict[str, str]) -> dict[str, Case]:
        feed_import_file(path=write_csv(feed_csv(list(rows)), "referrals.csv"))
        return {c.referral.victim_reference: c for c in Case.objects.select_related("referral")}

    return make


@pytest.fixture
def two_victims(victims):
    """One crime, two victims: V1 vulnerable (enhanced), V2 standard."""
    return victims(
        row(crime_reference="CR/1", victim_reference="V1", mental_disorder="true"),
        row(
            crime_reference="CR/1",
            victim_reference="V2",
            given_name="Noah",
            family_name="Best",
            email="noah.best@example.org",
            phone="07700 900456",
        ),
    )


@pytest.fixture
def sent_file(settings, tmp_path: Path):
    """Messages go to a file backend; read back as a list of JSON lines."""
    path = tmp_path / "messages.jsonl"
    settings.MESSAGE_BACKEND = "file"
    settings.MESSAGE_FILE = str(path)

    def read() -> list[dict]:
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines()]

    return read


def justice_csv(rows: list[dict[str, str]]) -> str:
    return feed_csv(rows, JUSTICE_COLUMNS)


__all__ = ["justice_csv", "row", "update"]
