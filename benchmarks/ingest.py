"""Ingest benchmark: the whole referral pipeline against a bare bulk load of the same rows.

    .venv/bin/python benchmarks/ingest.py --rows 100000 --database postgres
    .venv/bin/python benchmarks/ingest.py --rows 100000 --database sqlite

Generates N synthetic feed v1 rows (Faker en_GB) into a file, imports it through
`feed_import_file` (parse, validate, entitle, persist, route, open cases, audit) into a
freshly migrated database, and in the same run loads the same rows into a bare table
(PostgreSQL: COPY; SQLite: one executemany in one transaction) as the baseline. Prints
rows/s, the ratio to the baseline, and the import's peak memory (RSS growth).
"""

import argparse
import cProfile
import csv
import os
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "victimcare_bench"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare_database(kind: str, workdir: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    import psycopg

    with psycopg.connect(
        PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
        conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")
    return f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"


def write_feed(path: Path, rows: int) -> None:
    from victimcare.referrals.feed_columns import FEED_COLUMNS
    from victimcare.referrals.synthetic import synthetic_feed_rows

    districts = [f"BS{n}" for n in range(1, 17)] + [f"BA{n}" for n in range(1, 17)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FEED_COLUMNS)
        writer.writeheader()
        writer.writerows(
            synthetic_feed_rows(
                count=rows,
                source="bench-police",
                districts=districts,
                out_of_area_districts=["M1"],
                days_back=365,
            )
        )


def baseline_load(path: Path) -> float:
    """Seconds to bulk-load the same rows into a bare table of text columns."""
    from django.db import connection

    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    columns = ", ".join(f'"{c}" text' for c in header)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare")
        cursor.execute(f"CREATE TABLE bench_bare ({columns})")
    start = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, path.open("rb") as handle:
            with cursor.copy("COPY bench_bare FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
    else:
        placeholders = ", ".join("?" for _ in header)
        with path.open(encoding="utf-8", newline="") as handle, connection.cursor() as cursor:
            reader = csv.reader(handle)
            next(reader)
            cursor.execute("BEGIN")
            cursor.executemany(f"INSERT INTO bench_bare VALUES ({placeholders})", reader)
            cursor.execute("COMMIT")
    return time.perf_counter() - start


def per_row_floor(path: Path) -> float:
    """Seconds for the work every row needs before any database write, with nothing else:
    read and validate it, normalise the person and derive the matching keys, work out the
    entitlement, and encrypt the contact details. No implementation of the pipeline in
    this stack can run faster than this; it bounds the ratio to COPY from above."""
    from victimcare.core.fields import encrypt_text
    from victimcare.entitlements.selectors import current_rule_values
    from victimcare.referrals.feed import parse_row
    from victimcare.referrals.feed_values import RowInvalid
    from victimcare.referrals.values import _entitlement_values, _person_values

    values = current_rule_values()
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        for raw in csv.DictReader(handle):
            try:
                record = parse_row(raw)
            except RowInvalid:
                continue
            person = _person_values(record)
            _entitlement_values(record, values, 1)
            for name in ("address_line_1", "address_line_2", "phone", "email"):
                encrypt_text(str(person.get(name) or ""))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="vch-bench-"))
    os.environ["DATABASE_URL"] = prepare_database(args.database, workdir)
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ["DJANGO_DOT_ENV"] = os.devnull
    os.environ["DJANGO_SETTINGS_MODULE"] = "victimcare.config.settings.base"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from victimcare.accounts.models import Organisation, PostcodeDistrict, Team

    hub = Organisation.objects.create(name="Bench hub", code="bench-hub", kind="victim_care_hub")
    for name, prefix in (("North", "BS"), ("South", "BA")):
        team = Team.objects.create(organisation=hub, name=name)
        PostcodeDistrict.objects.bulk_create(
            PostcodeDistrict(team=team, district=f"{prefix}{n}") for n in range(1, 17)
        )

    feed = workdir / "feed.csv"
    started = time.perf_counter()
    write_feed(feed, args.rows)
    print(
        f"generated {args.rows:,} rows in {time.perf_counter() - started:.1f}s ({feed.stat().st_size / 1e6:.0f} MB)"
    )

    from victimcare.intake.importing import feed_import_file

    # The pipeline runs first: peak RSS is a high-water mark, and the baseline may buffer.
    rss_before = peak_rss_mb()
    profiler = cProfile.Profile() if args.profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    run = feed_import_file(path=feed)
    seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "tottime")).print_stats(40)
    rss_growth = peak_rss_mb() - rss_before
    rss_peak = peak_rss_mb()
    baseline_seconds = baseline_load(feed)

    floor_seconds = per_row_floor(feed)

    rate = run.rows_read / seconds
    baseline_rate = args.rows / baseline_seconds
    floor_rate = args.rows / floor_seconds
    print(
        f"database: {args.database}; rows: {run.rows_read:,} (created {run.created:,}, rejected {run.rejected:,})"
    )
    print(f"pipeline: {seconds:.1f}s, {rate:,.0f} rows/s")
    print(
        f"baseline ({'COPY' if args.database == 'postgres' else 'executemany'}): {baseline_seconds:.2f}s, {baseline_rate:,.0f} rows/s"
    )
    print(f"ratio pipeline/baseline: {rate / baseline_rate:.1%}")
    print(
        f"per-row work alone (validate, normalise, entitle, encrypt; no database): "
        f"{floor_seconds:.1f}s, {floor_rate:,.0f} rows/s = {floor_rate / baseline_rate:.1%} of "
        f"the baseline, the most any pipeline doing that work in one process could reach"
    )
    print(f"peak memory growth during import: {rss_growth:.0f} MB (process peak {rss_peak:.0f} MB)")


if __name__ == "__main__":
    main()
