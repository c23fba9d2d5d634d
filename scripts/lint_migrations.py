"""Lints every migration of the hub with django-migration-linter (`make lint-migrations`).

A rolling deploy runs the new schema under the old code for a while (docs/operations.md,
"Deploys"): a migration that adds a NOT NULL column without a database default, drops or
renames a column or table, or otherwise breaks the previous release is an error and fails
`make test`. The SQL is the one PostgreSQL (production) would run: run it with a PostgreSQL
DATABASE_URL (SQLite's table rebuilds would be flagged for other reasons).

Migrations deployed before the linter existed, or safe for a reason the linter cannot see,
are listed in REVIEWED with that reason. Add to it only after review, never to silence a
new migration: make the migration safe instead (nullable, or `db_default=`; drop a column
only in the release after the code stopped using it).

    DATABASE_URL=postgres://… python scripts/lint_migrations.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Why the migrations below are accepted. All were applied before the hub's first production
# release: every database so far was made from scratch by `migrate` with no older version of
# the code running beside it, which is the one case where these operations cannot break a
# running release. None of them would be accepted now: a new column is nullable or has a
# `db_default=` (kept in the database, so old code's INSERTs still work); a type change is a
# new column plus a backfill; a drop comes a release after the code stopped using the column.
_BEFORE_RELEASE_DEFAULT = (
    "before the first release. Adds NOT NULL columns with a Django-side default: PostgreSQL "
    "fills existing rows, then Django drops the default, so only an older version inserting "
    "rows during the deploy could fail, and none was running"
)
REVIEWED: dict[tuple[str, str], str] = {
    ("accounts", "0003_allocation"): _BEFORE_RELEASE_DEFAULT
    + " (team.auto_allocate; user.languages, takes_new_cases, young_victims)",
    ("audit", "0004_people_searchable"): _BEFORE_RELEASE_DEFAULT
    + " (accesslogentry.people, disclosureentry.people: the append-only logs' new column)",
    ("cases", "0002_allocation"): _BEFORE_RELEASE_DEFAULT + " (case.allocation_reason)",
    ("cases", "0003_longer_reference"): (
        "widens case.reference from varchar(12) to varchar(16): old code reads and writes "
        "the wider column unchanged (a widening is compatible; the linter asks for review)"
    ),
    ("cases", "0006_onward_referral_links"): (
        "before the first release. onwardreferral.agreement, case and service NOT NULL "
        "without a default: the onward referrals table was new in 0005 of the same release "
        "and empty in every database when this ran"
    ),
    ("cases", "0009_tasks_outcomes_safeguarding"): (
        "onward referral status: new choices and a longer varchar. Old code reads the wider "
        "column; rows with the new states did not exist before the new code wrote them"
    ),
    ("cases", "0011_note_shared_with_victim"): _BEFORE_RELEASE_DEFAULT
    + " (casenote.shared_with_victim and its history table)",
    ("cases", "0012_casetask_code_area_casetask_ended_at_and_more"): _BEFORE_RELEASE_DEFAULT
    + " (casetask.code_area, ended_reason, reason)",
    ("cases", "0014_case_triage"): _BEFORE_RELEASE_DEFAULT + " (case.triage and its history)",
    ("directory", "0002_eligibility_and_reach"): _BEFORE_RELEASE_DEFAULT
    + " (twelve service eligibility and reach columns)",
    ("entitlements", "0002_ruleconfiguration_approval_events_and_more"): _BEFORE_RELEASE_DEFAULT
    + " (six ruleconfiguration time limits)",
    ("linkage", "0003_model_term_frequencies"): _BEFORE_RELEASE_DEFAULT
    + " (linkagemodel.term_frequencies)",
    ("notifications", "0002_outboxmessage_case_outboxmessage_channel_and_more"): (
        _BEFORE_RELEASE_DEFAULT + " (outboxmessage.channel)"
    ),
    ("people", "0002_encrypted_contact_details_and_history"): (
        "before the first release, when the table held no real data: contact details changed "
        "from plain text to encrypted text in place. Old code would read ciphertext: such a "
        "change now is a new column, a backfill, then a drop a release later"
    ),
    ("people", "0004_person_email_index_person_family_phonetic_and_more"): (
        _BEFORE_RELEASE_DEFAULT + " (person.email_index, family_phonetic, phone_index)"
    ),
    ("people", "0005_person_name_block"): _BEFORE_RELEASE_DEFAULT + " (person.name_block)",
    ("referrals", "0002_import_progress"): _BEFORE_RELEASE_DEFAULT
    + " (importrun.failure, status, upload_path)",
    ("referrals", "0004_lawful_basis_history_encrypted_peer_key"): (
        "before the first release, with no peer hub configured anywhere: peerhub.api_key "
        "changed to encrypted text in place (see people 0002 for how it is done now)"
    ),
    ("referrals", "0006_importrun_kind"): _BEFORE_RELEASE_DEFAULT + " (importrun.kind)",
    ("referrals", "0008_referral_given_crime_reference"): _BEFORE_RELEASE_DEFAULT
    + " (referral.given_crime_reference and its history)",
    ("referrals", "0012_import_run_linkage_counts"): _BEFORE_RELEASE_DEFAULT
    + " (importrun.linkage)",
}


def make_linter(**options: Any) -> Any:
    """A linter that knows REVIEWED by app and name, and can lint migrations that exist only
    in memory (tests/operations/test_migration_lint.py)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django_migration_linter import MigrationLinter

    class HubMigrationLinter(MigrationLinter):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(no_cache=True, **kwargs)
            self.in_memory: dict[tuple[str, str], Any] = {}

        def should_ignore_migration(
            self, app_label: str, migration_name: str, *args: Any, **kwargs: Any
        ) -> bool:
            if (app_label, migration_name) in REVIEWED:
                return True
            return bool(super().should_ignore_migration(app_label, migration_name, *args, **kwargs))

        def get_migration_hash(self, app_label: str, migration_name: str) -> str:
            if (app_label, migration_name) in self.in_memory:
                return ""
            return str(MigrationLinter.get_migration_hash(app_label, migration_name))

        def get_sql(self, app_label: str, migration_name: str) -> list[str]:
            migration = self.in_memory.get((app_label, migration_name))
            if migration is None:
                return list(super().get_sql(app_label, migration_name))
            # As sqlmigrate would, on top of every migration on disk.
            executor = MigrationExecutor(connection)
            state = executor.loader.project_state()
            with connection.schema_editor(collect_sql=True, atomic=False) as editor:
                migration.apply(state, editor, collect_sql=True)
            return [line for statement in editor.collected_sql for line in statement.splitlines()]

        def lint_in_memory(self, migration: Any) -> None:
            self.in_memory[(migration.app_label, migration.name)] = migration
            self.lint_migration(migration)

    return HubMigrationLinter(**options)


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "victimcare.config.settings.test")
    import django
    from django.db import connection

    django.setup()
    if connection.vendor != "postgresql":
        print(
            "lint_migrations: DATABASE_URL must be PostgreSQL (the SQL production runs)",
            file=sys.stderr,
        )
        return 2
    from django.apps import apps

    # The hub's own apps. Third-party apps' migrations (Django's, axes, django-otp, the task
    # backend) come with their releases: they are reviewed when their pin changes.
    linter = make_linter(
        include_apps=[c.label for c in apps.get_app_configs() if c.name.startswith("victimcare.")],
        quiet=["ok", "ignore"],  # errors and warnings only, then the summary
    )
    linter.lint_all_migrations()
    linter.print_summary()
    stale = [key for key in REVIEWED if key not in linter.migration_loader.disk_migrations]
    if stale:
        print(f"lint_migrations: REVIEWED names migrations that do not exist: {stale}")
        return 1
    return 1 if linter.has_errors else 0


if __name__ == "__main__":
    sys.exit(main())
