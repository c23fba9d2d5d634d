"""The restore drill: prove a backup can be read back, with the keys, into a fresh database.

1. Take a dump now (pg_dump, custom format) while counting every table in the same snapshot,
   or use a backup file the operator names.
2. Restore it into a scratch database (created for the drill, dropped after it).
3. Check the restored copy: every table's rows counted (equal to the source's counts when the
   drill took the dump), every migration of this code applied, encrypted contact details and
   notes decrypt with the configured keys (SECRET_KEY, SECRET_KEY_FALLBACKS and
   FIELD_ENCRYPTION_SALTS), and the audit trail, access log and disclosure log still refuse
   change and deletion (their append-only triggers came back with them).

Anything wrong raises DrillFailed naming what and why. PostgreSQL only.
"""

import dataclasses
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from django.apps import apps
from django.db import connection
from psycopg import sql

from victimcare.core.fields import UndecryptableValue, decrypt_text, encrypted_columns
from victimcare.operations.health import _migrations_needed

APPEND_ONLY_TABLES = ("audit_auditevent", "audit_accesslogentry", "audit_disclosureentry")
SAFE_NAME = re.compile(r"^[a-z0-9_]{1,63}$")


class DrillFailed(Exception):
    """The backup could not be restored and read back; the message says what and why."""


@dataclasses.dataclass
class DrillReport:
    dump: str
    scratch: str
    tables: int = 0
    rows: int = 0
    counts_compared: bool = False
    decrypted: int = 0
    encrypted_columns: int = 0
    append_only: list[str] = dataclasses.field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"Restored {self.dump} into {self.scratch}: {self.tables} tables, {self.rows} rows"
            + (" (equal to the source's counts)" if self.counts_compared else ""),
            "Every migration of this code is applied in the restored copy.",
            f"{self.decrypted} encrypted values in {self.encrypted_columns} columns decrypt "
            "with the configured keys.",
            f"Still append-only after the restore: {', '.join(self.append_only)}.",
        ]


def _settings() -> dict[str, Any]:
    if connection.vendor != "postgresql":
        raise DrillFailed("The restore drill needs PostgreSQL (DATABASE_URL=postgres://...).")
    return dict(connection.settings_dict)


def _conninfo(db: dict[str, Any], name: str) -> dict[str, Any]:
    info = {
        "dbname": name,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }
    return {key: value for key, value in info.items() if value}


def _tool(db: dict[str, Any], program: str, *args: str) -> None:
    command = [program, "--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [flag, str(db[key])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    done = subprocess.run([*command, *args], env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        # The tools' messages name objects and options, not rows: safe to show the operator.
        raise DrillFailed(f"{program} failed: {done.stderr.strip()[-800:]}")


def _model_tables() -> list[str]:
    return sorted(
        {m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy}
    )


def _counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


@contextmanager
def _scratch_database(db: dict[str, Any], scratch: str, *, keep: bool) -> Iterator[None]:
    if not SAFE_NAME.match(scratch) or scratch == db["NAME"]:
        raise DrillFailed(f"The scratch database name {scratch!r} is not a fresh, plain name.")
    admin = _conninfo(db, "postgres")
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    try:
        yield
    finally:
        if not keep:
            with psycopg.connect(**admin, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(scratch)
                    )
                )


def _dump_now(db: dict[str, Any], path: Path, tables: list[str]) -> dict[str, int]:
    """Dump the database and count its tables in one snapshot, so the counts are exact
    however busy the hub is."""
    with psycopg.connect(**_conninfo(db, db["NAME"])) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()
        assert snapshot is not None
        counts = _counts(conn.cursor(), tables)
        _tool(
            db,
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot[0]}",
            f"--file={path}",
            db["NAME"],
        )
        conn.rollback()
    return counts


def _check_migrations(cursor: Any) -> None:
    cursor.execute("SELECT app, name FROM django_migrations")
    missing = _migrations_needed() - set(cursor.fetchall())
    if missing:
        names = ", ".join(sorted(f"{a}.{n}" for a, n in missing)[:5])
        raise DrillFailed(f"The backup is of an older version: not applied in it: {names}.")


