"""Repeat victims and households through the real intake, on PostgreSQL.

    .venv/bin/python benchmarks/households_intake.py --people 5000
    .venv/bin/python benchmarks/households_intake.py --people 100000
    .venv/bin/python benchmarks/households_intake.py --people 1000000 --index-load copy \
        --arrivals 3000 --realtime-probes 300

Builds a fresh PostgreSQL database, generates `--people` known people in households and the
records that arrive after them (`benchmarks/households.py`: repeats with police keying
errors, new relatives and neighbours of known people, strangers), and:

1. loads the known people: as police feed v1 rows through `feed_import_file` (what
   `manage.py import_referrals` runs), or with `--index-load copy` as intake would store
   them (`_person_values` of each parsed feed row, written by `bulk_insert`, no referral);
2. trains the linkage model on them as `manage.py train_linkage` does and stores it;
3. optionally times the real-time match (`person_best_match`) of `--realtime-probes`
   arrivals, each saved and rolled back;
4. sends the arrivals (all, or the first `--arrivals` of them in their shuffled order, with
   the later repeats of the relatives among them) as feed rows through `feed_import_file`:
   intake links each new person (joined, queued for review, or left apart);
5. reads the outcome from the database (merges and review candidates) and reports, per
   category, joined automatically (to the right person or not), queued (with the right
   person or not) and kept apart; automatic-join precision over all arrivals; repeats
   found (joined or queued with the right person) and joined automatically.

`--keep-index DB` copies the database after steps 1-2 (index stored, model trained) to a
template database; `--reuse-index DB` (same --people and --seed) starts from that copy and
goes straight to step 3, so later code is measured without storing and training again.

The truth is the generator's: each record's true person. A join is right when the person it
joined was created for a record of the same true person.
"""

import argparse
import csv
import json
import os
import statistics
import sys
import time
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"

from benchmarks.households import (  # noqa: E402
    HOUSEHOLD_CATEGORIES,
    OTHER_CATEGORIES,
    REPEAT_CATEGORIES,
    Record,
    feed_row,
    generate,
)

CATEGORIES = (
    "index",
    "index_repeat",
    *REPEAT_CATEGORIES,
    "relative_repeat",
    *HOUSEHOLD_CATEGORIES,
    "stranger",
)
assert set(CATEGORIES) == {*REPEAT_CATEGORIES, *HOUSEHOLD_CATEGORIES, *OTHER_CATEGORIES}
SOURCE = "households-police"


