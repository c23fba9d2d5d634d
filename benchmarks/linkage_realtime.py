"""Real-time linkage: one new referral's person matched against 1,000,000 people held in
PostgreSQL, as the API intake does it, beside the Splink-per-call scoring it replaced.

    .venv/bin/python benchmarks/linkage_realtime.py --people 1000000 --probes 300

Builds a fresh PostgreSQL database holding N synthetic UK-style people
(`linkage.synthetic.generate`; contact details encrypted as the hub stores them, blocking
keys computed as intake computes them), trains the model on them and stores it. Then, for
each probe (second records of known people carrying real-world errors, and people the
index has never seen), saves the person and times `people_link_at_intake([pk])`: the
indexed candidate query, decrypting the candidates' addresses, scoring each with the
compiled model, and recording the merge or review candidate. Each probe is rolled back so
the index stays the same. In the same run, on the same candidates, the previous way
(a Splink linker on DuckDB per call) is timed as the baseline.
"""

import argparse
import cProfile
import datetime
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "victimcare_linkage_bench"


def prepare_database(name: str = PG_BENCH_DB) -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(share * len(ordered)) - 1)]


def load_people(records: list[dict[str, Any]]) -> None:
    """COPY the people in, every column as the hub would hold it."""
    from django.db import connection
    from tqdm import tqdm

    from victimcare.core.fields import encrypt_text
    from victimcare.people.models import Person
    from victimcare.people.normalise import matching_keys, name_key

    now = datetime.datetime.now(datetime.UTC)
    fields = [f for f in Person._meta.concrete_fields]
    columns = [f.column for f in fields]
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY people_person ({', '.join(columns)}) FROM STDIN") as copy:
            for r in tqdm(records, desc="people", unit="people", mininterval=2):
                given, family = r["given_name"] or "", r["family_name"] or ""
                values: dict[str, Any] = {
                    "id": r["unique_id"],
                    "kind": "individual",
                    "given_name": given,
                    "family_name": family,
                    "date_of_birth": datetime.date.fromisoformat(r["dob"]) if r["dob"] else None,
                    "address_line_1": encrypt_text(r["address"] or ""),
                    "postcode": r["postcode"] or "",
                    "phone": encrypt_text(r["phone"] or ""),
                    "email": encrypt_text(r["email"] or ""),
                    "name_key": name_key(given, family),
                    **matching_keys(
                        given_name=given,
                        family_name=family,
                        phone=r["phone"] or "",
                        email=r["email"] or "",
                    ),
                    "created_at": now,
                    "updated_at": now,
                }
                row = []
                for field in fields:
                    if field.attname in values:
                        row.append(values[field.attname])
                    elif field.null:
                        row.append(None)
                    else:
                        row.append("")
                copy.write_row(row)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('people_person', 'id'), "
            "(SELECT max(id) FROM people_person))"
        )
        cursor.execute("ANALYZE people_person")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--probes", type=int, default=300)
    parser.add_argument("--baseline-probes", type=int, default=60)
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    parser.add_argument("--database", default=PG_BENCH_DB, help="the (fresh) database to use")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = prepare_database(args.database)
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ["DJANGO_DOT_ENV"] = os.devnull
    os.environ["DJANGO_SETTINGS_MODULE"] = "victimcare.config.settings.base"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from splink import DuckDBAPI, Linker

    from victimcare.linkage import intake
    from victimcare.linkage.models import LinkageModel, LinkCandidate
    from victimcare.linkage.records import person_record
    from victimcare.linkage.scorer import term_frequencies
    from victimcare.linkage.services import current_scorer
    from victimcare.linkage.splink_model import _table, train
    from victimcare.linkage.synthetic import generate
    from victimcare.people.models import Person

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    records, truth = generate(args.people)
    known = [r for r in records if r["unique_id"] <= args.people]
    second = {r["unique_id"]: r for r in records if r["unique_id"] > args.people}
    original_of = {copy: original for original, copy in truth}
    print(f"generated {len(known):,} people in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    load_people(known)
    print(f"loaded into PostgreSQL in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    # Trained on the hub's history: the index as it was before linkage, repeats included.
    model = train(records)
    LinkageModel.objects.create(
        version=1,
        model=model,
        people=len(records),
        term_frequencies=term_frequencies(records, model),
        trained_by="benchmark",
    )
    print(f"trained in {time.perf_counter() - started:.0f} s")
    current_scorer()  # compiled once per process, as in a running worker

    rng = random.Random(5)
    repeats = rng.sample(sorted(second), args.probes * 2 // 3)
    strangers, _ = generate(args.probes - len(repeats), seed=99)
    probes = [("repeat", second[uid]) for uid in repeats]
    probes += [("new", r) for r in strangers[: args.probes - len(repeats)]]
    rng.shuffle(probes)

    timings: list[float] = []  # the match: candidates from PostgreSQL, scored
    recorded: list[float] = []  # intake's linkage: the match again, and the merge or queueing
    candidates: list[int] = []
    outcomes = {
        "joined right": 0,
        "queued right": 0,
        "missed": 0,
        "wrong": 0,
        "new left new": 0,
        "new linked": 0,
    }
    baseline: list[float] = []
    profiler = cProfile.Profile() if args.profile else None
    for n, (kind, record) in enumerate(probes):
        with transaction.atomic():
            dob = record["dob"]
            person = Person(
                kind="individual",
                given_name=record["given_name"] or "",
                family_name=record["family_name"] or "",
                date_of_birth=datetime.date.fromisoformat(dob) if dob else None,
                postcode=record["postcode"] or "",
                address_line_1=record["address"] or "",
                phone=record["phone"] or "",
                email=record["email"] or "",
            )
            person.save()
            if profiler:
                profiler.enable()
            started = time.perf_counter()
            intake.person_best_match(person)
            timings.append(time.perf_counter() - started)
            links = intake.people_link_at_intake([person.pk])
            recorded.append(time.perf_counter() - started - timings[-1])
            if profiler:
                profiler.disable()
            [probe] = intake._candidate_rows(Person.objects.filter(pk=person.pk))
            found = intake._known_candidates([probe])
            candidates.append(len(found))
            person.refresh_from_db()
            if kind == "repeat":
                original = original_of[record["unique_id"]]
                queued = LinkCandidate.objects.filter(left_id=original, right_id=person.pk)
                if person.merged_into_id == original:
                    outcomes["joined right"] += 1
                elif queued.exists():
                    outcomes["queued right"] += 1
                elif links.joined or links.queued:
                    outcomes["wrong"] += 1
                else:
                    outcomes["missed"] += 1
            else:
                outcomes["new linked" if links.joined or links.queued else "new left new"] += 1
            if n < args.baseline_probes and found:
                started = time.perf_counter()
                db = DuckDBAPI()
                left = db.register(_table([person_record(person)]), table_name="new_people")
                known_people = Person.objects.filter(pk__in=[c.pk for c in found])
                right = db.register(
                    _table([person_record(p) for p in known_people]), table_name="known_people"
                )
                linker = Linker(
                    [left, right], {**model, "link_type": "link_only"}, log_level="WARNING"
                )
                linker.inference.predict(threshold_match_probability=0.5).as_record_list()
                baseline.append(time.perf_counter() - started)
            transaction.set_rollback(True)

    def line(name: str, values: list[float]) -> str:
        return (
            f"{name}: n={len(values)}, p50 {statistics.median(values) * 1000:.1f} ms, "
            f"p95 {percentile(values, 0.95) * 1000:.1f} ms, "
            f"p99 {percentile(values, 0.99) * 1000:.1f} ms"
        )

    print(line("match one person (PostgreSQL candidates, compiled model)", timings))
    print(line("intake linkage including the merge or review record", recorded))
    if baseline:
        print(line("baseline: Splink linker per call on the same candidates", baseline))
        print(
            f"ratio of medians (baseline / compiled): "
            f"{statistics.median(baseline) / statistics.median(timings):.1f}x"
        )
    print(
        f"candidates per probe: median {statistics.median(candidates):.0f}, "
        f"p95 {percentile([float(c) for c in candidates], 0.95):.0f}, max {max(candidates)}"
    )
    print("outcomes:", ", ".join(f"{k} {v}" for k, v in outcomes.items()))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
