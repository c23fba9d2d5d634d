"""Two of every process on loopback, sharing PostgreSQL and Redis, as a hub runs them:
two task workers (`manage.py worker`, the Procfile's) and two web processes (gunicorn).

- A worker killed with SIGKILL in the middle of a large upload: the other finishes it,
  every row exactly once (ADR 0046).
- Two workers racing on the outbox: each message is sent exactly once.
- A web process killed: the same signed-in session goes on at the other, and a public
  form's rate limit counts the requests both processes answered.
- Two scheduler processes started together: each due job runs once (the finer cases are
  tests/operations/test_schedule.py's).
"""

import csv
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse

from tests.factories import CaseFactory, OrganisationFactory, TeamFactory, UserFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import OrganisationKind
from victimcare.intake.importing import feed_import_file
from victimcare.intake.receive import BATCH_SIZE
from victimcare.intake.uploads import referral_upload_accept
from victimcare.notifications.delivery import enqueue_delivery
from victimcare.notifications.models import OutboxMessage, OutboxStatus
from victimcare.operations.jobs import JOBS
from victimcare.referrals.import_runs import PROGRESS_EVERY
from victimcare.referrals.models import ImportRejection, ImportRun, ImportStatus, Referral

pytestmark = [
    pytest.mark.scale,
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
ROWS = 3000


def wait_for(check: Callable[[], object], seconds: float, what: str) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def hub_env(settings, tmp_path: Path) -> dict[str, str]:
    """The environment every process of the hub gets: this test's database and Redis."""
    redis = os.environ.get("REDIS_URL")
    assert redis, "two of everything share Redis: set REDIS_URL"
    db = connection.settings_dict
    settings.VCH_UPLOAD_DIR = str(tmp_path / "uploads")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": redis,
        "DJANGO_SETTINGS_MODULE": "victimcare.config.settings.test",
        "DJANGO_DOT_ENV": os.devnull,
        "VCH_UPLOAD_DIR": settings.VCH_UPLOAD_DIR,
        "MESSAGE_BACKEND": "file",
        "MESSAGE_FILE": str(tmp_path / "messages.jsonl"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_REPLICA_URL", None)
    return env


@pytest.fixture
def processes() -> Iterator[Callable[..., subprocess.Popen]]:
    """Start processes in their own groups; every one left is killed at the end."""
    started: list[subprocess.Popen] = []

    def start(args: list[str], env: dict[str, str]) -> subprocess.Popen:
        proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def workers(start: Callable[..., subprocess.Popen], env: dict[str, str]) -> list:
    return [start([sys.executable, "manage.py", "worker"], env) for _ in range(2)]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_a_worker_killed_mid_import_and_the_other_finishes_every_row_once(
    hub_env, processes, settings, tmp_path
) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ingest import write_feed

    TeamFactory(name="North", districts=[f"BS{n}" for n in range(1, 17)])
    TeamFactory(name="South", districts=[f"BA{n}" for n in range(1, 17)])
    police = OrganisationFactory(code="bench-police", kind=OrganisationKind.POLICE_FORCE)
    uploader = UserFactory(role=Role.POLICE_REFERRER, organisation=police)
    feed = tmp_path / "feed.csv"
    write_feed(feed, ROWS)
    pair = workers(processes, hub_env)

    run = referral_upload_accept(
        uploaded=SimpleUploadedFile("feed.csv", feed.read_bytes(), "text/csv"), actor=uploader
    )
    wait_for(
        lambda: ImportRun.objects.get(pk=run.pk).rows_read >= 3 * PROGRESS_EVERY,
        120,
        "the import to get going",
    )
    # The worker importing is the one using the processor; the other waits for work.
    busy = max(pair, key=lambda p: cpu_seconds(p.pid))
    os.killpg(busy.pid, signal.SIGKILL)
    busy.wait(timeout=30)
    survivor = next(p for p in pair if p is not busy)
    stopped_at = ImportRun.objects.get(pk=run.pk)
    assert stopped_at.status == ImportStatus.RUNNING and 0 < stopped_at.rows_read < ROWS

    # The scheduler's `stalled_imports` job, once the dead worker's lease has run out.
    settings.VCH_IMPORT_LEASE_SECONDS = 2
    time.sleep(2.5)
    assert JOBS["stalled_imports"]().startswith("1 stalled imports queued again")
    wait_for(
        lambda: ImportRun.objects.filter(
            pk=run.pk, status=ImportStatus.FINISHED, upload_path=""
        ).exists(),
        300,
        "the other worker to finish the import and delete its file",
    )
    assert survivor.poll() is None

    done = ImportRun.objects.get(pk=run.pk)
    assert done.rows_read == ROWS
    assert done.created + done.updated + done.unchanged + done.rejected == ROWS
    # Every row once: one referral for each distinct key of the rows not rejected, none twice.
    rejected_lines = set(ImportRejection.objects.filter(run=done).values_list("line", flat=True))
    assert len(rejected_lines) == done.rejected
    with feed.open(newline="", encoding="utf-8") as handle:
        keys = {
            (r["source"].lower(), r["crime_reference"], r["victim_reference"])
            for line, r in enumerate(csv.DictReader(handle), start=2)
            if line not in rejected_lines
        }
    referrals = Referral.objects.filter(source="bench-police")
    assert referrals.count() == len(keys)
    assert (
        not referrals.values("crime_reference", "victim_reference")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )
    # Rows the dead worker saved after its last progress (at most its intake batch and the
    # rows since the progress) were read again and counted as "unchanged".
    assert len(keys) - PROGRESS_EVERY - BATCH_SIZE <= done.created <= len(keys)
    assert not any(Path(settings.VCH_UPLOAD_DIR).iterdir())


def test_two_workers_racing_on_the_outbox_send_each_message_once(
    hub_env, processes, tmp_path, vco
) -> None:
    from victimcare.justice.feed import parse_update
    from victimcare.justice.services.updates import justice_update_record

    victims = 30
    feed = tmp_path / "victims.csv"
    feed.write_text(
        feed_csv(
            [
                row(
                    crime_reference=f"CR/26/{n:06d}",
                    victim_reference=f"V{n}",
                    email=f"victim{n}@example.org",
                )
                for n in range(victims)
            ]
        )
    )
    feed_import_file(path=feed)
    for n in range(victims):
        with transaction.atomic():  # as the justice feed's import calls it
            justice_update_record(
                parse_update(
                    {
                        "source": "test-police",
                        "crime_reference": f"CR/26/{n:06d}",
                        "victim_reference": f"V{n}",
                        "event": "suspect_arrested",
                        "event_at": "2026-12-24T10:00",
                    }
                )
            )
    messages = OutboxMessage.objects.filter(kind="justice_update")
    assert messages.count() == victims
    for message in messages:  # each delivery queued twice over: the workers race for it
        enqueue_delivery(message.pk)

    workers(processes, hub_env)
    wait_for(
        lambda: not messages.exclude(status=OutboxStatus.SENT).exists(),
        180,
        "every message to be sent",
    )
    time.sleep(2)  # the duplicate deliveries finish too
    lines = [json.loads(line) for line in Path(hub_env["MESSAGE_FILE"]).read_text().splitlines()]
    keys = [line["key"] for line in lines]
    assert len(keys) == victims and len(set(keys)) == victims


def test_a_web_process_killed_and_the_same_session_goes_on_at_the_other(
    hub_env, processes, client, vco, northgate
) -> None:
    CaseFactory(team=northgate)
    client.force_login(vco)  # the session is in the database every process reads
    session = client.cookies["sessionid"].value
    ports = [free_port(), free_port()]
    webs = [
        processes(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "victimcare.config.wsgi",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            hub_env,
        )
        for port in ports
    ]
    for port in ports:
        wait_for(lambda port=port: _up(port), 60, "gunicorn")

    def queue(port: int) -> str:
        status, body = _get(port, reverse("cases:queue"), cookie=f"sessionid={session}")
        assert status == 200
        return body

    def with_failover(path_on: Callable[[int], str]) -> str:
        """What a load balancer does: a refused connection goes to the other process."""
        for port in ports:
            try:
                return path_on(port)
            except OSError:
                continue
        raise AssertionError("no web process answered")

    name = vco.get_full_name()
    assert name in queue(ports[0]) and name in queue(ports[1])
    os.killpg(webs[0].pid, signal.SIGKILL)
    webs[0].wait(timeout=30)
    with pytest.raises(OSError):
        queue(ports[0])
    for _ in range(5):
        assert name in with_failover(queue)

    # A public form's limit (10 a 5 minutes an address) counts across processes (Redis).
    webs.append(
        processes(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "victimcare.config.wsgi",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{ports[0]}",
                "--log-level",
                "warning",
            ],
            hub_env,
        )
    )
    wait_for(lambda: _up(ports[0]), 60, "gunicorn again")
    answers = [_post_track(ports[n % 2]) for n in range(11)]
    assert 429 not in answers[:10], answers
    assert answers[10] == 429 and _post_track(ports[0]) == 429 and _post_track(ports[1]) == 429


def _up(port: int) -> bool:
    try:
        return _get(port, "/health/")[0] == 200
    except OSError:
        return False


def _get(port: int, path: str, cookie: str = "") -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie} if cookie else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""
    except urllib.error.URLError as error:
        raise ConnectionRefusedError(str(error)) from error


