"""The migration that gives each referral its own copy of the victim's details keeps the data
already held: a referral a merge moved to another person takes the details of the person it
arrived with (which a merge never changed); any other takes its person's."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [
    ("referrals", "0009_crime_reference_search_index"),
    ("linkage", "0003_model_term_frequencies"),
    ("people", "0005_person_name_block"),
]
AFTER = [("referrals", "0011_victim_details_copied"), ("people", "0005_person_name_block")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def migrated_back():
    """The database as it was before the migration; migrated forward again whatever happens,
    so the tests after this one find the tables they need."""
    yield migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_referrals_get_the_details_they_arrived_with(migrated_back) -> None:
    apps = migrated_back
    Person = apps.get_model("people", "Person")
    Referral = apps.get_model("referrals", "Referral")
    PersonMerge = apps.get_model("linkage", "PersonMerge")

    def person(given, born, address, phone):
        return Person.objects.create(
            kind="individual",
            given_name=given,
            family_name="Pennington",
            date_of_birth=born,
            address_line_1=address,
            postcode="BS1 4DJ",
            phone=phone,
            email=f"{given.lower()}@example.org",
            safe_to_contact=True,
        )

    def referral(crime, owner):
        return Referral.objects.create(
            source="test-police",
            crime_reference=crime,
            victim_reference="V1",
            channel="police_feed",
            person=owner,
            reported_at=timezone.now(),
            incident_type="crime",
            crime_category="Burglary",
            referral_consent="given",
            entitlement_level="standard",
            auto_referral="consent_given",
            auto_referral_reason="Consented",
            contact_due_by=timezone.localdate(),
            contact_due_reason="2 working days",
            update_within_working_days=5,
        )

    maud = person("Maud", datetime.date(1998, 4, 9), "12 High Street", "+447700900301")
    elder = person("Mabel", datetime.date(1941, 11, 23), "90 High Street", "+447700900302")
    undone = person("Marge", datetime.date(1960, 1, 1), "1 Low Street", "+447700900303")
    own, moved, back = referral("CR/1", maud), referral("CR/2", maud), referral("CR/3", undone)
    # Joined in the past: Mabel's referral moved to Maud. And a merge since undone.
    Person.objects.filter(pk=elder.pk).update(merged_into=maud)
    PersonMerge.objects.create(
        survivor=maud, merged=elder, moved={"referrals": [moved.pk], "cases": []}
    )
    PersonMerge.objects.create(
        survivor=maud,
        merged=undone,
        unmerged_at=timezone.now(),
        moved={"referrals": [back.pk], "cases": []},
    )

    apps = migrate(AFTER)
    VictimDetails = apps.get_model("referrals", "VictimDetails")
    got = {
        v.referral_id: (
            v.given_name,
            v.date_of_birth,
            v.address_line_1,
            v.phone,
            v.email,
            v.safe_to_contact,
            v.name_key,
        )
        for v in VictimDetails.objects.all()
    }
    assert got == {
        own.pk: (
            "Maud",
            datetime.date(1998, 4, 9),
            "12 High Street",
            "+447700900301",
            "maud@example.org",
            True,
            got[own.pk][6],
        ),
        moved.pk: (
            "Mabel",
            datetime.date(1941, 11, 23),
            "90 High Street",
            "+447700900302",
            "mabel@example.org",
            True,
            got[moved.pk][6],
        ),
        back.pk: (
            "Marge",
            datetime.date(1960, 1, 1),
            "1 Low Street",
            "+447700900303",
            "marge@example.org",
            True,
            got[back.pk][6],
        ),
    }
    assert got[own.pk][6] and got[own.pk][6] != got[moved.pk][6]  # names keyed for counting
