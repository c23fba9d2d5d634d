"""Importing a justice update file (CSV, feed v1), row by row, streaming."""

from pathlib import Path

from victimcare.justice.feed import KNOWN_COLUMNS, REQUIRED
from victimcare.justice.services.updates import justice_updates_receive
from victimcare.referrals.feedfiles import (
    FeedFileRefused,
    feed_file_encoding_check,
    feed_file_open,
    feed_header_check,
    read_feed_csv,
)
from victimcare.referrals.import_runs import (
    ProgressCallback,
    import_results_record,
    import_run_fail,
    import_run_guard,
    rows_received,
)
from victimcare.referrals.models import ImportKind, ImportRun, ImportStatus


def justice_import_file(
    *,
    path: Path,
    actor_label: str = "import_justice_updates",
    progress: ProgressCallback | None = None,
) -> ImportRun:
    """Import every row of a justice update CSV; the run keeps counts and rejections."""
    run = ImportRun.objects.create(
        filename=path.name[:255], kind=ImportKind.JUSTICE_UPDATES, status=ImportStatus.RUNNING
    )
    try:
        feed_file_encoding_check(path)
    except FeedFileRefused as refused:
        return import_run_fail(run, refused.reason)
    with feed_file_open(path) as stream, import_run_guard(run):
        header, rows = read_feed_csv(stream)
        feed_header_check(header, required=REQUIRED, known=KNOWN_COLUMNS)
        run.unknown_columns = sorted(set(header) - KNOWN_COLUMNS - {""})
        run.save(update_fields=["unknown_columns"])
        results = rows_received(
            rows, lambda items: justice_updates_receive(items, actor_label=actor_label)
        )
        return import_results_record(run, results, progress)
    return run
