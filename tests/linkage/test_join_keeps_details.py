"""Each referral keeps the victim's details as it arrived (ADR 38): joining referrals to one
person never loses or overwrites them, each case contacts its victim by its own referral's
details, an identical resend changes nothing, and an unmerge restores exactly."""

import datetime

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, OrganisationFactory, PersonFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.api_keys import api_key_issue
from victimcare.accounts.models import OrganisationKind
from victimcare.audit.models import AuditEvent
from victimcare.cases.models import Case
from victimcare.feedback.messages import tracking_code_send
from victimcare.feedback.tracking import tracking_code_request
from victimcare.intake.importing import feed_import_file
from victimcare.linkage.models import CandidateStatus, LinkCandidate, PersonMerge
from victimcare.linkage.services import candidate_decide, people_unmerge
from victimcare.notifications import messages
from victimcare.notifications.models import OutboxMessage
from victimcare.people.models import Person
from victimcare.referrals.models import Referral, VictimDetails

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> str:
    return (timezone.now() - datetime.timedelta(days=n)).isoformat(timespec="minutes")


MAUD_1998 = dict(
    crime_reference="CR/M1",
    given_name="Maud",
    family_name="Pennington",
    date_of_birth="1998-04-09",
    address_line_1="12 High Street",
    town="Bristol",
    postcode="BS1 4DJ",
    phone="07700 900301",
    email="maud.p@example.org",
)
MAUD_1941 = dict(
    crime_reference="CR/M2",
    given_name="Maud",
    family_name="Pennington",
    date_of_birth="1941-11-23",
    address_line_1="90 High Street",
    town="Bristol",
    postcode="BS2 8QT",
    phone="07700 900302",
    email="mp1941@example.org",
)


@pytest.fixture
def token():
    police = OrganisationFactory(code="test-police", kind=OrganisationKind.POLICE_FORCE)
    return api_key_issue(organisation=police, name="nightly feed")[1]


