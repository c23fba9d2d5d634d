"""Importing a justice update file (CSV, feed v1), row by row, streaming."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from victimcare.justice.feed import KNOWN_COLUMNS, REQUIRED
from victimcare.justice.services import justice_updates_receive
from victimcare.referrals.importing import (
    ProgressCallback,
    import_results_record,
    missing_header_results,
    read_feed_csv,
)
from victimcare.referrals.models import ImportKind, ImportRun, ImportStatus


def justice_import_file(
    *, path: Path, actor_label: str = "import_justice_updates",
    progress: ProgressCallback | None = None,
) -> ImportRun:  # fmt: skip
    """Import every row of a justice update CSV; the run keeps counts and rejections."""
    run = ImportRun.objects.create(
        filename=path.name[:255], kind=ImportKind.JUSTICE_UPDATES, status=ImportStatus.RUNNING
    )
    with path.open(encoding="utf-8-sig", newline="") as stream:
        header, rows = read_feed_csv(stream)
        run.unknown_columns = sorted(set(header) - KNOWN_COLUMNS - {""})
        run.save(update_fields=["unknown_columns"])
        missing = [column for column in REQUIRED if column not in header]
        if missing:
            results: Iterator[Any] = missing_header_results(rows, missing)
        else:
            results = justice_updates_receive(
                ((row.line, row.values) for row in rows), actor_label=actor_label
            )
        return import_results_record(run, results, progress)
