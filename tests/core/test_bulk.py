"""A feed batch written with COPY (core/bulk.py) stores exactly what the ORM's own bulk
writes store: every field of every person, referral and case, their history rows and
their audit events. On SQLite both are `bulk_create`; on PostgreSQL the first is COPY."""

import datetime

import pytest
from django.db import connection
from django.db.models import Q
from faker import Faker

from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.models import User
from victimcare.audit.models import AuditEvent
from victimcare.cases.models import Case
from victimcare.core import bulk
from victimcare.intake.importing import feed_import_file
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db

SKIP = {
    "id",
    "history_id",
    "history_date",
    "created_at",
    "updated_at",
    "opened_at",
    "received_at",
    "source",
    "reference",
    "person",
    "person_id",
    "referral",
    "referral_id",
    "history_relation",
    "import_run",
    "import_run_id",
}


def rows(source: str) -> list[dict[str, str]]:
    fake = Faker("en_GB")
    Faker.seed(3)
    made = []
    for n in range(30):
        made.append(
            row(
                source=source,
                crime_reference=f"CR/{n}",
                victim_reference="V1",
                given_name=fake.first_name(),
                family_name=f"{fake.last_name()}-Ó'Brien",
                date_of_birth=fake.date_of_birth(minimum_age=10, maximum_age=90).isoformat(),
                postcode=f"BS{n % 9 + 1} 4DJ",
                phone=f"07700 900{n:03d}",
                email=f"person{n}@example.org",
                address_line_1=fake.street_address(),
                domestic_abuse="true" if n % 3 == 0 else "",
                hate_crime="true" if n % 4 == 0 else "",
                referral_consent=("given", "not_asked", "declined")[n % 3],
                crime_category=("Burglary", "Vehicle crime", "Violence and sexual offences")[n % 3],
            )
        )
    return made


def values(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in SKIP and field.name not in SKIP
    }


def stored(source: str) -> list[dict]:
    out = []
    for referral in Referral.objects.filter(source=source).order_by("crime_reference"):
        case = Case.objects.get(referral=referral)
        out.append(
            {
                "person": values(referral.person),
                "referral": values(referral),
                "case": values(case),
                "victim": values(referral.victim),
                "victim history": [values(h) for h in referral.victim.history.all()],
                "person history": [values(h) for h in referral.person.history.all()],
                "referral history": [values(h) for h in referral.history.all()],
                "case history": [values(h) for h in case.history.all()],
                "audit": sorted(
                    (e.action, e.actor_label, sorted(e.data))
                    for e in AuditEvent.objects.filter(
                        Q(object_type="referrals.referral", object_id=str(referral.pk))
                        | Q(object_type="cases.case", object_id=str(case.pk))
                    )
                ),
            }
        )
    return out


@pytest.mark.parametrize("binary", [True, False], ids=["binary COPY", "text COPY"])
def test_copy_writes_what_the_orm_writes(write_csv, northgate, monkeypatch, binary) -> None:
    if not binary:  # as for a table with a column of a type not sent in binary (ADR 70)
        monkeypatch.setattr(bulk, "_BINARY_OIDS", frozenset())
    monkeypatch.setattr(bulk, "COPY_FROM", 10_000)  # the ORM's bulk_create
    feed_import_file(path=write_csv(feed_csv(rows("orm-police")), "orm.csv"))
    monkeypatch.setattr(bulk, "COPY_FROM", 1)  # COPY on PostgreSQL
    feed_import_file(path=write_csv(feed_csv(rows("copy-police")), "copy.csv"))

    by_orm, by_copy = stored("orm-police"), stored("copy-police")
    assert len(by_copy) == 30
    for orm, copied in zip(by_orm, by_copy, strict=True):
        for part, written in copied.items():
            if isinstance(written, dict):
                differing = {
                    k: (v, orm[part].get(k)) for k, v in written.items() if orm[part].get(k) != v
                }
                assert not differing, (part, differing)
        assert copied == orm
    # Read back through the ORM: decrypted, enums by value, JSON as written, times set.
    first = Referral.objects.filter(source="copy-police").order_by("crime_reference").first()
    assert first is not None
    assert first.person.phone.startswith("+447700900")
    assert first.person.address_line_1
    assert first.auto_referral in {
        "refer",
        "awaiting_consent",
        "consent_given",
        "declined",
        "not_automatic",
    }
    assert first.received_at > datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    assert first.history.count() == 1 and first.history.get().history_type == "+"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the address is encrypted at rest
            cursor.execute(
                "SELECT address_line_1 FROM people_person WHERE id = %s", [first.person_id]
            )
            assert cursor.fetchone()[0].startswith("gAAAAA")
            cursor.execute(
                "SELECT address_line_1 FROM referrals_victimdetails WHERE referral_id = %s",
                [first.pk],
            )
            assert cursor.fetchone()[0].startswith("gAAAAA")
    assert first.victim.address_line_1 == first.person.address_line_1


