"""What each page of the open-loop benchmark's staff mix costs the server, one at a time.

    .venv/bin/python benchmarks/staff_page_cost.py --requests 40
    .venv/bin/python benchmarks/staff_page_cost.py --src /tmp/base/src   # another checkout's code

Runs on web_open_loop.py's database (built with `--build-only`; `--database` names it) and
signs in with its officers' sessions. Each page is asked `--requests` times through the
whole middleware stack (Django's test client, no HTTP server), in this process: CPU time
(`time.process_time`), of which template rendering, the CPU time of the PostgreSQL backend
serving this process (utime + stime of `pg_backend_pid()` from /proc, in clock ticks of
10 ms, so a mean over the requests), and the queries each request made.
`/health/` is asked without a session, as the benchmark asks it. CPU time, not wall time,
so the figures move less with the machine's load; compare only figures of the same run
(e.g. `--src` of the commit before, then this checkout, one after the other).
"""

import argparse
import os
import random
import time
from pathlib import Path

from staff_django import django_on

ROOT = Path(__file__).resolve().parents[1]
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas"]
PAGES = ("health", "case overview", "queue", "support", "timeline", "search", "add a note")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--database", default="vch_scale_openloop")
    parser.add_argument("--src", default=str(ROOT / "src"), help="the code to measure")
    args = parser.parse_args()
    state = django_on(args.database, args.src)
    import django.template.backends.django as backend
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rendering = [0.0]
    render = backend.Template.render

    def timed_render(self, *a, **k):  # type: ignore[no-untyped-def]
        started = time.process_time()
        try:
            return render(self, *a, **k)
        finally:
            rendering[0] += time.process_time() - started

    backend.Template.render = timed_render  # type: ignore[method-assign]
    rnd = random.Random(1)

    def ask(page: str, client: Client, case: int):  # type: ignore[no-untyped-def]
        if page == "health":
            return client.get("/health/")
        if page == "queue":
            return client.get("/staff/queue/")
        if page == "search":
            return client.get(f"/staff/search/?q={rnd.choice(SURNAMES)}")
        if page == "add a note":
            text = f"Called back, left a message {rnd.randrange(10**6)}"
            return client.post(f"/staff/cases/{case}/notes/", {"note-text": text})
        section = {"case overview": "", "support": "support/", "timeline": "timeline/"}[page]
        return client.get(f"/staff/cases/{case}/{section}")

    def backend_cpu() -> float:
        """Seconds of CPU the PostgreSQL backend of this process's connection has used."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # PostgreSQL on another machine
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    print(f"{'page':>14} {'CPU ms':>7} {'template':>8} {'PG ms':>6} {'queries':>7}")
    for page in PAGES:
        client = Client()
        if page != "health":
            client.cookies["sessionid"] = rnd.choice(state["cookies"])
        ask(page, client, state["cases"][0])  # warm: the session's refresh, caches
        cpu, counts, rendering[0] = 0.0, [], 0.0
        backend = backend_cpu()
        for _ in range(args.requests):
            case = rnd.choice(state["cases"])
            with CaptureQueriesContext(connection) as queries:
                started = time.process_time()
                response = ask(page, client, case)
                cpu += time.process_time() - started
            assert response.status_code in (200, 302), (page, response.status_code)
            counts.append(len(queries.captured_queries))
        n = args.requests
        backend = backend_cpu() - backend
        spread = f"{min(counts)}" if min(counts) == max(counts) else f"{min(counts)}-{max(counts)}"
        print(
            f"{page:>14} {cpu / n * 1000:7.1f} {rendering[0] / n * 1000:8.1f}"
            f" {backend / n * 1000:6.1f} {spread:>7}"
        )


if __name__ == "__main__":
    main()
