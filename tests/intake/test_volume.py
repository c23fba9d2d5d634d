"""A force-sized delivery: 10,000 rows with 5% malformed, by file and by the API batch."""

import csv
import random

import pytest

from victimcare.accounts.api_keys import api_key_issue
from victimcare.accounts.models import Organisation, OrganisationKind
from victimcare.cases.models import Case
from victimcare.intake.importing import feed_import_file
from victimcare.referrals.feed_columns import FEED_COLUMNS
from victimcare.referrals.models import Referral
from victimcare.referrals.synthetic import synthetic_feed_rows

pytestmark = pytest.mark.django_db
ROWS = 10_000
# How each malformed row is broken, and the column the report must name.
BREAKAGES = [
    ("reported_at", "last Tuesday"),
    ("postcode", "BS99"),
    ("incident_type", "theft"),
    ("referral_consent", ""),
    ("date_of_birth", "31/02/1990"),
]


def feed_rows() -> tuple[list[dict[str, str]], dict[int, str]]:
    """Synthetic rows with 5% broken; returns the rows and {index: column broken}."""
    rows = list(
        synthetic_feed_rows(
            count=ROWS, source="test-police", districts=["BS1", "BS2", "BA1"], seed=7
        )
    )
    unique = {(r["source"], r["crime_reference"], r["victim_reference"]): r for r in rows}
    rows = list(unique.values())  # the generator may repeat a key; a resend is tested elsewhere
    rng = random.Random(11)
    broken = {}
    for index in rng.sample(range(len(rows)), k=len(rows) // 20):
        column, value = BREAKAGES[index % len(BREAKAGES)]
        rows[index][column] = value
        broken[index] = column
    return rows, broken


def test_a_big_file_lands_every_good_row_once_and_reports_every_bad_one(
    tmp_path, northgate, riverside
) -> None:
    rows, broken = feed_rows()
    path = tmp_path / "big.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FEED_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)

    run = feed_import_file(path=path)
    assert (run.rows_read, run.created, run.rejected) == (
        len(rows),
        len(rows) - len(broken),
        len(broken),
    )
    reported = {(r.line - 2, r.column) for r in run.rejections.all()}  # line 2 is row 0
    assert reported == set(broken.items())
    assert Referral.objects.count() == Case.objects.count() == len(rows) - len(broken)

    again = feed_import_file(path=path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (
        0,
        0,
        len(rows) - len(broken),
        len(broken),
    )
    assert Referral.objects.count() == len(rows) - len(broken)


def test_the_same_delivery_through_the_api_batch(client, northgate, riverside) -> None:
    police = Organisation.objects.create(
        name="Test Police", code="test-police", kind=OrganisationKind.POLICE_FORCE
    )
    token = api_key_issue(organisation=police, name="batch")[1]
    rows, broken = feed_rows()

    def send_all() -> dict[str, int]:
        totals = {"created": 0, "unchanged": 0, "rejected": 0}
        for start in range(0, len(rows), 1000):
            body = client.post(
                "/api/v1/referrals",
                rows[start : start + 1000],
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            ).json()
            for key in totals:
                totals[key] += body[key]
            for result in body["results"]:
                index = start + result["index"]
                if index in broken:
                    assert [e["column"] for e in result["errors"]] == [broken[index]]
        return totals

    assert send_all() == {
        "created": len(rows) - len(broken),
        "unchanged": 0,
        "rejected": len(broken),
    }
    assert send_all() == {
        "created": 0,
        "unchanged": len(rows) - len(broken),
        "rejected": len(broken),
    }
    assert Referral.objects.count() == len(rows) - len(broken)
