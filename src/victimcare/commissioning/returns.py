"""Quarterly returns from providers that work outside the hub: a CSV template, uploaded
and checked row by row (a bad row is reported with its line, column and reason; the good
rows beside it are kept; sending a quarter again replaces it)."""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.commissioning.models import Lot, ProviderReturn
from victimcare.core.spreadsheets import csv_writer

COLUMNS = (
    "quarter",
    "referrals_received",
    "accepted",
    "declined",
    "supported",
    "closed",
    "average_wait_days",
)
COUNTS = COLUMNS[1:6]
_QUARTER = re.compile(r"^\d{4}-Q[1-4]$")


@dataclass
class ReturnReport:
    saved: int = 0
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # line, column, reason


def template_csv() -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(COLUMNS)
    writer.writerow(["2026-Q3", "120", "110", "10", "95", "60", "3.5"])
    return out.getvalue()


def _row(values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    clean: dict[str, Any] = {}
    quarter = (values.get("quarter") or "").strip().upper()
    if not _QUARTER.match(quarter):
        problems.append(("quarter", f"'{quarter}' is not a quarter like 2026-Q3"))
    clean["quarter"] = quarter
    for column in COUNTS:
        text = (values.get(column) or "").strip()
        if not text.isdigit():
            problems.append((column, f"'{text}' is not a whole number (0 or more)"))
            continue
        clean[column] = int(text)
    wait = (values.get("average_wait_days") or "").strip()
    clean["average_wait_days"] = None
    if wait:
        try:
            clean["average_wait_days"] = Decimal(wait)
            if clean["average_wait_days"] < 0:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(("average_wait_days", f"'{wait}' is not a number of days"))
    if not problems and clean["accepted"] + clean["declined"] > clean["referrals_received"]:
        problems.append(("accepted", "accepted and declined add up to more than received"))
    return clean, problems


def provider_return_upload(*, lot: Lot, stream: IO[str], actor: User) -> ReturnReport:
    report = ReturnReport()
    reader = csv.DictReader(stream)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        report.problems.append((1, ", ".join(missing), "column missing from the header row"))
        return report
    previous = reader.line_num
    for values in reader:
        line = previous + 1
        previous = reader.line_num
        clean, problems = _row(values)
        if problems:
            report.problems.extend((line, column, reason) for column, reason in problems)
            continue
        with transaction.atomic():
            ProviderReturn.objects.update_or_create(
                lot=lot, quarter=clean.pop("quarter"), defaults={**clean, "uploaded_by": actor}
            )
            audit_event_record(
                action=AuditAction.COMMISSIONING_RETURN_UPLOADED,
                obj=lot,
                actor=actor,
                data={"line": line},
            )
        report.saved += 1
    return report
