"""The feed formats: documented in docs/feed-format.md, with CSV templates on the Imports page
for those who may import; the Imports page says "Recent imports" once."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.justice.feed import JUSTICE_COLUMNS, parse_update
from victimcare.referrals.feed import parse_row
from victimcare.referrals.feed_columns import FEED_COLUMNS

DOC = Path(__file__).resolve().parents[2] / "docs" / "feed-format.md"
TEMPLATES = [
    ("referrals:feed-template", FEED_COLUMNS, "referral-feed-v1-template.csv"),
    ("justice:feed-template", JUSTICE_COLUMNS, "justice-updates-v1-template.csv"),
]


def columns_documented(section: str) -> set[str]:
    return set(re.findall(r"^\| `([a-z_0-9]+)`", section, re.M)) | {
        c
        for line in re.findall(r"^\| (`[a-z_0-9]+`(?:, `[a-z_0-9]+`)+) \|", section, re.M)
        for c in re.findall(r"`([a-z_0-9]+)`", line)
    }


def test_the_doc_describes_every_column_the_hub_reads() -> None:
    text = DOC.read_text(encoding="utf-8")
    referrals, justice = text.split("## Justice updates")
    assert columns_documented(referrals.split("## Police referral feed")[1]) == set(FEED_COLUMNS)
    assert columns_documented(justice) == set(JUSTICE_COLUMNS)


def test_the_docs_examples_are_valid_rows() -> None:
    blocks = re.findall(r"```csv\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    referral_rows = list(csv.DictReader(io.StringIO(blocks[0])))
    justice_rows = list(csv.DictReader(io.StringIO(blocks[1])))
    assert parse_row(referral_rows[0]).crime_reference == "CR/26/100006"
    assert [parse_update(row).event for row in justice_rows] == [
        "suspect_charged",
        "hearing_listed",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "columns", "filename"), TEMPLATES)
@pytest.mark.parametrize("role", [Role.POLICE_REFERRER, Role.TEAM_LEADER])
def test_those_who_import_download_a_template_of_the_header_row_only(
    client, northgate, role, name, columns, filename
) -> None:
    client.force_login(UserFactory(role=role, team=northgate, organisation=northgate.organisation))
    response = client.get(reverse(name))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [list(columns)]  # no example row that an unchanged upload would import


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "columns", "filename"), TEMPLATES)
@pytest.mark.parametrize("role", [Role.VICTIM_CARE_OFFICER, Role.PARTNER_WORKER, Role.AUDITOR])
def test_others_may_not(client, northgate, role, name, columns, filename) -> None:
    client.force_login(UserFactory(role=role, team=northgate, organisation=northgate.organisation))
    assert client.get(reverse(name)).status_code == 403
    client.logout()
    assert client.get(reverse(name))["Location"].startswith("/staff/sign-in/")


@pytest.mark.django_db
def test_the_imports_page_links_the_templates_and_says_recent_imports_once(
    client, northgate
) -> None:
    police = UserFactory(
        role=Role.POLICE_REFERRER, team=northgate, organisation=northgate.organisation
    )
    client.force_login(police)
    page = client.get(reverse("referrals:imports")).content.decode()
    assert reverse("referrals:feed-template") in page and reverse("justice:feed-template") in page
    assert "Download the referral feed template (CSV)" in page
    assert page.count("Recent imports") == 1


@pytest.mark.django_db
def test_the_imports_page_names_the_sources_the_user_may_import_under(client, northgate) -> None:
    """A team leader uploading a file was not told which `source` values the hub accepts
    from them; rows under any other source are rejected, so the page lists them."""
    org = northgate.organisation
    org.extra_source_codes = ["wessex-vale-partner-feed"]
    org.save()
    leader = UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=org)
    client.force_login(leader)
    page = client.get(reverse("referrals:imports")).content.decode()
    listed = re.search(r'data-testid="allowed-sources".*?</ul>', page, re.S)
    assert listed is not None
    assert f"<code>{org.code.lower()}</code>" in listed.group(0) or (
        f"<code>{org.code}</code>" in listed.group(0)
    )
    assert "<code>wessex-vale-partner-feed</code>" in listed.group(0)
    assert "self-referral" not in listed.group(0)
