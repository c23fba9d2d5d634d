"""How many pairs each of the model's blocking rules brings back, counted by Splink itself.

    .venv/bin/python benchmarks/blocking_counts.py --people 100000 1000000

For each size, generates the synthetic people `dedupe_spark.py` scores (`linkage.synthetic`,
N people and 10% second records) and, on DuckDB, with Splink's
`blocking_analysis.count_comparisons_from_blocking_rules` (exact: the sample proportion is
1.0 unless `--sample` says otherwise):
- each rule alone: the pairs it brings back (after `l.unique_id < r.unique_id`);
- the rules in the model's order: the pairs each adds to those before it (what the batch
  engines score), and the running total;
- `n_largest_blocks`: the largest blocks of each rule (synthetic keys only).
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def count(people: int, sample: float, largest: int) -> None:
    from splink import DuckDBAPI
    from splink.blocking_analysis import count_comparisons_from_blocking_rules, n_largest_blocks

    from victimcare.linkage.splink_model import _table, settings
    from victimcare.linkage.synthetic import generate

    started = time.perf_counter()
    records, _ = generate(people)
    print(
        f"\n{people:,} people: {len(records):,} records generated in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    db = DuckDBAPI()
    frame = db.register(_table(records), table_name="people")
    del records
    rules = list(settings().blocking_rules_to_generate_predictions)
    options = {"link_type": "dedupe_only", "record_sample_proportion": sample}
    print("rule | alone | added in order | running total | largest blocks (l x r)")
    started = time.perf_counter()
    ordered = count_comparisons_from_blocking_rules(frame, blocking_rules=rules, **options)
    ordered_seconds = time.perf_counter() - started
    for rule, row in zip(rules, ordered, strict=True):
        alone = count_comparisons_from_blocking_rules(frame, blocking_rules=[rule], **options)
        blocks = n_largest_blocks(
            frame, blocking_rule=rule, link_type="dedupe_only", n_largest=largest
        ).as_record_list()
        shown = ", ".join(
            f"{'/'.join(str(b[k]) for k in b if k.startswith('key_'))} "
            f"{b['count_l']}x{b['count_r']}"
            for b in blocks
        )
        print(
            f"{row['blocking_rule']} | {alone[0]['marginal_comparison_count']:,} | "
            f"{row['marginal_comparison_count']:,} | {row['cumulative_comparison_count']:,} | "
            f"{shown}",
            flush=True,
        )
    print(f"(all rules in order counted in {ordered_seconds:.0f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--sample", type=float, default=1.0)
    parser.add_argument("--largest", type=int, default=3)
    args = parser.parse_args()
    for people in args.people:
        count(people, args.sample, args.largest)


if __name__ == "__main__":
    main()
