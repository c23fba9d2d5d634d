"""Staff search at scale: "find a victim or a case" against 1,000,000 people with a case
each, in PostgreSQL, as an officer of one hub types it.

    .venv/bin/python benchmarks/search.py --people 1000000 --probes 200

Builds a fresh PostgreSQL database holding N synthetic UK-style people
(`linkage.synthetic.generate`, loaded as `linkage_realtime.py` loads them: contact details
encrypted, blocking and blind-index keys computed as intake computes them), one referral
and one case for each (COPY through `core.bulk.bulk_insert`, as intake writes), in one
organisation of two hubs. Then times `cases.search.case_search` for each kind of query
an officer types (a misspelled name, a name with a date of birth, a date of birth alone,
a case reference, a crime reference, a phone number, an email address), each probe
drawn from a known person. The baseline, in the same run, is reading one case by its id
with the same related rows, the cheapest read of the case page.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "victimcare_search_bench"
CHUNK = 20_000


def prepare_database() -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
        conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")
    return f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"


def typo(rng: random.Random, word: str) -> str:
    """Two neighbouring letters swapped, as a hurried officer types."""
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 3)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def build(known: list[dict]) -> tuple:
    """The hub, its two teams, an officer, and the people with a referral and a case each."""
    from django.db import connection, transaction
    from django.utils import timezone
    from linkage_realtime import load_people
    from tqdm import tqdm

    from victimcare.accounts.capabilities import Role
    from victimcare.accounts.models import Organisation, Team, User
    from victimcare.cases.models import Case
    from victimcare.core.bulk import bulk_insert
    from victimcare.referrals.models import Referral

    started = time.perf_counter()
    load_people(known)
    hub = Organisation.objects.create(name="Bench hub", code="bench-hub", kind="victim_care_hub")
    north = Team.objects.create(organisation=hub, name="North")
    south = Team.objects.create(organisation=hub, name="South")
    officer = User.objects.create(
        username="officer", role=Role.VICTIM_CARE_OFFICER, team=north, organisation=hub
    )
    now = timezone.now()
    today = timezone.localdate()
    for start in tqdm(range(0, len(known), CHUNK), desc="referrals and cases", unit="chunk"):
        chunk = known[start : start + CHUNK]
        with transaction.atomic():
            referrals = bulk_insert(
                [
                    Referral(
                        source="bench-police",
                        crime_reference=f"BP/{r['unique_id']:07d}/26",
                        victim_reference="V1",
                        channel="police_feed",
                        person_id=r["unique_id"],
                        reported_at=now - datetime.timedelta(minutes=r["unique_id"] % 50_000),
                        incident_type="crime",
                        crime_category="Burglary",
                        offence_description="Burglary in a dwelling",
                        referral_consent="given",
                        postcode_district=(r["postcode"] or "BS1 1AA").split(" ")[0],
                        entitlement_level="standard",
                        auto_referral="consent_given",
                        auto_referral_reason="consented",
                        contact_due_by=today,
                        contact_due_reason="Victims' Code",
                        update_within_working_days=5,
                    )
                    for r in chunk
                ]
            )
            bulk_insert(
                [
                    Case(
                        referral=referral,
                        person_id=referral.person_id,
                        team=north if referral.person_id % 2 else south,
                        triage="consent_given",
                        contact_deadline=today,
                        contact_deadline_reason="Victims' Code",
                    )
                    for referral in referrals
                ]
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"loaded people, referrals and cases in {time.perf_counter() - started:.0f} s")

    return north, officer


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--probes", type=int, default=200, help="per kind of query")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time again on the database a previous run built (migrated first)",
    )
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = (
        f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}" if args.reuse else prepare_database()
    )
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ["DJANGO_DOT_ENV"] = os.devnull
    os.environ["DJANGO_SETTINGS_MODULE"] = "victimcare.config.settings.base"
    import django

    django.setup()
    from django.core.management import call_command
    from linkage_realtime import percentile

    from victimcare.accounts.models import User
    from victimcare.cases.models import Case
    from victimcare.cases.search import case_search
    from victimcare.linkage.synthetic import generate

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    records, _truth = generate(args.people)
    known = [r for r in records if r["unique_id"] <= args.people]
    print(f"generated {len(known):,} people in {time.perf_counter() - started:.0f} s")
    if args.reuse:
        officer = User.objects.get(username="officer")
        north = officer.team
    else:
        north, officer = build(known)
    rng = random.Random(11)
    sample = rng.sample(known, min(args.probes, len(known)))
    refs = dict(
        Case.objects.filter(person_id__in=[r["unique_id"] for r in sample]).values_list(
            "person_id", "reference"
        )
    )
    with_phone = [r for r in sample if r["phone"]] or sample
    with_email = [r for r in sample if r["email"]] or sample

    def dob(r: dict) -> str:
        d = datetime.date.fromisoformat(r["dob"]) if r["dob"] else datetime.date(1980, 1, 1)
        return f"{d.day}/{d.month}/{d.year}"

    queries = {
        "misspelled name": [
            f"{r['given_name']} {typo(rng, r['family_name'] or 'Smith')}" for r in sample
        ],
        "name and date of birth": [
            f"{r['given_name']} {r['family_name']} {dob(r)}" for r in sample
        ],
        "date of birth": [dob(r) for r in sample],
        "case reference": [refs[r["unique_id"]] for r in sample],
        "crime reference": [f"BP/{r['unique_id']:07d}/26" for r in sample],
        "phone": [r["phone"].replace("+44", "0") for r in with_phone],
        "email": [r["email"] for r in with_email],
    }
    case_ids = [c for c in Case.objects.filter(team=north).values_list("pk", flat=True)[:500]]

    def baseline() -> list[float]:
        timings = []
        for pk in case_ids[: args.probes]:
            t = time.perf_counter()
            Case.objects.select_related("person", "team", "officer", "referral").get(pk=pk)
            timings.append((time.perf_counter() - t) * 1000)
        return timings

    baseline()  # warm the cache, as a running hub's is
    base = baseline()
    base_p95 = percentile(base, 0.95)
    print(f"\nPostgreSQL, {len(known):,} people with a case each; {args.probes} probes a kind")
    print(
        f"{'query':<24}{'median ms':>10}{'p95 ms':>9}{'p95 / baseline':>16}{'right person listed':>21}"
    )
    print(
        f"{'baseline (case by id)':<24}{statistics.median(base):>10.1f}{base_p95:>9.1f}"
        f"{1:>16.1f}{'':>21}"
    )
    expected = {
        "misspelled name": sample,
        "name and date of birth": sample,
        "date of birth": sample,
        "case reference": sample,
        "crime reference": sample,
        "phone": with_phone,
        "email": with_email,
    }
    for kind, texts in queries.items():
        for text in texts[:20]:
            case_search(officer, text)  # warm
        timings, found = [], 0
        for text, record in zip(texts, expected[kind], strict=True):
            t = time.perf_counter()
            results = case_search(officer, text)
            timings.append((time.perf_counter() - t) * 1000)
            # Found: the person the probe was drawn from is among the people listed.
            found += record["unique_id"] in results.person_ids
        p95 = percentile(timings, 0.95)
        print(
            f"{kind:<24}{statistics.median(timings):>10.1f}{p95:>9.1f}"
            f"{p95 / base_p95:>16.1f}{found / len(texts):>21.0%}"
        )


if __name__ == "__main__":
    main()
