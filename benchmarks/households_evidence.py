"""The evidence rules alone on the households data: which arrivals a change to the rules moves.

    .venv/bin/python benchmarks/households_evidence.py --people 100000 --arrivals 5000

A quick check, without PostgreSQL, intake or a trained model, of what a change to
`linkage.evidence` does: each arrival of `benchmarks/households.py` (the same arrivals as
`households_intake.py` sends with the same --people, --seed and --arrivals) is compared with
the known record of the person it repeats or is related to, once without and once with the
index's given-name frequencies (`linkage.names.names_in_own_right`, as intake uses them),
and the arrivals whose decision cap (join, review, apart) differs are counted per category.
A cap is what the evidence allows; whether a pair is joined also needs the model's
probability over the join threshold, so a move to "join" is an upper bound on new joins.
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benchmarks.households import Record, generate  # noqa: E402


def identity(record: Record):  # type: ignore[no-untyped-def]
    from victimcare.linkage.evidence import Identity, is_mobile

    return Identity(
        given_name=record.given_name,
        family_name=record.family_name,
        date_of_birth=record.date_of_birth,
        address_lines=(record.address_line_1,),
        postcode=record.postcode,
        phone=record.phone,
        email=record.email,
        sex=record.sex,
        phone_mobile=is_mobile(record.phone),
    )


def main() -> None:
    from victimcare.linkage.evidence import pair_evidence
    from victimcare.linkage.names import names_in_own_right
    from victimcare.people.normalise import canonical_given_name

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--arrivals", type=int, default=None, help="at most this many")
    args = parser.parse_args()

    known: dict[int, Record] = {}
    names: Counter[str] = Counter()
    arrivals: list[Record] = []
    kept: set[int] = set()
    sent = 0
    for record in generate(args.people, seed=args.seed):
        if record.phase == "index":
            known.setdefault(record.person, record)
            if record.given_name:
                names[canonical_given_name(record.given_name)] += 1
            continue
        if args.arrivals is not None:  # as households_intake.split chooses them
            if record.category == "relative_repeat":
                if record.person not in kept:
                    continue
            elif sent >= args.arrivals:
                continue
            sent += 1
            kept.add(record.person)
        arrivals.append(record)
    total = sum(names.values())
    spellings = names_in_own_right({name: n / total for name, n in names.items()})
    moved: Counter[tuple[str, str, str]] = Counter()
    for record in arrivals:
        other = known.get(record.related_to)
        if other is None:
            continue
        a, b = identity(record), identity(other)
        before = pair_evidence(a, b).decision_cap
        after = pair_evidence(a, b, spellings=spellings).decision_cap
        if before != after:
            moved[(record.category, before.value, after.value)] += 1
    print(f"{len(arrivals):,} arrivals; decision caps moved by the index's given-name frequencies:")
    for (category, before, after), count in sorted(moved.items()):
        print(f"  {category}: {before} -> {after}: {count}")
    if not moved:
        print("  none")


if __name__ == "__main__":
    main()
