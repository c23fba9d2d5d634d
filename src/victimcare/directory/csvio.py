"""The service directory as CSV: export every service; import adds or updates by name.

Lists (crime types, needs, districts, languages) are separated by semicolons. A bad row
is reported with its line, column and reason; the good rows beside it are saved.
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import transaction

from victimcare.accounts.models import Organisation
from victimcare.core.spreadsheets import csv_dict_writer, formula_restored
from victimcare.directory.models import Service, ServiceType
from victimcare.directory.needs import NEED_CATEGORIES
from victimcare.directory.rules import WHAT_HAPPENED, postcode_district

COLUMNS = [
    "name",
    "provider_code",
    "service_type",
    "description",
    "phone",
    "sms",
    "email",
    "website",
    "web_chat_url",
    "opening_hours",
    "is_national",
    "commissioned",
    "accepts_self_referral",
    "requires_police_report",
    "crime_types",
    "need_categories",
    "postcode_districts",
    "local_authorities",
    "languages",
    "min_age",
    "max_age",
    "sex",
    "accessibility",
    "address",
    "who_it_is_for",
]
LISTS = ("crime_types", "need_categories", "postcode_districts", "local_authorities", "languages")
WHO_IT_IS_FOR_MAX = 300  # Service.who_it_is_for's max_length
FLAGS = ("is_national", "commissioned", "accepts_self_referral", "requires_police_report")


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    reason: str


def export_rows(services: Iterable[Service]) -> Iterator[dict[str, str]]:
    for s in services:
        row: dict[str, Any] = {c: getattr(s, c, "") for c in COLUMNS if hasattr(s, c)}
        row["provider_code"] = s.provider.code if s.provider else ""
        for name in LISTS:
            row[name] = ";".join(str(v) for v in getattr(s, name))
        for name in FLAGS:
            row[name] = "yes" if getattr(s, name) else "no"
        row["min_age"] = "" if s.min_age is None else str(s.min_age)
        row["max_age"] = "" if s.max_age is None else str(s.max_age)
        yield {c: str(row.get(c, "")) for c in COLUMNS}


def services_export(out: TextIO) -> int:
    writer = csv_dict_writer(out, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for row in export_rows(Service.objects.select_related("provider").order_by("name")):
        writer.writerow(row)
        count += 1
    return count


def _row_values(row: dict[str, str], line: int) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    name = row.get("name", "").strip()
    if not name:
        problems.append(Problem(line, "name", "is required"))
    values["name"] = name
    kind = row.get("service_type", "").strip()
    if kind not in ServiceType.values:
        problems.append(
            Problem(
                line, "service_type", f"'{kind}' is not one of: " + ", ".join(ServiceType.values)
            )
        )
    values["service_type"] = kind
    for text in (
        "description",
        "phone",
        "sms",
        "email",
        "website",
        "web_chat_url",
        "opening_hours",
        "accessibility",
        "sex",
        "address",
        "who_it_is_for",
    ):
        values[text] = row.get(text, "").strip()
    if len(values["who_it_is_for"]) > WHO_IT_IS_FOR_MAX:
        problems.append(Problem(line, "who_it_is_for", "must be 300 characters or fewer"))
    if not values["description"]:
        problems.append(Problem(line, "description", "is required"))
    if values["sex"] not in ("", "female", "male"):
        problems.append(Problem(line, "sex", "must be empty, female or male"))
    for flag in FLAGS:
        raw = row.get(flag, "").strip().lower()
        if raw not in ("yes", "no", "true", "false", ""):
            problems.append(Problem(line, flag, f"'{raw}' is not yes or no"))
        values[flag] = raw in ("yes", "true")
    for name_ in LISTS:
        values[name_] = [v.strip() for v in row.get(name_, "").split(";") if v.strip()]
    known_crimes = {code for code, _ in WHAT_HAPPENED}
    for bad in set(values["crime_types"]) - known_crimes:
        problems.append(Problem(line, "crime_types", f"'{bad}' is not a known crime type"))
    known_needs = {code for code, _ in NEED_CATEGORIES}
    for bad in set(values["need_categories"]) - known_needs:
        problems.append(Problem(line, "need_categories", f"'{bad}' is not a need category"))
    districts = []
    for d in values["postcode_districts"]:
        if not postcode_district(f"{d} 1AA"):
            problems.append(Problem(line, "postcode_districts", f"'{d}' is not a district"))
        districts.append(d.upper())
    values["postcode_districts"] = districts
    for age in ("min_age", "max_age"):
        raw = row.get(age, "").strip()
        if raw and not raw.isdigit():
            problems.append(Problem(line, age, f"'{raw}' is not a whole number"))
        values[age] = int(raw) if raw.isdigit() else None
    return values, problems


def services_import(source: TextIO, progress: Any = None) -> tuple[int, int, list[Problem]]:
    """Add or update services by name; returns (added, updated, problems)."""
    reader = csv.DictReader(source)
    unknown = set(reader.fieldnames or []) - set(COLUMNS)
    problems = [Problem(1, c, "is not a directory column") for c in sorted(unknown)]
    providers = {o.code: o for o in Organisation.objects.all()}
    added = updated = 0
    for line, raw in enumerate(reader, start=2):
        # The hub's own export put a quote before text a spreadsheet would run: take it off.
        row = {k: formula_restored(v) if isinstance(v, str) else v for k, v in raw.items()}
        values, row_problems = _row_values(row, line)
        code = row.get("provider_code", "").strip()
        if code and code not in providers:
            row_problems.append(Problem(line, "provider_code", f"no organisation '{code}'"))
        if progress:
            progress(1)
        if row_problems:
            problems += row_problems
            continue
        with transaction.atomic():
            _, created = Service.objects.update_or_create(
                name=values.pop("name"),
                defaults={**values, "provider": providers.get(code)},
            )
        added, updated = (added + 1, updated) if created else (added, updated + 1)
    return added, updated, problems