def test_new_unsaved_makes_what_the_constructor_makes(northgate) -> None:
    given = {"source": "x-police", "crime_reference": "CR/1", "team": northgate}
    made, constructed = bulk.new_unsaved(Referral, given), Referral(**given)
    assert values(made) == values(constructed)
    assert made.team_id == northgate.pk and made._state.adding
    with pytest.raises(TypeError):
        bulk.new_unsaved(Referral, {"no_such_field": 1})


def _events(count: int, **values) -> list[AuditEvent]:
    return [
        bulk.new_unsaved(
            AuditEvent,
            {"action": "referral.received", "object_type": "t.t", "object_id": str(n), **values},
        )
        for n in range(count)
    ]


def test_ids_come_from_the_tables_sequence_never_twice(monkeypatch) -> None:
    monkeypatch.setattr(bulk, "COPY_FROM", 1)  # COPY on PostgreSQL
    before = AuditEvent.objects.create(action="referral.received", object_type="t.t")
    first = bulk.bulk_insert(_events(25))
    between = AuditEvent.objects.create(action="referral.received", object_type="t.t")
    second = bulk.bulk_insert(_events(25))  # the sequence as looked up for the first
    ids = [before.pk, *(e.pk for e in first), between.pk, *(e.pk for e in second)]
    assert ids == sorted(ids) and len(set(ids)) == 52
    assert AuditEvent.objects.filter(pk__in=ids).count() == 52
    assert AuditEvent.objects.create(action="referral.received", object_type="t.t").pk > ids[-1]


def test_an_unsaved_related_object_is_refused_as_the_orm_refuses_it(monkeypatch) -> None:
    monkeypatch.setattr(bulk, "COPY_FROM", 1)
    unsaved = User(username="not-saved")
    with pytest.raises(ValueError, match="unsaved related object 'actor'"):
        bulk.bulk_insert(_events(25, actor=unsaved))
    unsaved.save()
    events = bulk.bulk_insert(_events(25, actor=unsaved))  # saved since it was assigned
    assert {e.actor_id for e in AuditEvent.objects.filter(pk__in=[e.pk for e in events])} == {
        unsaved.pk
    }


def _indexed(table: str) -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {c["columns"][0] for c in found.values() if c["index"] and len(c["columns"]) == 1}


def test_history_is_indexed_for_what_reads_and_erases_it() -> None:
    """ADR 65: a history table indexes the object's id (its change history), when, who, and
    what erasure and retention delete by; not the other relations its object's table has."""
    assert {"id", "history_date", "history_user_id", "person_id"} <= _indexed(
        "cases_historicalcase"
    )
    assert {"id", "history_date"} <= _indexed("referrals_historicalreferral")
    assert {"id", "history_date"} <= _indexed("people_historicalperson")
    assert {"id", "referral_id"} <= _indexed("referrals_historicalvictimdetails")
    unindexed = {
        "cases_historicalcase": {"team_id", "reference", "referral_id", "officer_id"},
        "referrals_historicalreferral": {"team_id", "source_organisation_id", "person_id"},
        "people_historicalperson": {"merged_into_id"},
    }
    for table, columns in unindexed.items():
        assert not columns & _indexed(table), table


# The tables a new referral writes a row to (ADR 70).
INTAKE_TABLES = (
    "people_person",
    "referrals_referral",
    "referrals_victimdetails",
    "cases_case",
    "audit_auditevent",
    "people_historicalperson",
    "referrals_historicalreferral",
    "referrals_historicalvictimdetails",
    "cases_historicalcase",
)


def test_no_index_intake_writes_is_one_a_wider_index_already_serves() -> None:
    """ADR 70: a plain index whose columns begin another index of the same table is an entry
    more a row for nothing (the wider one finds the same rows): the referral's (source,
    crime reference) lies in its unique key, the case's team in its two queue indexes. A
    pattern index (`_like`, PostgreSQL's `LIKE` lookups) is another kind and is not one."""
    with connection.cursor() as cursor:
        for table in INTAKE_TABLES:
            found = connection.introspection.get_constraints(cursor, table)
            indexes = {
                name: c["columns"]
                for name, c in found.items()
                if (c["index"] or c["unique"]) and c["columns"] and not name.endswith("_like")
            }
            for name, columns in indexes.items():
                if found[name]["unique"] or found[name]["primary_key"]:
                    continue
                wider = [
                    other
                    for other, others in indexes.items()
                    if other != name and others[: len(columns)] == columns
                ]
                assert not wider, (table, name, columns, wider)


@pytest.mark.postgresql_only  # COPY is PostgreSQL's
def test_every_table_intake_writes_goes_in_binary_copy() -> None:
    """ADR 70: each column of the tables a new referral writes is of a type COPY sends in
    binary, so PostgreSQL parses no text for them (a column of another type would send its
    whole table as text again: add its type to `_BINARY_OIDS` with a test of its values)."""
    with connection.cursor() as cursor:
        for table in INTAKE_TABLES:
            oids = bulk._column_oids(cursor, table)
            assert set(oids.values()) <= bulk._BINARY_OIDS, table
