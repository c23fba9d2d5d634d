"""Feed values that look like spreadsheet formulas reach the import report and the transfer
package as inert text, and a transfer package imports back as the referral it came from."""

import csv
import io

import pytest
from django.urls import reverse

from tests.core.test_spreadsheets import FORMULAS
from tests.factories import UserFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.capabilities import Role
from victimcare.intake.importing import feed_import_file
from victimcare.referrals.models import Referral, Transfer

pytestmark = pytest.mark.django_db

HYPERLINK, PLUS, MINUS, AT = FORMULAS[:4]


def download(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode(), newline="")))


def cells(rows: list[list[str]]) -> list[str]:
    return [cell for r in rows for cell in r]


@pytest.fixture
def leader(northgate):
    return UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)


def test_the_import_report_never_starts_a_cell_with_a_formula(
    client, write_csv, northgate, leader
) -> None:
    rows = [
        {**row(crime_reference="CR/1", postcode="ZZZ", source=HYPERLINK), HYPERLINK: "x"},
        {**row(crime_reference="CR/2", postcode="ZZZ", source=PLUS), HYPERLINK: "x"},
        {**row(crime_reference="CR/3", incident_type=MINUS, source=AT), HYPERLINK: "x"},
    ]
    run = feed_import_file(path=write_csv(feed_csv(rows)))
    assert (run.rejected, run.unknown_columns) == (3, [HYPERLINK])
    run.organisation = leader.organisation
    run.save()
    client.force_login(leader)

    report = download(client, reverse("referrals:import-report", args=[run.pk]))

    keys = {cell.lower() for cell in cells(report)}  # a source is kept in lower case
    for source, crime_reference in ((HYPERLINK, "CR/1"), (PLUS, "CR/2"), (AT, "CR/3")):
        assert f"'{source}/{crime_reference}/V1".lower() in keys
    assert ["", "", f"'{HYPERLINK}", "unknown column: kept with each referral, not used"] in report
    for cell in cells(report):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_the_transfer_package_is_inert_and_imports_back_unchanged(
    client, write_csv, northgate, leader
) -> None:
    hostile = row(
        postcode="LS6 2AA",
        given_name=HYPERLINK,
        family_name=PLUS,
        address_line_1=MINUS,
        town=AT,
        contact_notes="=1+1",
        officer_in_charge="-PC 1234",
        phone="+44 7700 900123",
        offence_description="@IMPORTDATA(A1)",
    )
    feed_import_file(path=write_csv(feed_csv([hostile])))
    transfer = Transfer.objects.get()
    leader.organisation.kind = "victim_care_hub"
    leader.organisation.save()
    client.force_login(leader)

    package = download(client, reverse("referrals:transfer-package", args=[transfer.pk]))

    header, values = package
    sent = dict(zip(header, values, strict=True))
    assert sent["given_name"] == f"'{HYPERLINK}"
    assert (sent["family_name"], sent["address_line_1"], sent["town"]) == (
        f"'{PLUS}",
        f"'{MINUS}",
        f"'{AT}",
    )
    assert (sent["contact_notes"], sent["officer_in_charge"]) == ("'=1+1", "'-PC 1234")
    assert sent["phone"] == "'+447700900123"  # text, so a spreadsheet keeps the plus
    assert sent["offence_description"] == "'@IMPORTDATA(A1)"
    for cell in values:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell

    # Imported as a resend, the package reads back the values, not the added quotes.
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(package)
    resent = feed_import_file(path=write_csv(text.getvalue(), "package.csv"))
    assert (resent.rows_read, resent.rejected) == (1, 0)
    referral = Referral.objects.get()
    assert (referral.person.given_name, referral.person.family_name) == (HYPERLINK, PLUS)
    assert (referral.officer_in_charge, referral.offence_description) == (
        "-PC 1234",
        "@IMPORTDATA(A1)",
    )
    assert referral.person.phone == "+447700900123"