def prepare_database(name: str, template: str | None = None) -> str:
    """A fresh database, empty or (with `template`) a copy of a kept index."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def keep_index(database: str, kept: str, created: dict[int, int], path: Path) -> None:
    """Copy the database (index stored, model trained) to `kept`, and the feed row number
    of each stored person to `path`, so a later run can send the arrivals again."""
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {kept}")
        conn.execute(f"CREATE DATABASE {kept} TEMPLATE {database}")
    path.write_text(json.dumps(created))
    print(f"index and model kept as database {kept} ({path.name})")


class Truth:
    """Per feed row number: the true person and the category, held compactly."""

    def __init__(self) -> None:
        self.person, self.category = array("l"), array("b")

    def add(self, record: Record) -> int:
        self.person.append(record.person)
        self.category.append(CATEGORIES.index(record.category))
        return len(self.person) - 1


def split(people: int, seed: int, arrivals_max: int | None, truth: Truth) -> Iterator[Any]:
    """(phase, number, record) for the index, then the arrivals kept (capped if asked)."""
    kept_people: set[int] = set()
    sent = 0
    for record in generate(people, seed=seed):
        if record.phase == "arrival" and arrivals_max is not None:
            if record.category == "relative_repeat":
                if record.person not in kept_people:
                    continue
            elif sent >= arrivals_max:
                continue
            sent += 1
            kept_people.add(record.person)
        yield record.phase, truth.add(record), record


def write_feed(path: Path, rows: Iterable[tuple[int, Record]]) -> int:
    from victimcare.referrals.feed_columns import FEED_COLUMNS

    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FEED_COLUMNS)
        writer.writeheader()
        for number, record in rows:
            writer.writerow(feed_row(record, number, SOURCE))
            count += 1
    return count


def import_feed(path: Path, label: str) -> dict[int, int]:
    """Import through the real intake; return {person id created: feed row number}."""
    from victimcare.intake.importing import feed_import_file
    from victimcare.people.models import Person
    from victimcare.referrals.models import Referral

    last_person = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_referral = Referral.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    started = time.perf_counter()
    run = feed_import_file(path=path)
    seconds = time.perf_counter() - started
    print(
        f"{label}: {run.rows_read:,} rows through intake in {seconds:.0f} s "
        f"({run.rows_read / max(seconds, 1e-9):,.0f} rows/s): created {run.created:,}, "
        f"updated {run.updated}, unchanged {run.unchanged}, rejected {run.rejected}"
    )
    # Each new referral creates its person in the same order (ids from the sequences).
    people = Person.objects.filter(pk__gt=last_person).order_by("pk").values_list("pk", flat=True)
    referrals = (
        Referral.objects.filter(pk__gt=last_referral)
        .order_by("pk")
        .values_list("crime_reference", flat=True)
    )
    people, references = list(people), list(referrals)
    assert len(people) == len(references), (len(people), len(references))
    return {pk: int(ref.split("/")[1]) for pk, ref in zip(people, references, strict=True)}


def copy_index(rows: Iterable[tuple[int, Record]]) -> dict[int, int]:
    """The known people as intake would store them, without referrals or cases."""
    from django.db import transaction

    from victimcare.core.bulk import bulk_insert
    from victimcare.people.models import Person
    from victimcare.referrals.feed import parse_row
    from victimcare.referrals.values import _person_values

    created: dict[int, int] = {}
    chunk: list[tuple[int, Person]] = []

    def flush() -> None:
        with transaction.atomic():
            saved = bulk_insert([person for _, person in chunk])
        created.update((p.pk, n) for (n, _), p in zip(chunk, saved, strict=True))
        chunk.clear()

    started = time.perf_counter()
    for number, record in rows:
        chunk.append((number, Person(**_person_values(parse_row(feed_row(record, number))))))
        if len(chunk) >= 5000:
            flush()
    flush()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_person")
    print(
        f"index: {len(created):,} people stored as intake stores them (bulk) in "
        f"{time.perf_counter() - started:.0f} s"
    )
    return created


def realtime(records: list[tuple[int, Record]]) -> dict[str, float]:
    """Time `person_best_match` for each arrival, saved then rolled back."""
    from django.db import transaction

    from victimcare.linkage import intake
    from victimcare.linkage.services import current_scorer
    from victimcare.people.models import Person
    from victimcare.referrals.feed import parse_row
    from victimcare.referrals.values import _person_values

    current_scorer()  # compiled once per process, as in a running worker
    timings = []
    for number, record in records:
        with transaction.atomic():
            person = Person(**_person_values(parse_row(feed_row(record, number))))
            person.save()
            started = time.perf_counter()
            intake.person_best_match(person)
            timings.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    ordered = sorted(timings)

    def at(share: float) -> float:
        return ordered[max(0, int(share * len(ordered)) - 1)] * 1000

    return {
        "probes": len(timings),
        "p50_ms": statistics.median(timings) * 1000,
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
    }


def outcomes(created: dict[int, int], truth: Truth, arrival_numbers: set[int]) -> dict[str, Any]:
    """Per category: joined right/wrong, queued right/other, apart; and the totals."""
    from victimcare.linkage.models import CandidateStatus, LinkCandidate
    from victimcare.people.models import Person

    merged_into = dict(
        Person.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id")
    )

    def final(pk: int) -> int:
        while pk in merged_into:
            pk = merged_into[pk]
        return pk

    def true_person(pk: int) -> int:
        return truth.person[created[pk]]

    queued_with: dict[int, list[int]] = defaultdict(list)
    pairs = LinkCandidate.objects.filter(status=CandidateStatus.PENDING)
    for left, right in pairs.values_list("left_id", "right_id").iterator(chunk_size=10000):
        queued_with[right].append(left)  # the newcomer is the later person
    table: dict[str, Counter[str]] = {name: Counter() for name in CATEGORIES[2:]}
    for pk, number in created.items():
        if number not in arrival_numbers:
            continue
        category, me = CATEGORIES[truth.category[number]], truth.person[number]
        row = table[category]
        row["arrivals"] += 1
        if pk in merged_into:
            row["joined right" if true_person(final(pk)) == me else "joined wrong"] += 1
        elif pk in queued_with:
            others = {true_person(o) for o in queued_with[pk]} | {
                true_person(final(o)) for o in queued_with[pk]
            }
            row["queued right" if me in others else "queued other"] += 1
        else:
            row["apart"] += 1
    repeats = [table[c] for c in (*REPEAT_CATEGORIES, "relative_repeat")]
    joined = sum(r["joined right"] + r["joined wrong"] for r in table.values())
    right = sum(r["joined right"] for r in table.values())
    total = sum(r["arrivals"] for r in repeats)
    return {
        "categories": {name: dict(row) for name, row in table.items()},
        "automatic_join_precision": right / joined if joined else None,
        "automatic_joins": joined,
        "wrong_automatic_joins": joined - right,
        "repeats": total,
        "repeats_found": sum(r["joined right"] + r["queued right"] for r in repeats) / total,
        "repeats_joined_automatically": sum(r["joined right"] for r in repeats) / total,
        "household_joins": sum(
            table[c]["joined right"] + table[c]["joined wrong"] for c in HOUSEHOLD_CATEGORIES
        ),
    }


def model_upgraded() -> bool:
    """Give the stored model the address comparison's level for a different address in
    another postcode (splink_model.address_comparison) if it was trained before the level
    existed, calibrated as training calibrates it (model_rules.calibrated), and store it
    as the next version. For measuring a kept 1,000,000-person index without training it
    again: the level's m and u are fixed by calibration, not learned."""
    from django.conf import settings

    from victimcare.linkage.model_rules import MOVED_LABEL, calibrated, model_problems
    from victimcare.linkage.models import LinkageModel

    stored = LinkageModel.objects.order_by("-version").first()
    assert stored is not None, "no model to upgrade"
    model = json.loads(json.dumps(stored.model))
    [address] = [c for c in model["comparisons"] if c["output_column_name"] == "address"]
    levels = address["comparison_levels"]
    if any(level.get("label_for_charts") == MOVED_LABEL for level in levels):
        return False
    other = levels[-1]
    levels.insert(
        len(levels) - 1,
        {
            "sql_condition": 'damerau_levenshtein("postcode_l", "postcode_r") > 2',
            "label_for_charts": MOVED_LABEL,
            "m_probability": other["u_probability"],
            "u_probability": other["u_probability"],
        },
    )
    model = calibrated(model, review_threshold=settings.LINKAGE_REVIEW_THRESHOLD)
    problems = model_problems(
        model, stored.term_frequencies, review_threshold=settings.LINKAGE_REVIEW_THRESHOLD
    )
    assert not problems, problems
    LinkageModel.objects.create(
        version=stored.version + 1,
        model=model,
        term_frequencies=stored.term_frequencies,
        people=stored.people,
        trained_by="benchmark upgrade",
    )
    return True


