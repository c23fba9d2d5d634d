"""Reports benchmark: the quarterly return and the needs analysis over 2,000,000 closed cases,
beside hand-written SQL GROUP BYs of the same figures in the same run (PostgreSQL).

    .venv/bin/python benchmarks/reports.py --cases 2000000

Generates N closed cases (people, referrals, cases, and their reporting facts) in a freshly
migrated database with server-side INSERT … SELECT over generate_series, spread over five
years and three hubs. Then times, five times each (the median is reported):
- the MoJ quarterly victim services return (`insights.selectors.victim_services_return`)
  against hand-written SQL computing the same cells (one GROUP BY with FILTER per
  dimension, plus the needs, outcomes and satisfaction aggregates);
- the needs analysis's main aggregates (`insights.dashboard.needs_analysis`) against
  hand-written SQL for the same tables.
Also measures the facts refresh (`case_facts_refresh`) on a sample of real cases.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "victimcare_reports_bench"
YEARS = 5


def prepare_database() -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
        conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")
    return f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"


def literal(field: Any) -> str:
    """A SQL value a NOT NULL column of this kind accepts (the benchmark never reads it)."""
    kind = field.get_internal_type()
    if kind in {"CharField", "TextField", "EmailField", "URLField", "SlugField"}:
        return "''"
    if kind in {"BooleanField"}:
        return "false"
    if "Integer" in kind or kind in {"DecimalField", "FloatField"}:
        return "0"
    if kind == "DateTimeField":
        return "now()"
    if kind == "DateField":
        return "current_date"
    if kind == "JSONField":
        return "'[]'::jsonb"
    if kind == "UUIDField":
        return "gen_random_uuid()"
    return "''"


def insert_select(model: Any, values: dict[str, str], rows: int) -> str:
    """INSERT … SELECT over generate_series(1, rows) AS g, filling every NOT NULL column."""
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        name = field.attname
        if name in values:
            expression = values[name]
        elif field.null:
            continue
        elif field.has_default() and not callable(field.default):
            expression = _quote(field.default)
        else:
            expression = literal(field)
        columns.append(f'"{field.column}"')
        expressions.append(expression)
    return (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} FROM generate_series(1, {rows}) AS g"
    )


def _quote(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def generate(rows: int, team_ids: list[int], today: datetime.date) -> None:
    from django.db import connection

    from victimcare.cases.models import Case
    from victimcare.insights.models import NEED_CODES, OUTCOME_CODES, CaseFact
    from victimcare.people.models import Person
    from victimcare.referrals.models import Referral

    days = 365 * YEARS
    first = today - datetime.timedelta(days=days)
    day = f"(date '{first}' + (g % {days}))"
    teams = "ARRAY[" + ",".join(str(t) for t in team_ids) + "]"
    categories = (
        "ARRAY['Violence and sexual offences','Burglary','Criminal damage and arson',"
        "'Anti-social behaviour','Robbery','Theft from the person','Public order']"
    )
    statements = [
        insert_select(
            Person,
            {
                "id": "g",
                "kind": "'individual'",
                "sex": "(ARRAY['female','male','female','unknown'])[1 + g % 4]",
            },
            rows,
        ),
        insert_select(
            Referral,
            {
                "id": "g",
                "source": "'bench-police'",
                "crime_reference": "'CR/' || g",
                "victim_reference": "'V1'",
                "channel": "'police_feed'",
                "person_id": "g",
                "reported_at": f"{day}::timestamptz",
                "incident_type": "'crime'",
                "crime_category": f"({categories})[1 + g % 7]",
                "domestic_abuse": "(g % 5 = 0)",
                "sexual_offence": "(g % 11 = 0)",
                "referral_consent": "'given'",
                "entitlement_level": "'standard'",
                "auto_referral": "'refer'",
                "contact_due_by": day,
                "update_within_working_days": "5",
                "team_id": f"({teams})[1 + g % {len(team_ids)}]",
                "postcode_district": "'BS' || (1 + g % 16)",
            },
            rows,
        ),
        insert_select(
            Case,
            {
                "id": "g",
                "reference": "'VC-' || g",
                "referral_id": "g",
                "person_id": "g",
                "team_id": f"({teams})[1 + g % {len(team_ids)}]",
                "status": "'closed'",
                "contact_deadline": day,
                "opened_at": f"{day}::timestamptz",
                "closed_at": f"({day} + 40)::timestamptz",
                "version": "1",
            },
            rows,
        ),
    ]
    fact_values = {
        "case_id": "g",
        "hub_id": f"({teams})[1 + g % {len(team_ids)}]",
        "referred_on": day,
        "crime_group": "CASE WHEN g % 5 = 0 THEN 'domestic_abuse' WHEN g % 11 = 0 THEN "
        "'sexual_violence' ELSE 'other' END",
        "crime_category": f"({categories})[1 + g % 7]",
        "age_band": "(ARRAY['under_18','18_24','25_34','35_49','50_64','65_plus','unknown'])"
        "[1 + g % 7]",
        "sex": "(ARRAY['female','male','female','unknown'])[1 + g % 4]",
        "ethnic_group": "(ARRAY['white','white','white','asian','black','mixed','other',"
        "'not_stated'])[1 + g % 8]",
        "disabled": "(g % 6 = 0)",
        "declined": "(g % 13 = 0)",
        "district": "'BS' || (1 + g % 16)",
        "local_authority": "'Bench City'",
        "first_contact_days": "g % 4",
        "supported_on": f"({day} + 3)",
        "closed_on": f"({day} + 40)",
        "needs_measured": "(g % 3 <> 0)",
        "responded_on": f"CASE WHEN g % 4 = 0 THEN {day} + 45 END",
        "treated_with_respect": "CASE WHEN g % 4 = 0 THEN 1 + g % 5 END",
        "support_as_agreed": "CASE WHEN g % 4 = 0 THEN 1 + (g / 3) % 5 END",
        "coordinated_and_effective": "CASE WHEN g % 4 = 0 THEN 1 + (g / 7) % 5 END",
        "overall": "CASE WHEN g % 4 = 0 THEN 1 + (g / 11) % 5 END",
        "refreshed_at": "now()",
    }
    for n, code in enumerate(NEED_CODES):
        fact_values[f"improved_{code}"] = f"(g % 3 <> 0 AND (g + {n}) % 4 = 0)"
    for n, code in enumerate(OUTCOME_CODES):
        fact_values[f"outcome_{code}"] = (
            f"(ARRAY['improved','not_improved','not_applicable',''])[1 + (g + {n}) % 4]"
        )
    statements.append(insert_select(CaseFact, fact_values, rows))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        for table in ("people_person", "referrals_referral", "cases_case"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {rows})")
        cursor.execute("ANALYZE")


def hand_return(team_ids: list[int], start: datetime.date, end: datetime.date) -> list[Any]:
    """The same cells as victim_services_return, in hand-written SQL."""
    from django.db import connection

    from victimcare.insights.models import NEED_CODES, OUTCOME_CODES

    hubs = ",".join(str(t) for t in team_ids)
    window = f"BETWEEN '{start}' AND '{end}'"
    results = []
    with connection.cursor() as cursor:
        for dimension in ("crime_group", "age_band", "sex", "ethnic_group", "disabled"):
            cursor.execute(
                f"SELECT {dimension}, COUNT(*) FILTER (WHERE referred_on {window}), "
                f"COUNT(*) FILTER (WHERE supported_on {window}) FROM insights_casefact "
                f"WHERE hub_id IN ({hubs}) AND (referred_on {window} OR supported_on {window}) "
                f"GROUP BY {dimension}"
            )
            results.append(cursor.fetchall())
        needs = ", ".join(f"COUNT(*) FILTER (WHERE improved_{c})" for c in NEED_CODES)
        cursor.execute(
            f"SELECT COUNT(*) FILTER (WHERE needs_measured), {needs} FROM "
            f"insights_casefact WHERE hub_id IN ({hubs}) AND closed_on {window}"
        )
        results.append(cursor.fetchall())
        outcomes = ", ".join(
            f"COUNT(*) FILTER (WHERE outcome_{c} = 'improved'), "
            f"COUNT(*) FILTER (WHERE outcome_{c} = 'not_improved')"
            for c in OUTCOME_CODES
        )
        cursor.execute(
            f"SELECT {outcomes} FROM insights_casefact WHERE hub_id IN ({hubs}) "
            f"AND closed_on {window}"
        )
        results.append(cursor.fetchall())
        satisfied = ", ".join(
            f"COUNT(*) FILTER (WHERE {m} >= 4)"
            for m in (
                "treated_with_respect",
                "support_as_agreed",
                "coordinated_and_effective",
                "overall",
            )
        )
        cursor.execute(
            f"SELECT COUNT(*), {satisfied} FROM insights_casefact WHERE hub_id IN "
            f"({hubs}) AND responded_on {window}"
        )
        results.append(cursor.fetchall())
    return results


def hand_dashboard(team_ids: list[int], start: datetime.date, end: datetime.date) -> list[Any]:
    """The needs analysis's main aggregates in hand-written SQL."""
    from django.db import connection

    hubs = ",".join(str(t) for t in team_ids)
    where = f"hub_id IN ({hubs}) AND referred_on BETWEEN '{start}' AND '{end}'"
    results = []
    with connection.cursor() as cursor:
        for dimension in (
            "crime_category",
            "district",
            "local_authority",
            "age_band",
            "sex",
            "ethnic_group",
            "disabled",
        ):
            cursor.execute(
                f"SELECT {dimension}, COUNT(*), COUNT(supported_on) FROM "
                f"insights_casefact WHERE {where} GROUP BY {dimension}"
            )
            results.append(cursor.fetchall())
        cursor.execute(f"SELECT COUNT(*) FROM insights_casefact WHERE {where}")
        results.append(cursor.fetchall())
        cursor.execute(
            f"SELECT district, crime_group, COUNT(*) FROM insights_casefact WHERE "
            f"{where} AND crime_group IN ('domestic_abuse', 'sexual_violence') "
            f"GROUP BY district, crime_group ORDER BY district, crime_group"
        )
        results.append(cursor.fetchall())
        cursor.execute(
            f"SELECT date_trunc('month', referred_on), COUNT(*) FROM "
            f"insights_casefact WHERE {where} GROUP BY 1"
        )
        results.append(cursor.fetchall())
    return results


