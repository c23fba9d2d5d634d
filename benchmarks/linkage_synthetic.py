"""Linkage at scale on synthetic UK-style people (no real data).

    .venv/bin/python benchmarks/linkage_synthetic.py --people 1000000

Generates N people, about 10% of them recorded a second time with the errors victims'
records really carry: a typo or a swapped pair of letters, a nickname, given and family
names swapped, a moved address, a missing date of birth; and households, where another
person shares the family name and address. Then, on this machine:
- batch: trains the hub's model (`linkage.splink_model.train`) and scores every blocked
  pair (`scored_pairs`), as `dedupe_people` does, reporting the time and the precision and
  recall of pairs at 0.9 against the known duplicates;
One referral at a time, against people held in PostgreSQL, is `linkage_realtime.py`.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=1_000_000)
    args = parser.parse_args()

    from victimcare.linkage.splink_model import scored_pairs, train

    started = time.perf_counter()
    from victimcare.linkage.synthetic import generate

    records, truth = generate(args.people)
    print(
        f"generated {len(records):,} records ({len(truth):,} known duplicates) in "
        f"{time.perf_counter() - started:.0f} s"
    )

    started = time.perf_counter()
    model = train(records)
    trained = time.perf_counter() - started
    pairs = scored_pairs(model, records, threshold=0.9)
    batch = time.perf_counter() - started
    found = {tuple(sorted((int(p["unique_id_l"]), int(p["unique_id_r"])))) for p in pairs}
    correct = len(found & truth)
    print(
        f"batch: training {trained:.0f} s, training and scoring {batch:.0f} s "
        f"({batch / 60:.1f} min); at 0.9 precision {correct / max(len(found), 1):.4f}, "
        f"recall {correct / len(truth):.4f}"
    )


if __name__ == "__main__":
    main()
