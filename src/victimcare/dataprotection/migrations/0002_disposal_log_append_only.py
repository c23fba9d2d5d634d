"""On PostgreSQL the disposal log is append-only, like the access and disclosure logs."""

from django.db import migrations

TABLE = "dataprotection_disposallogentry"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION vch_refuse_change()"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("dataprotection", "0001_initial"), ("audit", "0003_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
