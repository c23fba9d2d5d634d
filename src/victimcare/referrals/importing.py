"""Importing a police referral feed file (CSV, feed v1), row by row, streaming.

A file that is not UTF-8 or whose header cannot be used is refused before any row is
stored (feedfiles.py). A bad row is rejected with its line, column and reason; the good
rows beside it land. Each row is its own transaction, so one failure never undoes another
row. A run never stays "importing": it finishes, or fails saying what to do.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.referrals.feed_columns import ALWAYS_REQUIRED, KNOWN_COLUMNS
from victimcare.referrals.feed_values import FieldError
from victimcare.referrals.feedfiles import (
    FeedFileRefused,
    FeedRow,
    feed_file_encoding_check,
    feed_header_check,
    read_feed_csv,
)
from victimcare.referrals.intake import FeedItemResult, IntakeContext, feed_receive
from victimcare.referrals.models import ImportRejection, ImportRun, ImportStatus

logger = logging.getLogger(__name__)
ProgressCallback = Callable[[int], None]
NOT_UTF8_PART_WAY = (
    "Part of the file is not UTF-8 text; the rows before it are saved. Save the file as "
    "“CSV UTF-8” and import it again: rows already imported are updated, never duplicated."
)
STOPPED_BY_ERROR = (
    "The import stopped with an unexpected error; rows imported before it are saved. "
    "Import the file again to finish it: rows already imported are updated, never duplicated."
)


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
    refused_sources: frozenset[str] = frozenset(),
) -> ImportRun:
    """Import every row of a feed v1 CSV; return the run with its counts and rejections.

    Progress is saved every few hundred rows so a page can show it while the import runs.
    """
    if run is None:
        run = ImportRun.objects.create(filename=Path(filename).name[:255], actor=actor)
    run.status, run.progress_at = ImportStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "progress_at"])
    context = IntakeContext(
        actor=actor,
        actor_label=actor_label,
        import_run_id=run.pk,
        allowed_sources=allowed_sources,
        refused_sources=refused_sources,
    )
    with import_run_guard(run):
        header, rows = read_feed_csv(stream)
        feed_header_check(header, required=ALWAYS_REQUIRED, known=KNOWN_COLUMNS)
        run.unknown_columns = sorted(set(header) - KNOWN_COLUMNS - {""})
        run.save(update_fields=["unknown_columns"])
        results = rows_received(rows, lambda items: feed_receive(items, context))
        return import_results_record(run, results, progress, linkage=context.linkage)
    return run


def rows_received(
    rows: Iterator[FeedRow],
    receive: Callable[[Iterator[tuple[int, dict[str, Any]]]], Iterable[Any]],
) -> Iterator[Any]:
    """Each readable row through `receive`, and a rejection for each row the reader could
    not read (its line and why), in step with the others. If the file itself stops being
    readable, the rows before are saved first and then the error is raised."""
    unreadable: list[FeedItemResult] = []
    stopped: list[Exception] = []

    def readable() -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            for row in rows:
                if row.problem:
                    unreadable.append(
                        FeedItemResult(index=row.line, errors=[FieldError("(row)", row.problem)])
                    )
                else:
                    yield row.line, row.values
        except (UnicodeDecodeError, OSError) as error:
            stopped.append(error)  # end the input here, so the rows before it are saved

    for result in receive(readable()):
        yield from _drain(unreadable)
        yield result
    yield from _drain(unreadable)
    if stopped:
        raise stopped[0]


def _drain(results: list[FeedItemResult]) -> Iterator[FeedItemResult]:
    while results:
        yield results.pop(0)


@contextmanager
def import_run_guard(run: ImportRun) -> Iterator[None]:
    """Within it a refused file marks the run failed with the reason (and is not raised);
    any other error marks it failed saying what to do, and is raised."""
    try:
        yield
    except FeedFileRefused as refused:
        import_run_fail(run, refused.reason)
    except UnicodeDecodeError:  # a stream that was not checked first
        import_run_fail(run, NOT_UTF8_PART_WAY)
    except Exception as error:
        logger.warning("import run %s stopped: %s", run.pk, type(error).__name__)
        import_run_fail(run, STOPPED_BY_ERROR)
        raise


def import_run_fail(run: ImportRun, reason: str) -> ImportRun:
    """Mark the run failed, with the reason a person reads and what to do."""
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.FAILED, failure=reason[:300], finished_at=timezone.now(),
        rows_read=run.rows_read, created=run.created, updated=run.updated,
        unchanged=run.unchanged, rejected=run.rejected,
    )  # fmt: skip
    run.refresh_from_db()
    return run


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


def feed_import_file(*, path: Path, run: ImportRun | None = None, **kwargs: Any) -> ImportRun:
    """Import a feed file from disk: refused whole, with the reason, if it is not UTF-8."""
    try:
        feed_file_encoding_check(path)
    except FeedFileRefused as refused:
        if run is None:
            run = ImportRun.objects.create(
                filename=path.name[:255], actor=kwargs.get("actor"), status=ImportStatus.RUNNING
            )
        return import_run_fail(run, refused.reason)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return feed_import_csv(
            stream=stream, filename=kwargs.pop("filename", path.name), run=run, **kwargs
        )


__all__ = [
    "feed_import_csv",
    "feed_import_file",
    "import_run_fail",
    "import_run_guard",
    "read_feed_csv",
    "rows_received",
]
