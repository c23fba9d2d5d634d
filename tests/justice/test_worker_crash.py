"""Messages survive a worker killed mid-send: each reaches the receiver exactly once.

A second instance of the hub (its own database, a file message backend, a short lease)
imports 300 victims and a justice update for each, which queues 300 messages. Its worker
is killed with SIGKILL part-way through, then started again.
"""

import collections
import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
VICTIMS = 300

SETUP = f"""
import csv, pathlib, tempfile
from victimcare.accounts.models import Organisation, PostcodeDistrict, Team, User
from victimcare.justice.importing import justice_import_file
from victimcare.intake.importing import feed_import_file
hub = Organisation.objects.create(name="Crash hub", code="crash-hub", kind="victim_care_hub")
team = Team.objects.create(organisation=hub, name="Crash hub")
PostcodeDistrict.objects.create(team=team, district="BS1")
User.objects.create(username="officer", role="victim_care_officer", team=team, organisation=hub)
folder = pathlib.Path(tempfile.mkdtemp())
def write(name, rows):
    with (folder / name).open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder / name
referrals = [dict(source="crash-police", crime_reference=f"CR/{{n}}", victim_reference="V1",
                  reported_at="2026-03-02T09:00", incident_type="crime", crime_category="Burglary",
                  offence_description="Burglary", victim_kind="individual", given_name="Test",
                  family_name=f"Victim{{n}}", postcode="BS1 4DJ", email=f"v{{n}}@example.org",
                  safe_to_contact="true", referral_consent="given") for n in range({VICTIMS})]
feed_import_file(path=write("referrals.csv", referrals))
updates = [dict(source="crash-police", crime_reference=f"CR/{{n}}", victim_reference="",
                event="suspect_arrested", event_at="2026-03-03T10:00") for n in range({VICTIMS})]
run = justice_import_file(path=write("justice.csv", updates))
print("created", run.created)
"""


def _postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@contextlib.contextmanager
def instance_database(tmp_path: Path) -> Iterator[tuple[str, object]]:
    """A fresh database for the second instance, on the same kind of server as the tests."""
    if not _postgres():
        path = tmp_path / "crash.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        return
    import psycopg

    db = settings.DATABASES["default"]
    name = f"vch_crash_{uuid.uuid4().hex[:8]}"
    server = dict(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"])
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}"
        yield url, lambda: psycopg.connect(dbname=name, **server)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sent_lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    lines = path.read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def statuses(connect) -> dict[str, int]:
    with contextlib.closing(connect()) as connection:
        cursor = connection.cursor()
        cursor.execute("SELECT status, COUNT(*) FROM notifications_outboxmessage GROUP BY status")
        return dict(cursor.fetchall())


def keys(connect) -> set[str]:
    with contextlib.closing(connect()) as connection:
        cursor = connection.cursor()
        cursor.execute("SELECT idempotency_key FROM notifications_outboxmessage")
        return {str(uuid.UUID(str(row[0]))) for row in cursor.fetchall()}


def test_a_worker_killed_mid_send_loses_nothing_and_sends_nothing_twice(tmp_path) -> None:
    messages = tmp_path / "messages.jsonl"
    with instance_database(tmp_path) as (url, connect):
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "victimcare.config.settings.base",
            "DJANGO_DOT_ENV": os.devnull,
            "SECRET_KEY": "crash-instance-test-key-k7Qw2Zp9Lx4Rv8Tn3Ym6Hs1Jd5Fb0Gc",
            "MESSAGE_BACKEND": "file",
            "MESSAGE_FILE": str(messages),
            "OUTBOX_LEASE_SECONDS": "2",
            "OUTBOX_SWEEP_SECONDS": "1",
            "PYTHONPATH": str(ROOT / "src"),
        }
        env.pop("DJANGO_DEBUG", None)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True)
        setup = subprocess.run(
            [*manage, "shell", "-c", SETUP],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        assert f"created {VICTIMS}" in setup.stdout
        assert statuses(connect) == {"pending": VICTIMS}
        assert sent_lines(messages) == []

        worker = subprocess.Popen(
            [*manage, "worker"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 300  # a loaded machine starts a worker slowly
        while len(sent_lines(messages)) < VICTIMS // 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        at_kill = len(sent_lines(messages))
        assert VICTIMS // 5 <= at_kill < VICTIMS, "the worker was not killed mid-batch"
        assert statuses(connect).get("sent", 0) < VICTIMS

        restarted = subprocess.Popen(
            [*manage, "worker"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120
            while statuses(connect) != {"sent": VICTIMS} and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            restarted.terminate()
            restarted.wait(timeout=20)
        assert statuses(connect) == {"sent": VICTIMS}
        delivered = collections.Counter(line["key"] for line in sent_lines(messages))
        assert set(delivered) == keys(connect)  # none lost
        assert max(delivered.values()) == 1  # none twice
