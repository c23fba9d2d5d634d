"""Where a parallel import's wall time goes: CPU time of the import's processes and of their
PostgreSQL backends, against the wall, with what the backends waited on (issue 21 item 3).

    .venv/bin/python benchmarks/ingest_probe.py --feed var/feed-20k.csv --workers 2
    .venv/bin/python benchmarks/ingest_probe.py --feed F --workers 2 --src /path/to/other/tree

Runs one import (`ingest_parallel.py`'s `measure`, the code of the tree given by `--src`,
this one by default) on a freshly migrated database of its own, in a child process, and
meanwhile samples every 50 ms: each backend of that database (and autovacuum's) through
`pg_stat_activity` and its CPU time from `/proc/<pid>/stat`, and the locks not granted. At
the end: wall time; CPU time of the import's processes (getrusage, the chunk processes
included) and of the backends, per row; how busy the two cores were (`/proc/stat`, every
process on the machine); and the backends' samples by state and wait event. CPU time, not
wall time, is the figure to compare between two codes on a shared machine.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TICK = os.sysconf("SC_CLK_TCK")


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def child(src: Path, feed: Path, workers: int, db: str) -> None:
    """The import, in this process (and its chunk processes): START and END go to stdout."""
    sys.path.insert(0, str(src / "src"))
    sys.path.insert(0, str(src / "benchmarks"))
    import ingest_parallel

    ingest_parallel.django_setup(ingest_parallel.fresh_database(db))
    from victimcare.intake.importing import feed_import_file
    from victimcare.intake.parallel import feed_import_parallel

    print("START", flush=True)
    self0 = _cpu(resource.getrusage(resource.RUSAGE_SELF))
    kids0 = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
    started = time.perf_counter()
    if workers == 1:
        run = feed_import_file(path=feed)
    else:
        run = feed_import_parallel(path=feed, workers=workers)
    wall = time.perf_counter() - started
    self1 = _cpu(resource.getrusage(resource.RUSAGE_SELF))
    kids1 = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
    print("END", flush=True)
    print(
        json.dumps(
            {
                "wall": wall,
                "rows": run.rows_read,
                "created": run.created,
                "status": run.status,
                "self_cpu": self1 - self0,
                "children_cpu": kids1 - kids0,
                "children_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                / 1024,
            }
        ),
        flush=True,
    )


def _proc_cpu(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK


def _machine_busy() -> tuple[float, float]:
    """Busy and total CPU seconds of the whole machine since boot (all cores)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return (total - idle) / TICK, total / TICK


class Sampler(threading.Thread):
    def __init__(self, db: str, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.db, self.interval = db, interval
        self.cpu: dict[int, float] = {}  # each backend's latest CPU time
        self.at_start: dict[int, float] = {}
        self.kind: dict[int, str] = {}
        self.waits: Counter[str] = Counter()
        self.blocked = 0
        self.samples = 0
        self.recording = False
        self.stop = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            me = conn.info.backend_pid
            while not self.stop.is_set():
                rows = conn.execute(
                    "SELECT pid, backend_type, state, wait_event_type, wait_event, query"
                    " FROM pg_stat_activity WHERE (datname = %s OR backend_type ="
                    " 'autovacuum worker') AND pid <> %s",
                    [self.db, me],
                ).fetchall()
                blocked = conn.execute(
                    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                    " WHERE NOT l.granted AND a.datname = %s",
                    [self.db],
                ).fetchone()
                for pid, kind, state, wait_type, wait, query in rows:
                    cpu = _proc_cpu(pid)
                    if cpu is not None:
                        self.cpu[pid] = cpu
                        self.kind[pid] = kind
                    if self.recording:
                        if kind == "autovacuum worker":
                            label = f"autovacuum {query.split(' ')[1:3]}"
                        elif state == "active":
                            label = f"active {wait_type}:{wait}" if wait else "active on CPU"
                        else:
                            label = f"{state} {wait_type}:{wait}"
                        self.waits[label] += 1
                if self.recording:
                    self.samples += 1
                    self.blocked += (blocked or (0,))[0]
                time.sleep(self.interval)

    def mark(self) -> None:
        self.at_start = dict(self.cpu)
        self.recording = True


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feed", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--src", type=Path, default=ROOT, help="the tree whose code runs")
    parser.add_argument("--db", default=os.environ.get("BENCH_DB_PREFIX", "vch_probe") + "_p")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.src.resolve(), args.feed.resolve(), args.workers, args.db)
        return

    sampler = Sampler(args.db)
    sampler.start()
    command = [sys.executable, __file__, "--child", "--feed", str(args.feed)]
    command += ["--workers", str(args.workers), "--src", str(args.src), "--db", args.db]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    load0 = os.getloadavg()[0]
    machine0 = end = _machine_busy()
    result: dict = {}
    for line in process.stdout:
        if line.startswith("START"):
            time.sleep(sampler.interval * 2)  # the latest CPU figures of the setup
            sampler.mark()
            machine0 = _machine_busy()
        elif line.startswith("END"):
            end = _machine_busy()
            time.sleep(sampler.interval * 2)
            sampler.recording = False
        elif line.startswith("{"):
            result = json.loads(line)
    process.wait()
    sampler.stop.set()
    sampler.join()
    rows, wall = result["rows"], result["wall"]
    backends = {
        pid: cpu - sampler.at_start.get(pid, 0.0)
        for pid, cpu in sampler.cpu.items()
        if cpu - sampler.at_start.get(pid, 0.0) > 0.005
    }
    client = result["self_cpu"] + result["children_cpu"]
    server = sum(cpu for pid, cpu in backends.items() if sampler.kind[pid] != "autovacuum worker")
    autovacuum = sum(backends.values()) - server
    busy = (end[0] - machine0[0]) / (end[1] - machine0[1]) * (os.cpu_count() or 1)
    print(
        f"{args.src.name} {args.workers} worker(s): {rows:,} rows ({result['created']:,} created,"
        f" {result['status']}) in {wall:.1f}s = {rows / wall:,.0f} rows/s; load {load0:.1f} ->"
        f" {os.getloadavg()[0]:.1f}; cores busy (whole machine) {busy:.2f} of"
        f" {os.cpu_count()}"
    )
    print(
        f"  CPU: import processes {client:.1f}s ({client / rows * 1e6:,.0f} us/row; parent"
        f" {result['self_cpu']:.1f}s), backends {server:.1f}s"
        f" ({server / rows * 1e6:,.0f} us/row), autovacuum {autovacuum:.1f}s;"
        f" total {(client + server + autovacuum) / rows * 1e6:,.0f} us/row;"
        f" (import + backends) / wall = {(client + server + autovacuum) / wall:.2f} cores"
    )
    busy_backends = sorted(cpu for cpu in backends.values() if cpu >= 0.05)
    print(f"  backends over 0.05 s: {', '.join(f'{cpu:.1f}s' for cpu in busy_backends)}")
    total = sum(sampler.waits.values()) or 1
    print(
        f"  backend samples ({sampler.samples} sweeps; locks not granted seen in"
        f" {sampler.blocked}):"
    )
    for label, count in sampler.waits.most_common(12):
        print(f"    {count / total:6.1%} {label}")


if __name__ == "__main__":
    main()
