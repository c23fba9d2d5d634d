import json

import pytest
from django.core.management import CommandError, call_command

from tests.referrals.feed_helpers import feed_csv, row
from victimcare.audit.models import AccessLogEntry
from victimcare.intake.importing import feed_import_file

pytestmark = pytest.mark.django_db


def test_show_referral_prints_the_document_and_logs_the_read(write_csv, northgate, capsys) -> None:
    feed_import_file(path=write_csv(feed_csv([row(domestic_abuse="yes", extra_col="x")])))
    call_command("show_referral", "TEST-POLICE", "CR/26/000001", "V1")
    document = json.loads(capsys.readouterr().out)

    assert document["crime_reference"] == "CR/26/000001"
    assert document["flags"]["domestic_abuse"] is True
    assert document["victim"]["postcode"] == "BS1 4DJ"
    assert (document["hub"], document["out_of_area"], document["postcode_district"]) == (
        "Northgate hub",
        False,
        "BS1",
    )
    assert document["entitlement"]["level"] == "enhanced"
    assert document["entitlement"]["reasons"] == ["intimidated", "serious_crime"]
    explanations = document["entitlement"]["explanations"]
    assert {"code": "serious_crime", "text": "Victim of domestic abuse"} in explanations
    assert document["auto_referral"] == "consent_given"
    assert document["update_within_working_days"] == 1
    # 16 March 2026 is a Monday: 2 working days on is Wednesday 18 March.
    assert document["contact_due_by"] == "2026-03-18"
    assert document["case"]["contact_deadline"] == "2026-03-18"
    assert document["unknown_columns"] == {"extra_col": "x"}
    entry = AccessLogEntry.objects.get()
    assert entry.route == "manage.py show_referral"
    assert entry.object_ids == [str(document_id(document))]


def document_id(document: dict) -> int:
    from victimcare.referrals.models import Referral

    return Referral.objects.get(crime_reference=document["crime_reference"]).pk


def test_show_referral_names_a_missing_referral() -> None:
    with pytest.raises(CommandError, match="No referral test-police/CR/404/V1"):
        call_command("show_referral", "test-police", "CR/404", "V1")


def test_seed_demo_creates_the_area_once(capsys) -> None:
    from victimcare.accounts.models import Team, User
    from victimcare.cases.models import Case

    call_command("seed_demo", "--referrals", "30")
    assert Team.objects.count() == 3
    assert User.objects.filter(username="vco", team__name="Northgate hub").exists()
    cases = Case.objects.count()
    assert cases == 30
    call_command("seed_demo", "--referrals", "30")
    assert Case.objects.count() == cases
    assert "Demo data is already in place." in capsys.readouterr().out

    # The demo partner has referrals to work, and the demo auditor can reach the log.
    from victimcare.cases.selectors import onward_referrals_visible_to

    partner = User.objects.get(username="partner")
    assert onward_referrals_visible_to(partner).count() >= 1
    from victimcare.accounts.selectors import runs_area_hubs

    assert runs_area_hubs(User.objects.get(username="auditor").organisation)

    # Justice duties, worked cases and the commissioner's records are there to look at.
    from victimcare.cases.models import CaseTask
    from victimcare.commissioning.models import Consultation, FundingSource
    from victimcare.insights.models import CaseFact

    assert CaseTask.objects.exclude(code_area="").exists()
    assert Case.objects.filter(status="closed").exists()
    assert CaseFact.objects.count() == cases
    assert FundingSource.objects.filter(year=2018).count() == 4
    assert Consultation.objects.filter(published=True).exists()


def test_the_demo_police_key_sends_referrals(client, capsys) -> None:
    from victimcare.core.management.commands.seed_demo import DEMO_API_KEY

    call_command("seed_demo", "--referrals", "5")
    assert DEMO_API_KEY in capsys.readouterr().out
    response = client.post(
        "/api/v1/referrals",
        row(source="wessex-vale-police", postcode="BS1 4DJ"),
        content_type="application/json",
        headers={"Authorization": f"Bearer {DEMO_API_KEY}"},
    )
    assert response.json()["created"] == 1