def _post_track(port: int) -> int:
    """One "track my case" attempt from a fresh visitor at the same address."""
    url = f"http://127.0.0.1:{port}{reverse('feedback:track')}"
    with urllib.request.urlopen(url, timeout=10) as page:
        html = page.read().decode()
        cookie = page.headers["Set-Cookie"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    csrf = re.search(r"csrftoken=([^;]+)", cookie or "")
    assert token and csrf, "the form page sets its CSRF token"
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "reference": "X",
            "date_of_birth-day": "1",
            "date_of_birth-month": "1",
            "date_of_birth-year": "1990",
        }
    ).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Referer": url, "Cookie": f"csrftoken={csrf.group(1)}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_two_scheduler_processes_started_together_run_each_job_once(hub_env, processes) -> None:
    from victimcare.operations.models import ScheduledRun

    pair = [
        processes([sys.executable, "manage.py", "scheduler", "--once"], hub_env) for _ in range(2)
    ]
    for proc in pair:
        assert proc.wait(timeout=300) == 0
    runs = ScheduledRun.objects.all()
    jobs = [run.job for run in runs]
    assert jobs and len(jobs) == len(set(jobs))  # one run of each due job, not two
    assert {run.runner for run in runs} <= {f"{socket.gethostname()}:{p.pid}" for p in pair}
