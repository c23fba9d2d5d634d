"""Importing a police referral feed file (CSV, feed v1), row by row, streaming.

A file that is not UTF-8 or whose header cannot be used is refused before any row is
stored (feedfiles.py). A bad row is rejected with its line, column and reason; the good
rows beside it land. Valid rows are saved in batches of up to 500, one transaction a batch
(ADR 9); a batch that fails as a whole is retried row by row, so one bad row never undoes
another. A run never stays "importing": it finishes, or fails saying what to do.
"""

from pathlib import Path
from typing import IO, Any

from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.core.heap import heap_frozen
from victimcare.intake.receive import IntakeContext, feed_receive
from victimcare.referrals.feed_columns import ALWAYS_REQUIRED, KNOWN_COLUMNS
from victimcare.referrals.feedfiles import (
    FeedFileRefused,
    feed_file_encoding_check,
    feed_file_open,
    feed_header_check,
    read_feed_csv,
)
from victimcare.referrals.import_runs import (
    STOPPED_BY_ERROR,
    ImportClaimLost,
    ProgressCallback,
    import_results_record,
    import_run_fail,
    import_run_guard,
    rows_received,
    rows_resumed,
)
from victimcare.referrals.models import ImportRun, ImportStatus


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
    with import_run_guard(run), heap_frozen():
        header, rows = read_feed_csv(stream)
        feed_header_check(header, required=ALWAYS_REQUIRED, known=KNOWN_COLUMNS)
        run.unknown_columns = sorted(set(header) - KNOWN_COLUMNS - {""})
        run.save(update_fields=["unknown_columns"])
        if run.rows_read:  # taken over part-way (uploads.imports_take_over_stalled)
            rows = rows_resumed(rows, run)
        results = rows_received(rows, lambda items: feed_receive(items, context))
        return import_results_record(run, results, progress, linkage=context.linkage)
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
    with feed_file_open(path) as stream:
        return feed_import_csv(
            stream=stream, filename=kwargs.pop("filename", path.name), run=run, **kwargs
        )


__all__ = [
    "STOPPED_BY_ERROR",
    "ImportClaimLost",
    "feed_import_csv",
    "feed_import_file",
    "import_run_fail",
    "import_run_guard",
    "read_feed_csv",
    "rows_received",
]
