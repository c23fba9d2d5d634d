"""Open-loop web benchmark: requests sent at a fixed rate whatever the answers' speed.

    .venv/bin/python benchmarks/web_open_loop.py                  # 50,000 cases
    .venv/bin/python benchmarks/web_open_loop.py --reuse          # the database built before
    .venv/bin/python benchmarks/web_open_loop.py --cases 5000 --seconds 10

A closed loop (wrk's 32 users each waiting for an answer before asking again) measures
saturation: when the server slows, the users slow with it. Here arrivals are a Poisson
process at a set rate; each request's latency is counted from the moment it was due to be
sent, so a generator that falls behind makes the figures worse, never better.

The database is benchmarks/web_load.py's (the same setup: N cases through the real intake,
32 signed-in victim care officers of one hub), built under its own name. gunicorn runs
pinned to core 0 (`taskset -c 0`); the generator re-executes itself under `taskset -c 1`.
PostgreSQL is the machine's, on any core.

Two workloads, in the same run: `/health/` (a JSON view that touches nothing) and the staff
mix (case overview, queue, the support and timeline sections, search, adding a note). For
each, rates climb until p95 >= 150 ms or p99 >= 300 ms (or errors); the highest rate that
kept both is reported, and the ratio of the two. Then the staff mix at a large hub's rate
(--hub-officers x --pages-per-minute) for its p95.
"""

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import signal
import string
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
# --database or VCH_OPENLOOP_DB names it, so engineers sharing a machine keep apart.
DB = os.environ.get("VCH_OPENLOOP_DB", "vch_scale_openloop")
STATE = ROOT / "var" / "web_open_loop.json"
P95_MS, P99_MS = 150.0, 300.0
TIMEOUT_S = 10.0
SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Evans",
    "Thomas",
    "Roberts",
    "Walker",
    "Wright",
    "Hughes",
]
# The staff mix: what an officer's day asks of the hub, by share of requests.
MIX = (
    ("case overview", 0.30),
    ("queue", 0.20),
    ("support section", 0.10),
    ("timeline section", 0.10),
    ("search", 0.20),
    ("add a note", 0.10),
)


@dataclass
class Step:
    rate: float
    sent: int = 0
    latencies: list[float] = field(default_factory=list)  # ms, from when it was due
    errors: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=dict)

    def pct(self, p: float, values: list[float] | None = None) -> float:
        data = sorted(self.latencies if values is None else values)
        if not data:
            return math.inf
        return data[min(len(data) - 1, math.ceil(p / 100 * len(data)) - 1)]

    @property
    def ok(self) -> bool:
        return (
            self.pct(95) < P95_MS
            and self.pct(99) < P99_MS
            and self.errors <= 0.01 * max(self.sent, 1)
        )

    def line(self, name: str) -> str:
        return (
            f"{name:>10} {self.rate:7.1f} req/s: sent {self.sent}, p50 {self.pct(50):6.1f} "
            f"p95 {self.pct(95):6.1f} p99 {self.pct(99):6.1f} ms, errors {self.errors}"
            f"  {'ok' if self.ok else 'OVER'}"
        )


