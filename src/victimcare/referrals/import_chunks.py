"""A large import split into chunks that several workers import at once (ADR 55): one run,
one progress and one report, whichever worker read each row.

A row belongs to chunk `crc32(referral key) mod chunks`, so every copy of one referral in
the file is read by one worker, in file order (a resend within the file lands as it would
in one pass). Each chunk is claimed, fenced on its own progress time and taken over like a
whole run (ADR 46); its counts are added to the run's in the transaction that saves them,
so the run's counts are always the sum of what the chunks have saved.
"""

import zlib
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from victimcare.referrals.feedfiles import FeedRow, RowFilter
from victimcare.referrals.import_runs import (
    PROGRESS_EVERY,
    ImportClaimLost,
    ProgressCallback,
    rejections,
)
from victimcare.referrals.models import ImportChunk, ImportRejection, ImportRun, ImportStatus

COUNTS = ("rows_read", "created", "updated", "unchanged", "rejected")
KEY_COLUMNS = ("source", "crime_reference", "victim_reference")


def chunk_of(values: dict[Any, Any], line: int, chunks: int) -> int:
    """The chunk a row belongs to: by its referral key as intake compares it (source in
    lower case, each part trimmed); a row without a key (to be rejected) by its line."""
    parts = [str(values.get(column) or "").strip() for column in KEY_COLUMNS]
    if not all(parts):
        return line % chunks
    parts[0] = parts[0].lower()
    return zlib.crc32("\x1f".join(parts).encode("utf-8", "surrogatepass")) % chunks


def chunk_filter(chunk: ImportChunk, chunks: int) -> RowFilter:
    """For `read_feed_csv`: only this chunk's rows are read whole (`chunk_of`)."""
    return RowFilter(
        KEY_COLUMNS, lambda values, line: chunk_of(values, line, chunks) == chunk.number
    )


def chunk_rows(rows: Iterator[FeedRow], chunk: ImportChunk, chunks: int) -> Iterator[FeedRow]:
    """The chunk's rows, in file order; a chunk taken over part-way passes over those its
    saved progress counts (each committed before it was counted), and the rejections it
    kept for the rows after them are removed, as those rows are read again (all of them if
    it died before its first save: a rejection is kept as soon as its row is read)."""
    done = chunk.rows_read
    seen = 0
    for row in rows:
        if chunk_of(row.values, row.line, chunks) != chunk.number:
            continue
        seen += 1
        if seen <= done:
            continue
        if seen == done + 1:
            ImportRejection.objects.filter(chunk=chunk, line__gte=row.line).delete()
        yield row


@transaction.atomic
def chunks_create(run: ImportRun, count: int) -> list[ImportChunk]:
    """The run's chunks, waiting for workers; the run is importing from now."""
    now = timezone.now()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, progress_at=now)
    run.status, run.progress_at = ImportStatus.RUNNING, now
    return ImportChunk.objects.bulk_create(ImportChunk(run=run, number=n) for n in range(count))


def chunk_claim(chunk_id: int) -> ImportChunk | None:
    """Take a waiting chunk (one conditional update: of any number of workers, one wins);
    None if another worker has it or it is done."""
    now = timezone.now()
    claimed = ImportChunk.objects.filter(pk=chunk_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, progress_at=now
    )
    if not claimed:
        return None
    return ImportChunk.objects.select_related("run").get(pk=chunk_id)


def _saved(chunk: ImportChunk, saved: dict[str, int], **extra: Any) -> None:
    """Save the chunk's counts fenced on its progress time (ImportClaimLost if another
    worker has taken it over), and add what is new since the last save to the run's."""
    now = timezone.now()
    counts = {name: getattr(chunk, name) for name in COUNTS}
    with transaction.atomic():
        if not ImportChunk.objects.filter(pk=chunk.pk, progress_at=chunk.progress_at).update(
            **counts, progress_at=now, **extra
        ):
            raise ImportClaimLost(chunk.run_id)
        ImportRun.objects.filter(pk=chunk.run_id).update(
            **{name: F(name) + counts[name] - saved[name] for name in COUNTS}, progress_at=now
        )
    chunk.progress_at = now
    saved.update(counts)


def chunk_results_record(
    chunk: ImportChunk,
    results: Iterator[Any],
    progress: ProgressCallback | None = None,
    *,
    linkage: dict[str, int] | None = None,
) -> ImportChunk:
    """Count each result on the chunk and keep each rejected row's line, column and reason
    on the run; save progress every few hundred rows; at the end finish the chunk, and the
    run with it if it was the last."""
    saved = {name: getattr(chunk, name) for name in COUNTS}
    for result in results:
        chunk.rows_read += 1
        if result.errors:
            chunk.rejected += 1
            ImportRejection.objects.bulk_create(
                rejections(result, run_id=chunk.run_id, chunk=chunk)
            )
        else:
            setattr(chunk, result.status, getattr(chunk, result.status) + 1)
        if chunk.rows_read % PROGRESS_EVERY == 0:
            _saved(chunk, saved)
        if progress:
            progress(1)
    chunk.linkage = _summed(chunk.linkage, linkage or {})
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=chunk.run_id)  # one finisher
        _saved(
            chunk,
            saved,
            status=ImportStatus.FINISHED,
            finished_at=timezone.now(),
            linkage=chunk.linkage,
        )
        chunk.status = ImportStatus.FINISHED
        if (
            run.status == ImportStatus.RUNNING
            and not run.chunks.exclude(status=ImportStatus.FINISHED).exists()
        ):
            linkage_total: dict[str, int] = {}
            for done in run.chunks.values_list("linkage", flat=True):
                linkage_total = _summed(linkage_total, done)
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportStatus.FINISHED, finished_at=timezone.now(), linkage=linkage_total
            )
    return chunk


def _summed(first: dict[str, int], second: dict[str, int]) -> dict[str, int]:
    return {name: first.get(name, 0) + second.get(name, 0) for name in {*first, *second}}


def chunk_fail(chunk: ImportChunk, reason: str) -> None:
    """A chunk stopped by an unexpected error: it and its run fail, saying what to do (rows
    saved stay saved; the other chunks finish and count theirs)."""
    with transaction.atomic():
        ImportChunk.objects.filter(pk=chunk.pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now()
        )
        ImportRun.objects.filter(pk=chunk.run_id, status=ImportStatus.RUNNING).update(
            status=ImportStatus.FAILED, failure=reason[:300], finished_at=timezone.now()
        )


def chunks_unfinished(run: ImportRun) -> list[int]:
    return list(run.chunks.exclude(status=ImportStatus.FINISHED).values_list("pk", flat=True))
