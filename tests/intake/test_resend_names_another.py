"""A later copy of a referral that names another victim is refused, whichever way it comes
(ADR 67): the victim's record is left as it was, the sender is told which fields and what
to do, nothing of the held victim is echoed back, and the rows beside it land. Intake runs
outside a test transaction in production, so these tests do too."""

import json

import pytest
from django.core.management import call_command

from tests.factories import OrganisationFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.api_keys import api_key_issue
from victimcare.accounts.models import OrganisationKind
from victimcare.audit.models import AuditEvent
from victimcare.intake.importing import feed_import_file
from victimcare.people.models import Person
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db(transaction=True)

# Another victim of another crime, keyed by mistake under Amelia Hart's references.
STRANGER = {
    "given_name": "Kwame",
    "family_name": "Mensah",
    "date_of_birth": "2001-07-30",
    "postcode": "BS2 9ZZ",
    "phone": "07700 900777",
    "email": "k.mensah@example.net",
}


def held(crime_reference: str = "CR/26/000001") -> Referral:
    return Referral.objects.select_related("victim", "person", "case").get(
        crime_reference=crime_reference
    )


def test_a_file_resend_naming_another_victim_is_refused_and_the_rows_beside_it_land(
    write_csv, northgate
) -> None:
    feed_import_file(path=write_csv(feed_csv([row(), row(crime_reference="CR/2")])))
    before = held()
    case_reference = before.case.reference

    run = feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    row(crime_reference="CR/2", domestic_abuse="true"),  # line 2: a real update
                    row(**STRANGER),  # line 3: a stranger under Amelia's key
                    row(crime_reference="CR/3"),  # line 4: new
                ]
            ),
            "resend.csv",
        )
    )

    assert (run.created, run.updated, run.unchanged, run.rejected) == (1, 1, 0, 1)
    rejection = run.rejections.get()
    assert (rejection.line, rejection.column) == (3, "victim_reference")
    assert rejection.reason.startswith(
        "names another victim: the given_name, family_name and date_of_birth sent differ from "
        "the victim this referral was sent for."
    )
    assert rejection.record_key == "test-police/CR/26/000001/V1"
    for detail in ("Amelia", "Hart", "1988", case_reference):
        assert detail not in rejection.reason  # nothing of the held victim is told
    after = held()
    assert (after.victim.given_name, after.victim.family_name) == ("Amelia", "Hart")
    assert str(after.victim.date_of_birth) == "1988-05-02"
    assert (after.victim.phone, after.victim.email) == ("+447700900123", "amelia.hart@example.org")
    assert (after.person.given_name, after.person.postcode) == ("Amelia", "BS1 4DJ")
    assert after.updated_at == before.updated_at
    assert held("CR/2").domestic_abuse is True
    assert Referral.objects.filter(crime_reference="CR/3").exists()
    assert not Person.objects.filter(given_name="Kwame").exists()

    refused = AuditEvent.objects.get(action="referral.resend_refused")
    assert refused.data == {
        "import_run_id": run.pk,
        "fields": ["given_name", "family_name", "date_of_birth"],
    }
    assert "Kwame" not in json.dumps(refused.data)  # field names only, never the values

    again = feed_import_file(path=write_csv(feed_csv([row(**STRANGER)]), "again.csv"))
    assert (again.updated, again.rejected) == (0, 1)  # sent again, refused again
    assert held().victim.given_name == "Amelia"


@pytest.mark.parametrize(
    ("correction", "field", "value"),
    [
        ({"family_name": "Okafor"}, "family_name", "Okafor"),  # married
        ({"given_name": "Amélie"}, "given_name", "Amélie"),  # spelt as she spells it
        ({"date_of_birth": "1988-02-05"}, "date_of_birth", "1988-02-05"),  # day, month swapped
        ({"date_of_birth": "1998-05-02"}, "date_of_birth", "1998-05-02"),  # keyed again
        ({"given_name": "Hart", "family_name": "Amelia"}, "family_name", "Amelia"),  # swapped
    ],
)
def test_a_resend_that_corrects_the_victims_details_still_updates(
    write_csv, northgate, correction, field, value
) -> None:
    feed_import_file(path=write_csv(feed_csv([row()])))
    run = feed_import_file(path=write_csv(feed_csv([row(**correction)]), "resend.csv"))
    assert (run.updated, run.rejected) == (1, 0)
    assert str(getattr(held().victim, field)) == value


def test_the_command_prints_the_refusal_with_its_line_and_key(write_csv, northgate, capsys) -> None:
    feed_import_file(path=write_csv(feed_csv([row()])))
    call_command(
        "import_referrals", str(write_csv(feed_csv([row(**STRANGER)]), "r.csv")), "--no-progress"
    )
    out = capsys.readouterr().out
    assert "rejected:  1" in out
    assert "line 2 [test-police/CR/26/000001/V1]: victim_reference: names another victim" in out


def test_an_api_resend_naming_another_victim_is_refused_without_the_case_reference(
    client, northgate
) -> None:
    police = OrganisationFactory(code="test-police", kind=OrganisationKind.POLICE_FORCE)
    token = api_key_issue(organisation=police, name="nightly feed")[1]

    def send(items):
        response = client.post(
            "/api/v1/referrals",
            json.dumps(items),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, response.content
        return response.json()

    first = send([row()])
    case_reference = first["results"][0]["case_reference"]
    body = send([row(**STRANGER), row(crime_reference="CR/2")])

    assert (body["created"], body["updated"], body["rejected"]) == (1, 0, 1)
    refused = body["results"][0]
    assert refused["status"] == "rejected"
    assert [e["column"] for e in refused["errors"]] == ["victim_reference"]
    assert case_reference not in json.dumps(refused)
    assert "Amelia" not in json.dumps(body)
    assert held().victim.given_name == "Amelia"


def test_a_stranger_brought_in_one_part_at_a_time_is_stopped_at_the_second_part(
    write_csv, northgate
) -> None:
    """Each copy is compared with the victim as first received too, so corrections that
    each change one part cannot add up to another person: in one file or over several."""
    feed_import_file(path=write_csv(feed_csv([row()])))
    one_file = feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    row(given_name="Kwame"),  # line 2: a given name "corrected"
                    row(given_name="Kwame", family_name="Mensah"),  # line 3
                    row(given_name="Kwame", family_name="Mensah", date_of_birth="2001-07-30"),
                ]
            ),
            "steps.csv",
        )
    )
    assert (one_file.updated, one_file.rejected) == (1, 2)
    assert sorted(r.line for r in one_file.rejections.all()) == [3, 4]
    assert (held().victim.given_name, held().victim.family_name) == ("Kwame", "Hart")
    later = feed_import_file(
        path=write_csv(feed_csv([row(given_name="Kwame", family_name="Mensah")]), "later.csv")
    )
    assert (later.updated, later.rejected) == (0, 1)
    assert held().victim.family_name == "Hart"


def test_a_person_sent_again_as_a_business_to_blank_their_names_is_refused(
    write_csv, northgate
) -> None:
    feed_import_file(path=write_csv(feed_csv([row()])))
    run = feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    row(
                        victim_kind="business",
                        business_name="Mallory Trading Ltd",
                        given_name="",
                        family_name="",
                        date_of_birth="",
                    )
                ]
            ),
            "business.csv",
        )
    )
    assert run.rejected == 1
    assert "the victim_kind sent differs" in run.rejections.get().reason
    assert (held().victim.kind, held().victim.given_name) == ("individual", "Amelia")