def explain(created: dict[int, int], truth: Truth, arrival_numbers: set[int]) -> dict[str, Any]:
    """Why repeats were queued rather than joined: for each repeat category, how often each
    field compared at each level among the queued pairs, and their match weights (the
    generator's synthetic people only; no name or address is printed)."""
    from victimcare.linkage.models import CandidateStatus, LinkCandidate

    category_of = {
        pk: CATEGORIES[truth.category[number]]
        for pk, number in created.items()
        if number in arrival_numbers
    }
    levels: dict[str, Counter[str]] = defaultdict(Counter)
    weights: dict[str, list[float]] = defaultdict(list)
    pairs = LinkCandidate.objects.filter(status=CandidateStatus.PENDING)
    for right, weight, fields in pairs.values_list("right_id", "match_weight", "fields"):
        category = category_of.get(right, "")
        if not category.startswith("repeat"):
            continue
        weights[category].append(weight)
        pattern = "; ".join(
            f"{f['field']}: {f['level']} ({f['weight']:+.1f})"
            for f in fields
            if f["field"] not in ("given_name", "family_name") or f["weight"] < 0
        )
        levels[category][pattern] += 1
    return {
        category: {
            "queued": len(weights[category]),
            "weight_quartiles": statistics.quantiles(weights[category], n=4)
            if len(weights[category]) > 1
            else weights[category],
            "commonest": levels[category].most_common(5),
        }
        for category in sorted(weights)
    }


def report(result: dict[str, Any]) -> str:
    lines = [
        "| category | arrivals | joined automatically (wrong) | queued for review "
        "(with the right person) | kept apart |",
        "|---|---|---|---|---|",
    ]
    for name, row in result["categories"].items():
        joined = row.get("joined right", 0) + row.get("joined wrong", 0)
        queued = row.get("queued right", 0) + row.get("queued other", 0)
        lines.append(
            f"| {name} | {row.get('arrivals', 0):,} | {joined:,} "
            f"({row.get('joined wrong', 0):,}) | {queued:,} "
            f"({row.get('queued right', 0):,}) | {row.get('apart', 0):,} |"
        )
    precision = result["automatic_join_precision"]
    lines += [
        "",
        f"automatic joins {result['automatic_joins']:,}, wrong {result['wrong_automatic_joins']:,}"
        f", precision {precision:.4f}"
        if precision is not None
        else "no automatic joins",
        f"repeats {result['repeats']:,}: found {result['repeats_found']:.4f}, "
        f"joined automatically {result['repeats_joined_automatically']:.4f}",
        f"automatic joins in household and neighbour categories: {result['household_joins']}",
    ]
    return "\n".join(lines)


