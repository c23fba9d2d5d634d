"""On PostgreSQL the audit trail, access log and disclosure log are append-only in the
database itself: the application's own connection cannot UPDATE or DELETE their rows
(DPA 2018 s.62). TRUNCATE, which only the schema owner's maintenance uses, is not a row
event. SQLite (the embedded `make run` default) is not protected this way."""

from django.db import migrations

TABLES = ("audit_auditevent", "audit_accesslogentry", "audit_disclosureentry")

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION vch_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the % table is append-only', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(POSTGRES_FUNCTION, None)  # None: the % in RAISE is not a parameter
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION vch_refuse_change()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS vch_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_transfers")]
    operations = [migrations.RunPython(forwards, backwards)]