def send(client, token, *items):
    response = client.post(
        "/api/v1/referrals",
        list(items),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.content
    return response.json()


def read_back(client, token, crime_reference):
    response = client.get(
        f"/api/v1/referrals/test-police/{crime_reference}/V1",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    return response.json()["victim"]


def details(model, **filters):
    return [model_to_dict(o) for o in model.objects.filter(**filters).order_by("pk")]


class Recorder:
    def __init__(self) -> None:
        self.sent = []

    def send(self, message) -> None:
        self.sent.append(message)

    def already_sent(self, key: str) -> bool:
        return False


def test_a_joined_persons_referrals_keep_their_own_details_and_each_case_uses_its_own(
    client, token, northgate, vco, monkeypatch
) -> None:
    send(
        client,
        token,
        row(**MAUD_1998, reported_at=days_ago(20)),
        row(**MAUD_1941, reported_at=days_ago(2)),
    )
    first, second = (Referral.objects.get(crime_reference=c) for c in ("CR/M1", "CR/M2"))
    people_before = details(Person)
    victims_before = details(VictimDetails)

    # An officer confirms the pair as one person (rightly or not: the details must survive).
    pair = LinkCandidate.objects.create(
        left_id=first.person_id,
        right_id=second.person_id,
        probability=0.97,
        match_weight=5,
        fields={},
        model_version=1,
        status=CandidateStatus.PENDING,
    )
    candidate_decide(candidate=pair, same_person=True, actor=vco)
    second.refresh_from_db()
    assert second.person_id == first.person_id  # joined
    # Nobody's details overwritten: only the join itself is recorded on the person.
    for before, after in zip(people_before, details(Person), strict=True):
        assert {**after, "merged_into": before["merged_into"]} == before
    assert Person.objects.get(pk=second.victim.referral.person_id).pk == first.person_id
    assert details(VictimDetails) == victims_before

    # The API reads each referral back with its own victim's details.
    older, younger = read_back(client, token, "CR/M2"), read_back(client, token, "CR/M1")
    assert (older["date_of_birth"], older["address_line_1"], older["postcode"]) == (
        "1941-11-23",
        "90 High Street",
        "BS2 8QT",
    )
    assert (older["phone"], older["email"]) == ("+447700900302", "mp1941@example.org")
    assert (younger["date_of_birth"], younger["phone"]) == ("1998-04-09", "+447700900301")

    # Each case's contact page shows its own referral's details.
    client.force_login(vco)
    for crime, own, other in (("CR/M2", MAUD_1941, MAUD_1998), ("CR/M1", MAUD_1998, MAUD_1941)):
        case = Case.objects.get(referral__crime_reference=crime)
        page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert own["address_line_1"] in page and other["address_line_1"] not in page
        own_phone, other_phone = ("+44" + m["phone"].replace(" ", "")[1:] for m in (own, other))
        assert own_phone in page and other_phone not in page

    # A message to the older Maud goes to her own phone or email, never the other's; Track
    # my case finds her case by her own date of birth.
    recorder = Recorder()
    monkeypatch.setattr(messages, "message_backend", lambda: recorder)
    case = Case.objects.get(referral__crime_reference="CR/M2")
    tracking_code_request(reference=case.reference, date_of_birth=datetime.date(1941, 11, 23))
    message = OutboxMessage.objects.get(kind="tracking_code")
    assert message.payload["case_id"] == case.pk
    tracking_code_send(message)
    [sent] = recorder.sent
    assert (sent.email, sent.phone) == ("mp1941@example.org", "+447700900302")

    # Undone: each referral back with its own person, every detail as before.
    people_unmerge(merge=PersonMerge.objects.get(), actor=vco)
    assert details(Person) == people_before
    assert details(VictimDetails) == victims_before
    assert Referral.objects.get(crime_reference="CR/M2").person_id != first.person_id


def state() -> dict:
    """Every record intake or linkage could touch, with the change history's size."""
    return {
        "people": details(Person),
        "referrals": details(Referral),
        "victims": details(VictimDetails),
        "cases": details(Case),
        "merges": details(PersonMerge),
        "pairs": details(LinkCandidate),
        "updated_at": list(Referral.objects.order_by("pk").values_list("updated_at", flat=True))
        + list(Person.objects.order_by("pk").values_list("updated_at", flat=True)),
        "history": [
            Person.history.count(),
            Referral.history.count(),
            VictimDetails.history.count(),
            Case.history.count(),
        ],
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture
def joined_file(index, northgate, vco):
    """A feed file in which linkage joins people: two victims the hub knows reported again
    (one of them twice, asking the second time for texts in Welsh after 6pm: a third report
    within a year), and a new victim reported twice in the same file, contacted differently
    each time. Joined referrals that differ are what once flipped the person's details."""
    known = [
        # Known with her family name mistyped: only linkage counts her earlier report.
        PersonFactory(
            given_name="Harriet",
            family_name="Lowthar",
            postcode="BS1 5AA",
            date_of_birth=datetime.date(1975, 8, 19),
            phone="+447700900411",
            email="h.lowther@example.org",
            address_line_1="4 Canal Walk",
        ),
        PersonFactory(
            given_name="Dafydd",
            family_name="Rees",
            postcode="BS2 0AB",
            date_of_birth=datetime.date(1983, 1, 7),
            phone="+447700900412",
            email="dafydd.rees@example.org",
            address_line_1="21 Brook Road",
        ),
    ]
    for person in known:
        CaseFactory(
            team=northgate,
            officer=vco,
            referral__person=person,
            referral__reported_at=timezone.now() - datetime.timedelta(days=100),
        )
    call_command("train_linkage", verbosity=0)
    rows = [
        row(
            crime_reference="CR/F1",
            given_name="Harriet",
            family_name="Lowther",
            date_of_birth="1975-08-19",
            postcode="BS1 5AA",
            address_line_1="4 Canal Walk",
            phone="07700 900411",
            email="h.lowther@example.org",
            reported_at=days_ago(30),
            crime_category="Vehicle crime",
            offence_code="045/00",
            offence_description="Theft from a vehicle",
            referral_consent="not_asked",
        ),
        row(
            crime_reference="CR/F2",
            given_name="Harriet",
            family_name="Lowther",
            date_of_birth="1975-08-19",
            postcode="BS1 5AA",
            address_line_1="4 Canal Walk",
            phone="07700 900411",
            email="h.lowther@example.org",
            reported_at=days_ago(3),
            preferred_contact="sms",
            first_language="Welsh",
            contact_notes="Text after 6pm",
            crime_category="Vehicle crime",
            offence_code="045/00",
            offence_description="Theft from a vehicle",
            referral_consent="not_asked",
        ),
        row(
            crime_reference="CR/F3",
            given_name="Dafydd",
            family_name="Rees",
            date_of_birth="1983-01-07",
            postcode="BS2 0AB",
            address_line_1="21 Brook Road",
            phone="07700 900412",
            email="dafydd.rees@example.org",
            reported_at=days_ago(5),
        ),
        row(
            crime_reference="CR/F4",
            given_name="Precious",
            family_name="Mbeki-Okoro",
            date_of_birth="1996-10-02",
            postcode="BS1 3EE",
            address_line_1="15 Elm Court",
            phone="07700 900413",
            email="precious.mo@example.org",
            reported_at=days_ago(9),
        ),
        row(
            crime_reference="CR/F5",
            given_name="Precious",
            family_name="Mbeki-Okoro",
            date_of_birth="1996-10-02",
            postcode="BS1 3EE",
            address_line_1="15 Elm Court",
            phone="07700 900413",
            email="precious.mo@example.org",
            reported_at=days_ago(4),
            preferred_contact="email",
            safe_to_contact="no",
            contact_notes="Email only",
        ),
        row(
            crime_reference="CR/F6",
            given_name="Tomasz",
            family_name="Zielinski",
            date_of_birth="1990-01-02",
            postcode="BS1 1AA",
            phone="",
            email="",
            reported_at=days_ago(1),
        ),
    ]
    return known, feed_csv(rows)


def test_the_same_file_twice_with_joined_people_reports_every_row_unchanged_and_changes_nothing(
    joined_file, write_csv
) -> None:
    known, text = joined_file
    first = feed_import_file(path=write_csv(text))
    assert (first.created, first.rejected) == (6, 0)
    harriet, dafydd = known
    joined = {
        crime: Referral.objects.get(crime_reference=crime).person_id
        for crime in ("CR/F1", "CR/F2", "CR/F3", "CR/F4", "CR/F5")
    }
    assert joined["CR/F1"] == joined["CR/F2"] == harriet.pk
    assert joined["CR/F3"] == dafydd.pk and joined["CR/F4"] == joined["CR/F5"]
    third = Referral.objects.get(crime_reference="CR/F2")
    assert "persistently_targeted" in third.entitlement_reason_codes  # found by linkage
    assert third.auto_referral == "refer"
    before = state()

    again = feed_import_file(path=write_csv(text, "again.csv"))

    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 6, 0)
    assert state() == before


def test_a_resend_that_changes_a_field_updates_only_its_own_referral(
    joined_file, write_csv
) -> None:
    known, text = joined_file
    feed_import_file(path=write_csv(text))
    harriet = known[0]
    before = state()
    person_before = details(Person, pk=harriet.pk)
    other = Referral.objects.get(crime_reference="CR/F1")
    other_victim, other_history = model_to_dict(other.victim), other.victim.history.count()

    changed = text.replace("Text after 6pm", "Text after 7pm")
    run = feed_import_file(path=write_csv(changed, "changed.csv"))

    assert (run.updated, run.unchanged) == (1, 5)
    resent = Referral.objects.get(crime_reference="CR/F2")
    assert resent.victim.contact_notes == "Text after 7pm"
    assert resent.victim.history.latest().contact_notes == "Text after 7pm"
    event = AuditEvent.objects.filter(action="referral.updated", object_id=str(resent.pk)).get()
    assert event.data["victim_fields"] == ["contact_notes"] and event.data["person_fields"] == []
    assert "7pm" not in str(event.data)  # the trail names fields, not values
    # Her linkage-found entitlement stands; nothing else changed anywhere.
    assert "persistently_targeted" in resent.entitlement_reason_codes
    assert details(Person, pk=harriet.pk) == person_before
    other.refresh_from_db()
    assert model_to_dict(other.victim) == other_victim
    assert other.victim.history.count() == other_history
    after = state()
    assert after["people"] == before["people"] and after["cases"] == before["cases"]
    assert [v for v in after["victims"] if v["referral"] != resent.pk] == [
        v for v in before["victims"] if v["referral"] != resent.pk
    ]
    # Every other referral (its entitlement included) exactly as it was.
    assert [r for r in after["referrals"] if r["id"] != resent.pk] == [
        r for r in before["referrals"] if r["id"] != resent.pk
    ]