def _check_decryption(cursor: Any, report: DrillReport, sample: int) -> None:
    for table, (pk, columns) in sorted(encrypted_columns().items()):
        for column in columns:
            report.encrypted_columns += 1
            cursor.execute(
                sql.SQL(
                    "SELECT {pk}, {col} FROM {table} WHERE {col} <> '' ORDER BY {pk} LIMIT %s"
                ).format(
                    pk=sql.Identifier(pk), col=sql.Identifier(column), table=sql.Identifier(table)
                ),
                [sample],
            )
            for row_id, value in cursor.fetchall():
                try:
                    decrypt_text(value)
                except UndecryptableValue:
                    raise DrillFailed(
                        f"{table}.{column} of row {row_id} cannot be decrypted with the configured "
                        "keys: restore with the SECRET_KEY (or SECRET_KEY_FALLBACKS) and "
                        "FIELD_ENCRYPTION_SALTS in use when the backup was taken. Without them "
                        "the contact details and notes in this backup are lost."
                    ) from None
                report.decrypted += 1


def _check_append_only(conn: psycopg.Connection[Any], report: DrillReport) -> None:
    """Try to change and to delete the oldest row of each log (rolled back either way): the
    restored copy must refuse both, as the live database does."""
    for table in APPEND_ONLY_TABLES:
        name = sql.Identifier(table)
        oldest = conn.execute(sql.SQL("SELECT min(id) FROM {}").format(name)).fetchone()
        if oldest is None or oldest[0] is None:
            report.append_only.append(f"{table} (empty; its trigger is in place)")
            continue
        for change in ("UPDATE {t} SET id = id WHERE id = %s", "DELETE FROM {t} WHERE id = %s"):
            try:
                with conn.transaction():
                    conn.execute(sql.SQL(change).format(t=name), [oldest[0]])
                    raise _Changed
            except psycopg.Error as refusal:  # the trigger refuses with its own message
                if "append-only" not in str(refusal):
                    raise
            except _Changed:
                raise DrillFailed(
                    f"{table} is no longer append-only after the restore: a row could be "
                    "changed or deleted (was the dump taken with --no-triggers?)."
                ) from None
        report.append_only.append(table)


class _Changed(Exception):
    """Raised inside the probe transaction to roll back a change that was not refused."""


def _check_triggers(conn: psycopg.Connection[Any]) -> None:
    rows = conn.execute(
        "SELECT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE %s",
        ["%_append_only"],
    ).fetchall()
    missing = set(APPEND_ONLY_TABLES) - {row[0] for row in rows}
    if missing:
        raise DrillFailed(
            f"The append-only triggers of {', '.join(sorted(missing))} are missing after the "
            "restore: the audit and access logs could be changed."
        )


def restore_drill(
    *, dump: Path | None = None, scratch: str = "", sample: int = 1000, keep: bool = False
) -> DrillReport:
    db = _settings()
    scratch = scratch or f"{db['NAME']}_restore_drill"[:63]
    tables = _model_tables()
    with tempfile.TemporaryDirectory(prefix="vch-drill-") as folder:
        source_counts: dict[str, int] | None = None
        if dump is None:
            dump = Path(folder) / "hub.dump"
            source_counts = _dump_now(db, dump, tables)
        elif not dump.is_file():
            raise DrillFailed(f"No backup file at {dump}.")
        report = DrillReport(dump=str(dump), scratch=scratch)
        with _scratch_database(db, scratch, keep=keep):
            _tool(
                db,
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={scratch}",
                str(dump),
            )
            with psycopg.connect(**_conninfo(db, scratch)) as conn:
                cursor = conn.cursor()
                _check_migrations(cursor)
                counts = _counts(cursor, tables)
                if source_counts is not None:
                    differ = sorted(t for t in tables if counts[t] != source_counts[t])
                    if differ:
                        raise DrillFailed(
                            "Row counts differ after the restore in: " + ", ".join(differ[:10])
                        )
                    report.counts_compared = True
                report.tables, report.rows = len(counts), sum(counts.values())
                _check_decryption(cursor, report, sample)
                conn.commit()
                _check_triggers(conn)
                _check_append_only(conn, report)
    return report
