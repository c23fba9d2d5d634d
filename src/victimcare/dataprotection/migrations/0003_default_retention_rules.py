"""Default retention periods; an administrator changes them in the admin."""

from django.db import migrations

DEFAULTS = [
    ("closed_case", 72, "Six years after the case ended (limitation period for claims)"),
    ("recorded_only_referral", 24, "Two years: referrals the hub never worked"),
    ("import_report", 12, "One year: import reports and their rejected rows"),
]


def forwards(apps, schema_editor):
    RetentionRule = apps.get_model("dataprotection", "RetentionRule")
    for record_type, months, basis in DEFAULTS:
        RetentionRule.objects.get_or_create(
            record_type=record_type, defaults={"keep_for_months": months, "basis": basis}
        )


class Migration(migrations.Migration):
    dependencies = [("dataprotection", "0002_disposal_log_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
