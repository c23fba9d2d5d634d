"""Web benchmark: the case page and the queue under 32 signed-in users, against a trivial view.

    .venv/bin/python benchmarks/web_load.py              # 50,000 cases, 40 s per page
    .venv/bin/python benchmarks/web_load.py --cases 5000 --seconds 10

Builds a fresh PostgreSQL database with N cases (synthetic feed rows through the real
intake), signs in 32 victim care officers of one hub (sessions with the second factor
passed), starts gunicorn, and drives it with wrk (Debian package `wrk`): 32 connections,
one per officer, each on its own thread. In the same run it measures `/health/` (a JSON
view that touches nothing) as the baseline; the pages take turns over several rounds, so a
change in the host's speed falls on all of them. Prints requests/s, the ratio to the
baseline and p50/p95/p99 latency (of the worst round) for each page.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DB = "victimcare_webbench"
USERS = 32

LUA = r"""
local cookies = {%(cookies)s}
local cases = {%(cases)s}
local path_kind = "%(kind)s"
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("cookie", cookies[((counter - 1) %% #cookies) + 1])
  thread:set("seed", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(seed)
end

function request()
  local path = "%(path)s"
  if path_kind == "case" then
    path = "/staff/cases/" .. cases[math.random(#cases)] .. "/"
  end
  return wrk.format("GET", path, {["Cookie"] = "sessionid=" .. cookie, ["Host"] = "127.0.0.1"})
end

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%%.1f p50=%%.1f p95=%%.1f p99=%%.1f non2xx=%%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup_database(cases: int) -> tuple[list[str], list[int]]:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB}")
        conn.execute(f"CREATE DATABASE {DB}")
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from ingest import write_feed

    from victimcare.accounts.capabilities import Role
    from victimcare.accounts.models import Organisation, PostcodeDistrict, Team, User
    from victimcare.cases.models import Case
    from victimcare.intake.importing import feed_import_file

    call_command("migrate", verbosity=0)
    hub = Organisation.objects.create(name="Bench hub", code="bench-hub", kind="victim_care_hub")
    north = Team.objects.create(organisation=hub, name="North")
    south = Team.objects.create(organisation=hub, name="South")
    PostcodeDistrict.objects.bulk_create(
        [PostcodeDistrict(team=north, district=f"BS{n}") for n in range(1, 17)]
        + [PostcodeDistrict(team=south, district=f"BA{n}") for n in range(1, 17)]
    )
    officers = []
    for n in range(USERS):
        user = User(
            username=f"officer{n}",
            role=Role.VICTIM_CARE_OFFICER,
            team=north,
            organisation=hub,
            first_name="Officer",
            last_name=str(n),
        )
        user.set_password("benchmark-password-2026")
        user.save()
        officers.append(user)
    workdir = Path(tempfile.mkdtemp(prefix="vch-web-"))
    feed = workdir / "feed.csv"
    write_feed(feed, cases)
    started = time.perf_counter()
    feed_import_file(path=feed)
    print(f"loaded {Case.objects.count():,} cases in {time.perf_counter() - started:.0f}s")
    from django.db import connection

    with connection.cursor() as cursor:
        # Statistics and the visibility map, as autovacuum keeps them in production.
        cursor.execute("VACUUM ANALYZE")
    cookies = []
    for user in officers:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "victimcare.accounts.backends.StaffModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.set_expiry(24 * 3600)
        session.save()
        cookies.append(session.session_key)
    case_ids = list(Case.objects.filter(team=north).values_list("pk", flat=True)[:5000])
    return cookies, case_ids


def run_wrk(port: int, kind: str, path: str, cookies, cases, seconds: int) -> dict[str, float]:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        LUA
        % {
            "cookies": ", ".join(f'"{c}"' for c in cookies),
            "cases": ", ".join(map(str, cases)),
            "kind": kind,
            "path": path,
        }
    )
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(USERS),
            "-c",
            str(USERS),
            "-d",
            f"{seconds}s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(
        r"RESULT rps=([\d.]+) p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) non2xx=(\d+)", out
    )
    assert match, out
    rps, p50, p95, p99, bad = (float(x) for x in match.groups())
    return {"rps": rps, "p50": p50, "p95": p95, "p99": p99, "non2xx": bad}


def combine(runs: list[dict[str, float]]) -> dict[str, float]:
    """Rounds of equal length: mean throughput; latency percentiles of the worst round
    (wrk reports percentiles per run, which cannot be merged exactly)."""
    return {
        "rps": sum(r["rps"] for r in runs) / len(runs),
        **{p: max(r[p] for r in runs) for p in ("p50", "p95", "p99")},
        "non2xx": sum(r["non2xx"] for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--seconds", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=4, help="turns each page takes")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk")

    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_SETTINGS_MODULE": "victimcare.config.settings.base",
        "DJANGO_DOT_ENV": os.devnull,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    cookies, cases = setup_database(args.cases)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "victimcare.config.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        pages = (
            ("trivial JSON view (/health/)", "fixed", "/health/"),
            ("case page", "case", "/staff/cases/"),
            ("queue page", "fixed", "/staff/queue/"),
        )
        for _name, kind, path in pages:
            run_wrk(port, kind, path, cookies, cases, 3)  # warm up
        # The pages take turns, round after round, so that a change in the machine's speed
        # during the run (a shared host) falls on every page alike, baseline included.
        runs: dict[str, list[dict[str, float]]] = {name: [] for name, _, _ in pages}
        for _ in range(args.rounds):
            for name, kind, path in pages:
                runs[name].append(
                    run_wrk(port, kind, path, cookies, cases, args.seconds // args.rounds)
                )
        results = {name: combine(r) for name, r in runs.items()}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    base = results["trivial JSON view (/health/)"]["rps"]
    print(
        f"{args.cases:,} cases, {USERS} signed-in users, gunicorn {args.workers} workers, "
        f"{args.seconds}s per page in {args.rounds} rounds"
    )
    for name, r in results.items():
        print(
            f"{name}: {r['rps']:,.0f} req/s ({r['rps'] / base:.0%} of trivial), "
            f"p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, p99 {r['p99']:.0f} ms, "
            f"non-2xx {r['non2xx']:.0f}"
        )


if __name__ == "__main__":
    main()
