"""Linkage at scale on synthetic UK-style people (no real data).

    .venv/bin/python benchmarks/linkage_synthetic.py --people 1000000

Generates N people, about 10% of them recorded a second time with the errors victims'
records really carry: a typo or a swapped pair of letters, a nickname, given and family
names swapped, a moved address, a missing date of birth; and households, where another
person shares the family name and address. Then, on this machine:
- batch: trains the hub's model (`linkage.splink_model.train`) and scores every blocked
  pair (`scored_pairs`), as `dedupe_people` does, reporting the time and the precision and
  recall of pairs at 0.9 against the known duplicates;
- one at a time: scores single new records against the people sharing a blocking key, as
  intake does for one API referral, reporting p50 and p95. The candidates are looked up in
  memory here, not in PostgreSQL.
"""

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--single", type=int, default=200, help="single-record scorings")
    args = parser.parse_args()
    from splink import DuckDBAPI, Linker

    from victimcare.linkage.splink_model import BLOCKING, _table, scored_pairs, train

    started = time.perf_counter()
    from victimcare.linkage.synthetic import generate

    records, truth = generate(args.people)
    print(f"generated {len(records):,} records ({len(truth):,} known duplicates) in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip

    started = time.perf_counter()
    model = train(records)
    trained = time.perf_counter() - started
    pairs = scored_pairs(model, records, threshold=0.9)
    batch = time.perf_counter() - started
    found = {tuple(sorted((int(p["unique_id_l"]), int(p["unique_id_r"])))) for p in pairs}
    correct = len(found & truth)
    print(f"batch: training {trained:.0f} s, training and scoring {batch:.0f} s "
          f"({batch / 60:.1f} min); at 0.9 precision {correct / max(len(found), 1):.4f}, "
          f"recall {correct / len(truth):.4f}")  # fmt: skip

    index: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for record in records:
        for keys in BLOCKING:
            value = record[keys[0]]
            if value:
                index[(keys[0], value)].append(record)
    rng = random.Random(1)
    timings = []
    for probe in rng.sample(records, args.single):
        started = time.perf_counter()
        seen = {probe["unique_id"]}
        candidates = []
        for keys in BLOCKING:
            for other in index.get((keys[0], probe[keys[0]] or ""), []):
                if other["unique_id"] not in seen:
                    seen.add(other["unique_id"])
                    candidates.append(other)
        if candidates:
            db = DuckDBAPI()
            left = db.register(_table([probe]), table_name="new_people")
            right = db.register(_table(candidates), table_name="known_people")
            linker = Linker([left, right], {**model, "link_type": "link_only"},
                            log_level="WARNING")  # fmt: skip
            linker.inference.predict(threshold_match_probability=0.5).as_record_list()
        timings.append(time.perf_counter() - started)
    timings.sort()
    p95 = timings[int(0.95 * len(timings)) - 1]
    print(f"one at a time ({args.single} records): p50 {statistics.median(timings) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
