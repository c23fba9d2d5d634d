"""A large feed file imported by several workers at once (ADR 55), with one run: one
progress and one report.

`feed_import_split` checks the whole file as a one-pass import would (UTF-8, header) and
records the run's chunks; `feed_import_chunk` imports one chunk, streaming the file and
reading only the rows whose referral key falls in it (referrals/import_chunks.py), through
the same intake as every route in (receive.py: batches, a bad row never stops the good
ones, linkage of each batch's new people serialised with any other worker's by their
blocking keys). The task worker runs chunks of uploads (tasks.py, uploads.py);
`feed_import_parallel` runs them in fresh child processes (chunk_process.py) for
`import_referrals --workers N`.
"""

import logging
import multiprocessing
import time
from pathlib import Path

from django.conf import settings
from django.db import connections

from victimcare.accounts.models import User
from victimcare.core.heap import heap_frozen
from victimcare.intake.chunk_process import chunk_process_run
from victimcare.intake.receive import IntakeContext, feed_receive
from victimcare.referrals.feed_columns import ALWAYS_REQUIRED, KNOWN_COLUMNS
from victimcare.referrals.feedfiles import (
    FeedFileRefused,
    feed_file_encoding_check,
    feed_file_open,
    feed_header_check,
    read_feed_csv,
)
from victimcare.referrals.import_chunks import (
    chunk_claim,
    chunk_fail,
    chunk_filter,
    chunk_results_record,
    chunk_rows,
    chunks_create,
    chunks_unfinished,
)
from victimcare.referrals.import_runs import (
    NOT_UTF8_PART_WAY,
    STOPPED_BY_ERROR,
    ImportClaimLost,
    ProgressCallback,
    import_run_fail,
    rows_received,
)
from victimcare.referrals.models import ImportChunk, ImportRun, ImportStatus

logger = logging.getLogger(__name__)


def feed_import_split(*, run: ImportRun, path: Path, chunks: int) -> list[int]:
    """Check the file whole and record its chunks (their ids); a file refused whole fails
    the run with the reason, and no chunk is made."""
    try:
        feed_file_encoding_check(path)
        with feed_file_open(path) as stream:
            header, _ = read_feed_csv(stream)
            feed_header_check(header, required=ALWAYS_REQUIRED, known=KNOWN_COLUMNS)
    except FeedFileRefused as refused:
        import_run_fail(run, refused.reason)
        return []
    run.unknown_columns = sorted(set(header) - KNOWN_COLUMNS - {""})
    run.save(update_fields=["unknown_columns"])
    return [chunk.pk for chunk in chunks_create(run, chunks)]


def feed_import_chunk(
    *,
    chunk_id: int,
    path: Path,
    actor: User | None = None,
    actor_label: str = "import_referrals",
    allowed_sources: frozenset[str] | None = None,
    refused_sources: frozenset[str] = frozenset(),
) -> ImportChunk | None:
    """Claim and import one chunk; None if another worker has it. A chunk taken over from a
    worker that died goes on from its saved progress; ImportClaimLost is raised if this
    worker's chunk was taken over while it was slow."""
    chunk = chunk_claim(chunk_id)
    if chunk is None:
        return None
    run = chunk.run
    context = IntakeContext(
        actor=actor,
        actor_label=actor_label,
        import_run_id=run.pk,
        allowed_sources=allowed_sources,
        refused_sources=refused_sources,
    )
    count = run.chunks.count()
    # Statistics are refreshed by the first chunk for the whole run (receive.py).
    context.delivery_share, context.analyses = count, chunk.number == 0
    try:
        with heap_frozen(), feed_file_open(path) as stream:
            # The other chunks' rows are passed over as soon as their key is read.
            _, rows = read_feed_csv(stream, chunk_filter(chunk, count))
            mine = chunk_rows(rows, chunk, count)
            results = rows_received(mine, lambda items: feed_receive(items, context))
            return chunk_results_record(chunk, results, linkage=context.linkage)
    except ImportClaimLost:
        logger.warning("import run %s chunk %s taken over; this worker stops", run.pk, chunk.number)
        raise
    except UnicodeDecodeError:
        chunk_fail(chunk, NOT_UTF8_PART_WAY)
    except Exception as error:
        logger.warning(
            "import run %s chunk %s stopped: %s", run.pk, chunk.number, type(error).__name__
        )
        chunk_fail(chunk, STOPPED_BY_ERROR)
        raise
    chunk.refresh_from_db()
    return chunk


def feed_import_parallel(
    *,
    path: Path,
    workers: int,
    actor_label: str = "import_referrals",
    progress: ProgressCallback | None = None,
    attempts: int = 3,
) -> ImportRun:
    """Import a local feed file (any source, as `import_referrals` does) in `workers`
    chunks, each in a process of its own; progress is the run's, read every half second.
    A worker process that dies leaves its chunk to the next one started, which goes on from
    the chunk's saved progress (up to `attempts` processes a chunk)."""
    run = ImportRun.objects.create(filename=path.name[:255], status=ImportStatus.RUNNING)
    pending = feed_import_split(run=run, path=path, chunks=workers)
    shown = 0
    for _ in range(attempts):
        if not pending:
            break
        # Fresh processes, never forks of this one (chunk_process.py says why).
        context = multiprocessing.get_context("spawn")
        databases = {c.alias: c.settings_dict["NAME"] for c in connections.all()}
        processes = [
            context.Process(
                target=chunk_process_run,
                args=(chunk_id, str(path), actor_label, settings.SETTINGS_MODULE, databases),
            )
            for chunk_id in pending
        ]
        for process in processes:
            process.start()
        while any(process.is_alive() for process in processes):
            time.sleep(0.5)
            shown = _progress_shown(run, progress, shown)
        for process in processes:
            process.join()
            if process.exitcode:  # a worker that died: its chunk goes on in the next round
                logger.warning(
                    "import run %s: a chunk process ended with exit code %s",
                    run.pk,
                    process.exitcode,
                )
        run.refresh_from_db()
        if run.status != ImportStatus.RUNNING:
            break
        pending = chunks_unfinished(run)
        # A chunk whose process died part-way: given to the next process, from its progress.
        ImportChunk.objects.filter(pk__in=pending, status=ImportStatus.RUNNING).update(
            status=ImportStatus.QUEUED
        )
    run.refresh_from_db()
    if run.status == ImportStatus.RUNNING:
        return import_run_fail(run, STOPPED_BY_ERROR)
    _progress_shown(run, progress, shown)
    return run


def _progress_shown(run: ImportRun, progress: ProgressCallback | None, shown: int) -> int:
    if progress is None:
        return shown
    read = ImportRun.objects.filter(pk=run.pk).values_list("rows_read", flat=True).first() or 0
    if read > shown:
        progress(read - shown)
    return max(read, shown)