def setup(database: str, template: str | None = None) -> None:
    os.environ["DATABASE_URL"] = prepare_database(database, template)
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ["DJANGO_DOT_ENV"] = os.devnull
    os.environ["DJANGO_SETTINGS_MODULE"] = "victimcare.config.settings.base"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if template:
        return
    from victimcare.accounts.models import Organisation, PostcodeDistrict, Team

    hub = Organisation.objects.create(name="Bench hub", code="bench-hub", kind="victim_care_hub")
    for name, prefix in (("North", "BS"), ("South", "BA")):
        team = Team.objects.create(organisation=hub, name=name)
        PostcodeDistrict.objects.bulk_create(
            PostcodeDistrict(team=team, district=f"{prefix}{n}") for n in range(1, 17)
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--arrivals", type=int, default=None, help="send at most this many")
    parser.add_argument("--index-load", choices=("intake", "copy"), default="intake")
    parser.add_argument("--realtime-probes", type=int, default=0)
    parser.add_argument("--database", default="vch_linkreview_households")
    parser.add_argument("--json", type=Path, help="write the results here too")
    parser.add_argument(
        "--upgrade-model",
        action="store_true",
        help="with --reuse-index: give a model kept before the address comparison had a "
        "level for a move that level, calibrated as training calibrates it",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print, per repeat category, how the queued pairs compared field by field",
    )
    parser.add_argument(
        "--keep-index",
        metavar="DATABASE",
        help="after storing the index and training, copy the database here",
    )
    parser.add_argument(
        "--reuse-index",
        metavar="DATABASE",
        help="start from a database kept by --keep-index (same --people and "
        "--seed): no index load, no training; the arrivals are sent with "
        "the code as it is now",
    )
    args = parser.parse_args()

    setup(args.database, template=args.reuse_index)
    workdir = ROOT / "var" / f"households-{args.people}"
    workdir.mkdir(parents=True, exist_ok=True)
    truth = Truth()
    arrivals: list[tuple[int, Record]] = []
    started = time.perf_counter()

    def index_rows() -> Iterator[tuple[int, Record]]:
        for phase, number, record in split(args.people, args.seed, args.arrivals, truth):
            if phase == "index":
                yield number, record
            else:
                arrivals.append((number, record))

    kept_path = workdir / "kept-index.json"
    trained = 0.0
    if args.reuse_index:
        for _ in index_rows():
            pass
        created = {int(pk): n for pk, n in json.loads(kept_path.read_text()).items()}
        print(f"index and model from database {args.reuse_index}: {len(created):,} people")
    elif args.index_load == "intake":
        write_feed(workdir / "index.csv", index_rows())
        print(f"generated in {time.perf_counter() - started:.0f} s")
        created = import_feed(workdir / "index.csv", "index")
    else:
        created = copy_index(index_rows())
    if not args.reuse_index:
        started = time.perf_counter()
        from victimcare.linkage.services import linkage_model_train

        stored = linkage_model_train(actor_label="benchmark")
        trained = time.perf_counter() - started
        print(
            f"trained model version {stored.version} on {stored.people:,} people in {trained:.0f} s"
        )
        if args.keep_index:
            keep_index(args.database, args.keep_index, created, kept_path)
    if args.upgrade_model and model_upgraded():
        print("model: the address comparison's level for a move added (calibrated, not trained)")
    timing = realtime(arrivals[: args.realtime_probes]) if args.realtime_probes else None
    if timing:
        print(
            f"real-time match, {timing['probes']} arrivals: p50 {timing['p50_ms']:.1f} ms, "
            f"p95 {timing['p95_ms']:.1f} ms, p99 {timing['p99_ms']:.1f} ms"
        )
    write_feed(workdir / "arrivals.csv", arrivals)
    created.update(import_feed(workdir / "arrivals.csv", "arrivals"))
    result = outcomes(created, truth, {number for number, _ in arrivals})
    result.update(
        people=args.people, index_load=args.index_load, realtime=timing, training_seconds=trained
    )
    print(report(result))
    if args.explain:
        print(json.dumps(explain(created, truth, {n for n, _ in arrivals}), indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
