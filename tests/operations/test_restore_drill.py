"""The restore drill on PostgreSQL: a backup restores into a fresh database and reads back
with the keys, and without them it fails saying so."""

import pytest
from django.core.management import CommandError, call_command

from tests.factories import CaseFactory
from victimcare.audit.models import AccessLogEntry
from victimcare.people.models import Person

pytestmark = [pytest.mark.postgresql_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def records() -> Person:
    case = CaseFactory(
        referral__person__phone="+447700900123",
        referral__person__email="drill@example.org",
        referral__person__contact_notes="Ring after 6pm; not the landline",
    )
    AccessLogEntry.objects.create(route="cases:detail", object_ids=[str(case.pk)])
    return case.person


def test_a_backup_restores_and_its_contact_details_decrypt(records, capsys) -> None:
    call_command("restore_drill")
    out = capsys.readouterr().out
    assert "(equal to the source's counts)" in out
    assert "encrypted values in" in out and not out.startswith("0 encrypted")
    decrypted = int(out.split(" encrypted values")[0].rsplit("\n", 1)[-1])
    assert decrypted >= 3  # the phone, the email and the notes at least
    assert "audit_accesslogentry," in out or "audit_accesslogentry." in out
    assert "Restore drill passed." in out
    assert "+447700900123" not in out and "drill@example.org" not in out


def test_without_the_keys_the_drill_fails_and_says_which_keys(records, settings) -> None:
    settings.SECRET_KEY = "a-different-secret-key-than-the-one-that-encrypted-the-data"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(CommandError) as failure:
        call_command("restore_drill")
    message = str(failure.value)
    assert message.startswith("Restore drill FAILED:")
    assert "cannot be decrypted with the configured keys" in message
    assert "FIELD_ENCRYPTION_SALTS" in message
    assert "+447700900123" not in message


def test_the_drill_reads_an_existing_backup_file(records, tmp_path, capsys) -> None:
    import shutil
    import subprocess

    from django.db import connection

    dump = tmp_path / "hub.dump"
    db = connection.settings_dict
    subprocess.run(
        [
            str(shutil.which("pg_dump")),
            "--format=custom",
            "--host",
            db["HOST"],
            "--port",
            str(db["PORT"]),
            "--username",
            db["USER"],
            f"--file={dump}",
            db["NAME"],
        ],
        check=True,
    )
    call_command("restore_drill", "--dump", str(dump))
    assert "Restore drill passed." in capsys.readouterr().out
    with pytest.raises(CommandError, match="No backup file at"):
        call_command("restore_drill", "--dump", str(tmp_path / "missing.dump"))


def test_a_backup_whose_logs_lost_their_append_only_guard_fails_the_drill(records) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER audit_accesslogentry_append_only ON audit_accesslogentry")
    try:
        with pytest.raises(CommandError, match="append-only triggers of audit_accesslogentry"):
            call_command("restore_drill")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TRIGGER audit_accesslogentry_append_only BEFORE UPDATE OR DELETE ON "
                "audit_accesslogentry FOR EACH ROW EXECUTE FUNCTION vch_refuse_change()"
            )
