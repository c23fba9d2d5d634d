"""The migration linter (`make lint-migrations`, scripts/lint_migrations.py) catches a new
migration that would break the release still running during a rolling deploy, and passes
one made the safe way. PostgreSQL only: the linter reads the SQL production runs."""

import importlib.util
from pathlib import Path

import pytest
from django.db import migrations, models

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql_only]


def lint_migrations_module():
    spec = importlib.util.spec_from_file_location(
        "lint_migrations", ROOT / "scripts/lint_migrations.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lint(*operations) -> bool:
    """Lints one migration of the operations app, made in memory after the last one on disk;
    True when the linter finds it safe."""
    module = lint_migrations_module()
    linter = module.make_linter(include_apps=["operations"], no_output=True)
    leaf = max(name for app, name in linter.migration_loader.disk_migrations if app == "operations")
    migration = type(
        "Migration",
        (migrations.Migration,),
        {"dependencies": [("operations", leaf)], "operations": list(operations)},
    )("9999_temporary", "operations")
    linter.lint_in_memory(migration)
    return not linter.has_errors


def test_a_not_null_column_with_only_a_django_default_is_caught() -> None:
    assert not lint(
        migrations.AddField("scheduledrun", "note", models.CharField(max_length=20, default=""))
    )


def test_dropping_or_renaming_a_column_the_running_release_reads_is_caught() -> None:
    assert not lint(migrations.RemoveField("scheduledrun", "attempts"))
    assert not lint(migrations.RenameField("scheduledrun", "attempts", "tries"))


def test_a_nullable_column_or_one_with_a_database_default_passes() -> None:
    assert lint(migrations.AddField("scheduledrun", "note", models.TextField(null=True)))
    assert lint(
        migrations.AddField("scheduledrun", "note", models.CharField(max_length=20, db_default=""))
    )


def test_each_reviewed_migration_exists_and_says_why_it_is_safe() -> None:
    """`make lint-migrations` lints every migration on disk; here, the list it skips."""
    from django.db.migrations.loader import MigrationLoader

    module = lint_migrations_module()
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    for key, reason in module.REVIEWED.items():
        assert key in on_disk, f"{key} is reviewed but does not exist"
        assert len(reason) > 40, f"{key}: say why it is safe"
