"""On PostgreSQL the audit trail and the logs cannot be changed or deleted, even by the
hub's own code. (SQLite, the embedded default, has no such guard: these tests are
collected on the PostgreSQL leg only; see tests/conftest.py.)"""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import UserFactory
from victimcare.audit.models import AccessLogEntry, AuditEvent, DisclosureEntry
from victimcare.audit.services import access_record, audit_event_record, disclosure_record

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql_only]


@pytest.fixture
def rows():
    user = UserFactory()
    with transaction.atomic():
        event = audit_event_record(action="test.done", obj=user)
    access = access_record(
        user=user, route="test", object_type="cases.case", object_ids=[1], person_ids=[1]
    )
    disclosure = disclosure_record(
        recipient="Peer hub",
        route="transfer",
        object_type="referrals.referral",
        object_ids=[1],
        person_ids=[1],
        lawful_basis="test",
    )
    return [(AuditEvent, event.pk), (AccessLogEntry, access.pk), (DisclosureEntry, disclosure.pk)]


@pytest.mark.parametrize(
    "statement",
    ["UPDATE {table} SET object_type = 'x' WHERE id = %s", "DELETE FROM {table} WHERE id = %s"],
)
def test_the_database_refuses_to_change_or_delete_log_rows(rows, statement) -> None:
    for model, pk in rows:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement.format(table=model._meta.db_table), [pk])
        assert model.objects.filter(
            pk=pk, object_type__in=["cases.case", "referrals.referral", "accounts.user"]
        ).exists()


def test_the_orm_cannot_delete_them_either(rows) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.count() == 1
