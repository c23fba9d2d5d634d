"""Parallel intake benchmark (issue 21 item 3, ADR 55): one worker against two, beside the
per-row work-alone rate that benchmarks/ingest.py measures, in the same run.

    nice .venv/bin/python benchmarks/ingest_parallel.py --rows 100000
    nice .venv/bin/python benchmarks/ingest_parallel.py --rows 1000000 --workers 2 --skip-one

Generates N synthetic feed v1 rows (Faker en_GB, ingest.py's generator) once; then for each
measurement a freshly created and migrated PostgreSQL database (vch_parallel_bench_<n>):
- 1 worker: `feed_import_file`, the one-pass import (`import_referrals FILE`);
- W workers: `feed_import_parallel`, the file split into W chunks imported by W processes
  at once (`import_referrals FILE --workers W`), the same code the task workers run.
Beside them, in the same run: the per-row work alone (ingest.py's `per_row_floor`: read,
validate, normalise, entitle, encrypt; no database) and COPY of the same file. Prints rows/s,
each pipeline's share of the work-alone rate, peak RSS per worker, and the load average.
"""

import argparse
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
# Engineers sharing one PostgreSQL set their own prefix (BENCH_DB_PREFIX=vch_xx_bench).
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "vch_parallel_bench")


def fresh_database(name: str) -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def django_setup(database_url: str, *, migrate: bool = True) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ["DJANGO_DOT_ENV"] = os.devnull
    os.environ["DJANGO_SETTINGS_MODULE"] = "victimcare.config.settings.base"
    import django

    django.setup()
    if not migrate:
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from victimcare.accounts.models import Organisation, PostcodeDistrict, Team

    hub = Organisation.objects.create(name="Bench hub", code="bench-hub", kind="victim_care_hub")
    for name, prefix in (("North", "BS"), ("South", "BA")):
        team = Team.objects.create(organisation=hub, name=name)
        PostcodeDistrict.objects.bulk_create(
            PostcodeDistrict(team=team, district=f"{prefix}{n}") for n in range(1, 17)
        )


def measure(feed: Path, workers: int, floor: bool, profile: bool) -> dict[str, float]:
    """In a process of its own, on its own fresh database: one import, and (`floor`) the
    work-alone and COPY figures of ingest.py on the same file."""
    import ingest

    django_setup(fresh_database(f"{DB_PREFIX}_{workers}"))
    from victimcare.intake.importing import feed_import_file
    from victimcare.intake.parallel import feed_import_parallel

    rss_before = ingest.peak_rss_mb()
    started = time.perf_counter()
    if profile:
        import cProfile  # the standard library's: nothing to install

        profiler = cProfile.Profile()
        profiler.enable()
    if workers == 1:
        run = feed_import_file(path=feed)
    else:
        run = feed_import_parallel(path=feed, workers=workers)
    seconds = time.perf_counter() - started
    if profile:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {
        "workers": workers,
        "seconds": seconds,
        "rows": run.rows_read,
        "created": run.created,
        "rejected": run.rejected,
        "status": run.status,
        "worker_peak_rss_mb": children if workers > 1 else ingest.peak_rss_mb(),
        "rss_before_mb": rss_before,
    }
    if floor:
        result["floor_seconds"] = ingest.per_row_floor(feed)
        result["copy_seconds"] = ingest.baseline_load(feed)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-one", action="store_true", help="only the W-worker import")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile, 1 worker: the 40 costliest calls by cumulative time",
    )
    parser.add_argument("--feed", type=Path, help="reuse a generated file")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)  # the child's workers
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        print(json.dumps(measure(args.feed, args.measure, args.floor, args.profile)))
        return

    feed = args.feed
    if feed is None:
        import ingest

        workdir = Path(tempfile.mkdtemp(prefix="vch-parallel-bench-"))
        django_setup(f"postgres://postgres@127.0.0.1:5432/{DB_PREFIX}_gen", migrate=False)
        feed = workdir / "feed.csv"
        started = time.perf_counter()
        ingest.write_feed(feed, args.rows)
        print(
            f"generated {args.rows:,} rows in {time.perf_counter() - started:.0f}s "
            f"({feed.stat().st_size / 1e6:.0f} MB): {feed}"
        )
    print(f"load average at start: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    results = []
    for workers in ([] if args.skip_one else [1]) + [args.workers]:
        command = [sys.executable, __file__, "--feed", str(feed), "--measure", str(workers)]
        if workers == 1 or args.skip_one:
            command.append("--floor")
        if args.profile and workers == 1:
            command.append("--profile")
        load = os.getloadavg()[0]
        out = subprocess.run(command, check=True, capture_output=True, text=True)
        if args.profile:
            print(out.stderr[-12000:])
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["load"] = (load, os.getloadavg()[0])
        results.append(result)
        rate = result["rows"] / result["seconds"]
        print(
            f"{workers} worker(s): {result['rows']:,} rows ({result['created']:,} created, "
            f"{result['rejected']:,} rejected, {result['status']}) in {result['seconds']:.1f}s "
            f"= {rate:,.0f} rows/s; peak RSS per worker {result['worker_peak_rss_mb']:.0f} MB; "
            f"load average {load:.1f} -> {result['load'][1]:.1f}"
        )
    floor = next(r for r in results if "floor_seconds" in r)
    floor_rate = floor["rows"] / floor["floor_seconds"]
    copy_rate = floor["rows"] / floor["copy_seconds"]
    print(
        f"per-row work alone (one process): {floor['floor_seconds']:.1f}s = {floor_rate:,.0f} "
        f"rows/s; COPY {copy_rate:,.0f} rows/s"
    )
    for result in results:
        rate = result["rows"] / result["seconds"]
        print(
            f"{result['workers']} worker(s): {rate / floor_rate:.0%} of the work-alone rate, "
            f"{rate / copy_rate:.2%} of COPY"
        )
    if len(results) == 2:
        one, many = (r["rows"] / r["seconds"] for r in results)
        print(f"speed-up {args.workers} workers / 1: {many / one:.2f}x")
    print(f"load average at end: {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
