"""Build feed v1 CSV text for tests, column names exactly as docs/feed-format.md."""

import csv
import io
from typing import Any

BASE_ROW: dict[str, str] = {
    "source": "test-police",
    "crime_reference": "CR/26/000001",
    "victim_reference": "V1",
    "reported_at": "2026-03-16T09:30",
    "incident_type": "crime",
    "crime_category": "Burglary",
    "offence_code": "028/01",
    "offence_description": "Burglary in a dwelling",
    "victim_kind": "individual",
    "given_name": "Amelia",
    "family_name": "Hart",
    "date_of_birth": "1988-05-02",
    "postcode": "bs1 4dj",
    "phone": "07700 900123",
    "email": "amelia.hart@example.org",
    "safe_to_contact": "yes",
    "referral_consent": "given",
}


def row(**overrides: Any) -> dict[str, str]:
    return {**BASE_ROW, **{k: str(v) for k, v in overrides.items()}}


def feed_csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    columns = columns or list(dict.fromkeys(key for r in rows for key in r))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
