"""Import runs of feed files (referrals and justice updates alike): each row through a
receiver, rows the reader could not read rejected in step, counts and rejections kept on
the run, progress saved every few hundred rows; a run never stays "importing"."""

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from victimcare.referrals.cells import readable
from victimcare.referrals.feed_values import FieldError
from victimcare.referrals.feedfiles import (
    FeedFileRefused,
    FeedRow,
)
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


class ImportClaimLost(Exception):
    """Another worker has taken this run over (its progress stood still past the lease,
    ADR 0046): this worker stops at once and leaves the run, and its file, to that one."""


def _save_progress(run: ImportRun) -> None:
    """Save the counts, fenced on the last progress time this worker wrote: if it changed,
    another worker took the run over, and this one stops (ImportClaimLost)."""
    now = timezone.now()
    saved = ImportRun.objects.filter(pk=run.pk, progress_at=run.progress_at).update(
        rows_read=run.rows_read,
        created=run.created,
        updated=run.updated,
        unchanged=run.unchanged,
        rejected=run.rejected,
        progress_at=now,
    )
    if not saved:
        raise ImportClaimLost(run.pk)
    run.progress_at = now


def rows_resumed(rows: Iterator[FeedRow], run: ImportRun) -> Iterator[FeedRow]:
    """A run taken over from a worker that died: the rows its saved progress counts are
    passed over (each was committed before it was counted); rejections kept for the rows
    after them are removed, as those rows are read again."""
    done = run.rows_read
    for number, row in enumerate(rows):
        if number < done:
            continue
        if number == done:
            ImportRejection.objects.filter(run=run, line__gte=row.line).delete()
        yield row


@dataclass
class FeedItemResult:
    index: int  # the item's position: its line in a file, its place in an API batch
    status: str = "rejected"  # created, updated, unchanged or rejected
    key: tuple[str, str, str] = ("", "", "")
    case_reference: str | None = None
    errors: list[FieldError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)


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


def rejections(result: Any, **where: Any) -> Iterator[ImportRejection]:
    """The rejection rows of one rejected result (its line, each column and reason, the
    record's key), for the run or chunk named by `where`."""
    # Escaped: a key may hold what no database stores (a lone surrogate, NUL), which is why
    # its row was rejected.
    key = readable("/".join(result.key).rstrip("/")) if any(result.key) else ""
    return (
        ImportRejection(
            **where,
            line=result.index,
            column=e.column,
            reason=e.reason[:500],
            record_key=key[:250],
        )
        for e in result.errors
    )


@contextmanager
def import_run_guard(run: ImportRun) -> Iterator[None]:
    """Within it a refused file marks the run failed with the reason (and is not raised);
    any other error marks it failed saying what to do, and is raised."""
    try:
        yield
    except ImportClaimLost:
        logger.warning("import run %s taken over by another worker; this one stops", run.pk)
        raise
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
        status=ImportStatus.FAILED,
        failure=reason[:300],
        finished_at=timezone.now(),
        rows_read=run.rows_read,
        created=run.created,
        updated=run.updated,
        unchanged=run.unchanged,
        rejected=run.rejected,
    )
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
            ImportRejection.objects.bulk_create(rejections(result, run=run))
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
        # Fenced as progress is: a run another worker has taken over is not this one's.
        if (
            not ImportRun.objects.select_for_update()
            .filter(pk=run.pk, progress_at=run.progress_at)
            .exists()
        ):
            raise ImportClaimLost(run.pk)
        run.save()
    return run
