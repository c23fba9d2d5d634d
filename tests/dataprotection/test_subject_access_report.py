"""The subject access report reads as words a person understands: labels, not field names;
Yes, No or Not known, not a blank for No; ethnicity in words, not its code."""

import datetime
import io
import json
import zipfile

import pytest

from tests.factories import CaseFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.dataprotection.rules import ethnicity_label, long_date, yes_no_not_known
from victimcare.dataprotection.services import rights_request_record, subject_access_export

pytestmark = pytest.mark.django_db


def answer(case, auditor) -> tuple[str, dict]:
    request = rights_request_record(
        kind="access",
        person=case.person,
        received_on=datetime.date(2026, 11, 20),
        identity_checked=True,
        notes="",
        actor=auditor,
    )
    archive = zipfile.ZipFile(io.BytesIO(subject_access_export(request=request, actor=auditor)))
    return archive.read("report.html").decode(), json.loads(archive.read("data.json"))


def row(html: str, label: str) -> str:
    start = html.index(f'<th scope="row">{label}</th><td>') + len(
        f'<th scope="row">{label}</th><td>'
    )
    return html[start : html.index("</td>", start)]


@pytest.fixture
def auditor(northgate):
    return UserFactory(role=Role.AUDITOR, organisation=northgate.organisation)


def test_the_report_has_readable_labels_and_the_right_values(northgate, auditor) -> None:
    case = CaseFactory(
        team=northgate,
        referral__person__given_name="Morwenna",
        referral__person__family_name="Trevithick",
        referral__person__date_of_birth=datetime.date(1980, 5, 6),
        referral__person__ethnicity="A4",
        referral__person__safe_to_contact=False,
        referral__person__preferred_contact="sms",
        referral__person__address_line_2="",
    )
    html, data = answer(case, auditor)
    assert row(html, "Name") == "Morwenna Trevithick"
    assert row(html, "Date of birth") == "6 May 1980"
    assert row(html, "Ethnicity") == "Asian or Asian British: Chinese"
    assert row(html, "Safe to contact you") == "No"
    assert row(html, "How you prefer to be contacted") == "Text message"
    assert ", ," not in row(html, "Address")
    assert "20 November 2026" in html
    for raw in ("Givenname", "Safetocontact", ">A4<", "given_name", ">sms<", ">True<"):
        assert raw not in html
    assert "{%" not in html and "{{" not in html
    # The file for computers keeps a yes/no as true/false, and the ethnicity in words.
    assert data["person"]["safe_to_contact"] is False
    assert data["person"]["ethnicity"] == "Asian or Asian British: Chinese"


def test_safe_to_contact_not_asked_reads_not_known(northgate, auditor) -> None:
    case = CaseFactory(team=northgate, referral__person__safe_to_contact=None)
    html, _ = answer(case, auditor)
    assert row(html, "Safe to contact you") == "Not known"


def test_the_words_for_values() -> None:
    assert [yes_no_not_known(v) for v in (True, False, None)] == ["Yes", "No", "Not known"]
    assert ethnicity_label("ns") == "Not stated" and ethnicity_label("") == ""
    assert ethnicity_label("Z9") == "Z9"  # an unknown code is shown, not lost
    assert long_date("2026-11-24") == "24 November 2026"
    assert long_date("2026-06-30T23:30:00+00:00") == "1 July 2026"  # UK summer time
    assert long_date("not a date") == "not a date"
