"""Importing a police referral feed file (CSV, feed v1), row by row, streaming.

A bad row is rejected with its line, column and reason; the good rows beside it land.
Each row is its own transaction, so one failure never undoes another row.
"""

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.referrals.feed import ALWAYS_REQUIRED, KNOWN_COLUMNS, FieldError
from victimcare.referrals.intake import FeedItemResult, IntakeContext, feed_receive
from victimcare.referrals.models import ImportRejection, ImportRun, ImportStatus

ProgressCallback = Callable[[int], None]


@dataclass(frozen=True)
class FeedRow:
    line: int
    values: dict[str, Any]


def read_feed_csv(stream: IO[str]) -> tuple[list[str], Iterator[FeedRow]]:
    """The header and an iterator of rows, each with the line it starts on (header is line 1)."""
    reader = csv.DictReader(stream, restkey=None)
    header = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header

    def rows() -> Iterator[FeedRow]:
        previous_end = reader.line_num
        for values in reader:
            yield FeedRow(line=previous_end + 1, values=values)
            previous_end = reader.line_num

    return header, rows()


PROGRESS_EVERY = 200


def _save_progress(run: ImportRun) -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        rows_read=run.rows_read,
        created=run.created,
        updated=run.updated,
        unchanged=run.unchanged,
        rejected=run.rejected,
        progress_at=timezone.now(),
    )


def feed_import_csv(
    *,
    stream: IO[str],
    filename: str,
    actor: User | None = None,
    actor_label: str = "import_referrals",
    progress: ProgressCallback | None = None,
    run: ImportRun | None = None,
    allowed_sources: frozenset[str] | None = None,
) -> ImportRun:
    """Import every row of a feed v1 CSV; return the run with its counts and rejections.

    Progress is saved every few hundred rows so a page can show it while the import runs.
    """
    if run is None:
        run = ImportRun.objects.create(filename=Path(filename).name[:255], actor=actor)
    run.status, run.progress_at = ImportStatus.RUNNING, timezone.now()
    header, rows = read_feed_csv(stream)
    run.unknown_columns = sorted(set(header) - KNOWN_COLUMNS - {""})
    run.save(update_fields=["status", "progress_at", "unknown_columns"])
    missing = [column for column in ALWAYS_REQUIRED if column not in header]
    context = IntakeContext(
        actor=actor, actor_label=actor_label, import_run_id=run.pk, allowed_sources=allowed_sources
    )

    if missing:
        results: Iterator[Any] = missing_header_results(rows, missing)
    else:
        results = feed_receive(((row.line, row.values) for row in rows), context)
    return import_results_record(run, results, progress, linkage=context.linkage)


def missing_header_results(rows: Iterator[FeedRow], missing: list[str]) -> Iterator[Any]:
    """Every row rejected, naming the required columns the header lacks."""
    errors = [FieldError(c, "column is missing from the file's header row") for c in missing]
    return (FeedItemResult(index=row.line, errors=errors) for row in rows)


def import_results_record(
    run: ImportRun,
    results: Iterator[Any],
    progress: ProgressCallback | None,
    *,
    linkage: dict[str, int] | None = None,
) -> ImportRun:
    """Count each result on the run and keep each rejected row's line, column and reason.

    A result has `index` (its line), `status`, `key` and `errors` (referrals and justice
    updates alike). Progress is saved every few hundred rows for the page that shows it.
    """
    for result in results:
        run.rows_read += 1
        if result.errors:
            run.rejected += 1
            key = "/".join(result.key).rstrip("/") if any(result.key) else ""
            ImportRejection.objects.bulk_create(
                ImportRejection(
                    run=run,
                    line=result.index,
                    column=e.column,
                    reason=e.reason[:500],
                    record_key=key[:250],
                )
                for e in result.errors
            )
        else:
            setattr(run, result.status, getattr(run, result.status) + 1)
        if run.rows_read % PROGRESS_EVERY == 0:
            _save_progress(run)
        if progress:
            progress(1)

    run.finished_at = timezone.now()
    run.status = ImportStatus.FINISHED
    if linkage is not None:  # filled in as the results were read
        run.linkage = dict(linkage)
    with transaction.atomic():
        run.save()
    return run


def feed_import_file(*, path: Path, **kwargs: Any) -> ImportRun:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return feed_import_csv(stream=stream, filename=path.name, **kwargs)


__all__ = ["feed_import_csv", "feed_import_file", "read_feed_csv"]
