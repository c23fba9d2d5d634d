"""The real-time match (`linkage.intake.person_best_match`) timed for the first arrivals of a
feed file that `households_intake.py` wrote, against a kept index, without generating the
people again or sending the arrivals through intake.

    .venv/bin/python benchmarks/realtime_from_csv.py var/households-1000000/arrivals.csv \\
        --database vch_h1m_kept --probes 300

Each arrival is saved as intake stores a person, matched, and rolled back, as in the
benchmark's own `realtime()`: the index's rows are left as they were (its sequences move on).
`--profile` prints where the time went (cProfile, cumulative). While it runs, a kept template
cannot be copied (PostgreSQL refuses a template with a connection).
"""

import argparse
import cProfile
import csv
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("arrivals", type=Path)
    parser.add_argument("--database", required=True)
    parser.add_argument("--probes", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    # The benchmark's own key: the kept index's contact details were sealed with it.
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ["DJANGO_DOT_ENV"] = os.devnull
    os.environ["DJANGO_SETTINGS_MODULE"] = "victimcare.config.settings.base"
    import django

    django.setup()
    from django.db import transaction

    from victimcare.linkage import intake
    from victimcare.linkage.services import current_scorer
    from victimcare.people.models import Person
    from victimcare.referrals.feed import parse_row
    from victimcare.referrals.values import _person_values

    with args.arrivals.open(newline="", encoding="utf-8") as handle:
        rows = [row for _, row in zip(range(args.probes), csv.DictReader(handle), strict=False)]
    current_scorer()  # compiled once per process, as in a running worker
    profile = cProfile.Profile() if args.profile else None
    timings = []
    for row in rows:
        with transaction.atomic():
            person = Person(**_person_values(parse_row(row)))
            person.save()
            started = time.perf_counter()
            if profile:
                profile.enable()
            intake.person_best_match(person)
            if profile:
                profile.disable()
            timings.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    ordered = sorted(timings)

    def at(share: float) -> float:
        return ordered[max(0, int(share * len(ordered)) - 1)] * 1000

    print(
        f"{len(ordered)} arrivals: p50 {statistics.median(ordered) * 1000:.1f} ms, "
        f"p95 {at(0.95):.1f} ms, p99 {at(0.99):.1f} ms (load average {os.getloadavg()[0]:.1f})"
    )
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