async def http(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> int:
    """One request on its own connection (gunicorn's sync workers close after each)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        head = [
            f"{method} {path} HTTP/1.1",
            "Host: 127.0.0.1",
            "Connection: close",
            *(f"{k}: {v}" for k, v in headers.items()),
        ]
        if body:
            head.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await writer.drain()
        status_line = await reader.readline()
        while await reader.read(65536):
            pass
        return int(status_line.split()[1])
    finally:
        writer.close()


def staff_request(kind: str, cookie: str, case_id: int, rnd: random.Random):
    csrf = "".join(rnd.choices(string.ascii_letters + string.digits, k=32))
    headers = {"Cookie": f"sessionid={cookie}; csrftoken={csrf}"}
    if kind == "case overview":
        return "GET", f"/staff/cases/{case_id}/", headers, b""
    if kind == "queue":
        return "GET", "/staff/queue/", headers, b""
    if kind == "support section":
        return "GET", f"/staff/cases/{case_id}/support/", headers, b""
    if kind == "timeline section":
        return "GET", f"/staff/cases/{case_id}/timeline/", headers, b""
    if kind == "search":
        return "GET", f"/staff/search/?q={rnd.choice(SURNAMES)}", headers, b""
    body = f"note-text=Called+back%2C+left+a+message+{rnd.randrange(10**6)}".encode()
    headers |= {"X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded"}
    return "POST", f"/staff/cases/{case_id}/notes/", headers, body


async def drive(
    port: int, workload: str, rate: float, seconds: float, state: dict, seed: int
) -> Step:
    """Poisson arrivals at `rate` for `seconds`; waits for the answers (up to the timeout)."""
    rnd = random.Random(seed)
    step, pending = Step(rate), []
    kinds, weights = zip(*MIX, strict=True)

    async def one(due: float, kind: str, request: tuple) -> None:
        try:
            status = await asyncio.wait_for(http(port, *request), TIMEOUT_S)
            bad = status >= 400
        except (TimeoutError, OSError, ValueError, IndexError):
            bad = True
        elapsed = (time.perf_counter() - due) * 1000
        step.latencies.append(elapsed)
        step.by_kind.setdefault(kind, []).append(elapsed)
        step.errors += bad

    start = time.perf_counter() + 0.05
    due = start
    while True:
        due += rnd.expovariate(rate)
        if due - start > seconds:
            break
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if workload == "health":
            kind, request = "health", ("GET", "/health/", {}, b"")
        else:
            kind = rnd.choices(kinds, weights)[0]
            request = staff_request(
                kind, rnd.choice(state["cookies"]), rnd.choice(state["cases"]), rnd
            )
        pending.append(asyncio.create_task(one(due, kind, request)))
        step.sent += 1
    await asyncio.gather(*pending)
    return step


def highest_rate(
    port: int, workload: str, start: float, seconds: float, state: dict, log: list[str]
) -> tuple[Step | None, Step | None]:
    """Rates climb by half again each step until the bounds break, then one bisection
    step; returns (the highest rate within the bounds, the lowest beyond them)."""
    best = worst = None
    rate = start
    while rate < 5000:
        step = asyncio.run(drive(port, workload, rate, seconds, state, seed=int(rate * 10)))
        log.append(step.line(workload))
        print(log[-1], flush=True)
        if not step.ok:
            worst = step
            break
        best = step
        rate *= 1.5
        settle(port)
    for _ in range(2):
        if best is None or worst is None:
            break
        middle = (best.rate + worst.rate) / 2
        settle(port)
        step = asyncio.run(drive(port, workload, middle, seconds, state, seed=int(middle * 10)))
        log.append(step.line(workload))
        print(log[-1], flush=True)
        if step.ok:
            best = step
        else:
            worst = step
        settle(port)
    return best, worst


def settle(port: int) -> None:
    """After a step, until the server has drained its backlog: /health/ answers in under
    50 ms three times running (at most 60 s), so one step's overload is not the next's."""
    fast, deadline = 0, time.monotonic() + 60
    while fast < 3 and time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5).read()
            fast = fast + 1 if time.perf_counter() - started < 0.05 else 0
        except OSError:
            fast = 0
        time.sleep(0.5)


def set_database(name: str) -> None:
    global DB, STATE
    if not name.replace("_", "").isalnum():
        sys.exit(f"not a database name: {name}")
    DB = name
    STATE = ROOT / "var" / f"web_open_loop-{name}.json"


def build(cases: int) -> dict:
    import web_load

    web_load.DB = DB  # its setup, under this benchmark's own database name
    cookies, case_ids = web_load.setup_database(cases)
    state = {"cases_total": cases, "cookies": cookies, "cases": case_ids}
    STATE.parent.mkdir(parents=True, exist_ok=True)
    STATE.write_text(json.dumps(state))
    return state


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=20, help="length of each rate step")
    parser.add_argument("--reuse", action="store_true", help="the database built last time")
    parser.add_argument("--build-only", action="store_true", help="build the database, stop")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (on core 0)")
    parser.add_argument("--server-core", default="0")
    parser.add_argument("--generator-core", default="1")
    parser.add_argument("--hub-officers", type=int, default=60)
    parser.add_argument("--pages-per-minute", type=float, default=4)
    parser.add_argument("--database", default=DB, help="PostgreSQL database it builds and uses")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (0: from the pid)")
    args = parser.parse_args()
    set_database(args.database)
    if not shutil.which("taskset"):
        sys.exit("taskset is needed (Debian package util-linux)")
    if os.environ.get("VCH_GENERATOR_PINNED") != "1":
        os.environ["VCH_GENERATOR_PINNED"] = "1"
        command = ["taskset", "-c", args.generator_core, sys.executable, *sys.argv]
        os.execvp(command[0], command)  # noqa: S606 - the same program, pinned

    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_SETTINGS_MODULE": "victimcare.config.settings.base",
        "DJANGO_DOT_ENV": os.devnull,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        # This checkout's code, not an installed copy's (gunicorn imports by name).
        "PYTHONPATH": str(ROOT / "src"),
    }
    os.environ.update(env)
    reuse = args.reuse and STATE.exists()
    state = json.loads(STATE.read_text()) if reuse else build(args.cases)
    if args.build_only:
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = args.port or 18000 + os.getpid() % 1000
    server = subprocess.Popen(
        [
            "taskset",
            "-c",
            args.server_core,
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
        stderr=(ROOT / "var" / "web_open_loop.log").open("w"),
    )
    log: list[str] = []
    load_before = os.getloadavg()
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        asyncio.run(drive(port, "staff", 2, 10, state, seed=1))  # warm up every worker
        settle(port)
        health, health_over = highest_rate(port, "health", 20, args.seconds, state, log)
        # Warm again: /health/ touches no table, so by now each worker's database
        # connection has passed CONN_MAX_AGE and been closed, and the staff mix's first
        # requests would pay for new PostgreSQL backends (cold catalogue, nothing prepared).
        asyncio.run(drive(port, "staff", 2, 10, state, seed=2))
        settle(port)
        staff, staff_over = highest_rate(port, "staff", 0.5, args.seconds * 2, state, log)
        hub_rate = args.hub_officers * args.pages_per_minute / 60
        settle(port)
        hub = asyncio.run(drive(port, "staff", hub_rate, max(args.seconds, 30), state, seed=7))
        log.append(hub.line("large hub"))
        print(log[-1], flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    load = os.getloadavg()
    print()
    print(
        f"{state['cases_total']:,} cases; gunicorn {args.workers} sync workers on core "
        f"{args.server_core}; generator on core {args.generator_core}; steps of "
        f"{args.seconds:.0f} s (/health/) and {2 * args.seconds:.0f} s (staff mix); load "
        f"average {load_before[0]:.2f} at the start, {load[0]:.2f} {load[1]:.2f} "
        f"{load[2]:.2f} at the end"
    )
    for name, best, over in (("/health/", health, health_over), ("staff mix", staff, staff_over)):
        if best is None:
            print(f"{name}: no rate tried kept p95 < {P95_MS:.0f} ms and p99 < {P99_MS:.0f} ms")
            continue
        beyond = f"; {over.rate:.1f} req/s broke them" if over else ""
        print(
            f"{name}: {best.rate:.1f} req/s with p95 {best.pct(95):.0f} ms, "
            f"p99 {best.pct(99):.0f} ms{beyond}"
        )
    if health and staff:
        print(f"staff mix / health: {staff.rate / health.rate:.0%}")
    for step in (staff or staff_over, hub):
        if step is None:
            continue
        for kind, values in sorted(step.by_kind.items()):
            print(
                f"  at {step.rate:.1f} req/s, {kind}: p50 {step.pct(50, values):.0f} ms, "
                f"p95 {step.pct(95, values):.0f} ms ({len(values)} requests)"
            )
    print(
        f"large hub: {args.hub_officers} officers x {args.pages_per_minute:g} pages a minute "
        f"= {hub_rate:.1f} req/s: p95 {hub.pct(95):.0f} ms, p99 {hub.pct(99):.0f} ms, "
        f"errors {hub.errors}"
    )


if __name__ == "__main__":
    main()