def timed(function: Any, *args: Any, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=2_000_000)
    parser.add_argument("--refresh-sample", type=int, default=5_000)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = prepare_database()
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ["DJANGO_DOT_ENV"] = os.devnull
    os.environ["DJANGO_SETTINGS_MODULE"] = "victimcare.config.settings.base"
    import django

    django.setup()
    from dateutil.relativedelta import relativedelta
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from victimcare.accounts.models import Organisation, Team
    from victimcare.insights.dashboard import needs_analysis
    from victimcare.insights.selectors import victim_services_return
    from victimcare.insights.services import case_facts_refresh
    from victimcare.justice.selectors import Quarter

    hub = Organisation.objects.create(name="Bench hub", code="bench-hub", kind="victim_care_hub")
    teams = [Team.objects.create(organisation=hub, name=f"Hub {n}") for n in range(3)]
    team_ids = [t.pk for t in teams]
    today = timezone.localdate()
    started = time.perf_counter()
    generate(args.cases, team_ids, today)
    generated = time.perf_counter() - started
    print(f"generated {args.cases:,} closed cases with their facts in {generated:.1f} s")

    quarter = Quarter.containing(today).previous()
    ours = timed(victim_services_return, teams, quarter.start, quarter.end)
    theirs = timed(hand_return, team_ids, quarter.start, quarter.end)
    print(
        f"quarterly return ({quarter.code}, all hubs): {ours * 1000:.0f} ms; hand-written "
        f"SQL {theirs * 1000:.0f} ms; ratio {ours / theirs:.2f}"
    )

    end = today
    start = (end - relativedelta(months=11)).replace(day=1)
    ours = timed(needs_analysis, teams, start, end)
    theirs = timed(hand_dashboard, team_ids, start, end)
    print(
        f"needs analysis (12 months, all hubs): {ours * 1000:.0f} ms; hand-written SQL "
        f"{theirs * 1000:.0f} ms; ratio {ours / theirs:.2f}"
    )

    sample = list(range(1, min(args.refresh_sample, args.cases) + 1))
    started = time.perf_counter()
    case_facts_refresh(sample)
    refresh = time.perf_counter() - started
    print(
        f"facts refresh of {len(sample):,} cases from their records: "
        f"{len(sample) / refresh:,.0f} cases/s"
    )


if __name__ == "__main__":
    main()
