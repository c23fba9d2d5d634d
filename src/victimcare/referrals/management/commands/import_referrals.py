"""python manage.py import_referrals FILE.csv — import a police referral feed (v1)."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from tqdm import tqdm

from victimcare.intake.importing import feed_import_file
from victimcare.intake.parallel import feed_import_parallel
from victimcare.referrals.models import ImportRun, ImportStatus


class FeedImportCommand(BaseCommand):
    """A feed file import with a progress bar and the import report (line, column, reason)."""

    file_help = "CSV file in police referral feed v1 format"
    unknown_note = "kept with each referral, not used"

    parallel = False  # whether `--workers N` may split the file between processes

    def importer(self) -> Callable[..., ImportRun]:
        return feed_import_file

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=self.file_help)
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar"
        )
        if self.parallel:
            parser.add_argument(
                "--workers",
                type=int,
                default=1,
                choices=range(1, 33),
                metavar="N",
                help="Split the file into N chunks imported by N processes at once (1 to 32)",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        workers = options.get("workers") or 1
        if workers > 1 and connection.vendor != "postgresql":
            # SQLite lets one process write at a time: a second worker only waits for locks.
            self.stderr.write(
                f"--workers {workers}: several processes need PostgreSQL; "
                f"this database is {connection.vendor}, so one process imports the file"
            )
            workers = 1
        with tqdm(
            desc=f"Importing {path.name}",
            unit=" rows",
            disable=options["no_progress"] or None,
            file=self.stderr._out,
        ) as bar:
            if workers > 1:
                run = feed_import_parallel(path=path, workers=workers, progress=bar.update)
            else:
                run = self.importer()(path=path, progress=bar.update)
        write_report(self.stdout, run, path.name, self.unknown_note)
        if run.status == ImportStatus.FAILED:
            raise CommandError(f"{path.name}: {run.failure}")


class Command(FeedImportCommand):
    help = "Import a police referral feed v1 CSV file: create or update referrals and cases."
    parallel = True


def write_report(out: Any, run: ImportRun, filename: str, unknown_note: str) -> None:
    """The import report: counts, unknown columns, then every rejected row."""
    out.write(f"Import {run.pk} of {filename}")
    out.write(f"  rows read: {run.rows_read}")
    out.write(f"  created:   {run.created}")
    out.write(f"  updated:   {run.updated}")
    out.write(f"  unchanged: {run.unchanged}")
    out.write(f"  rejected:  {run.rejected}")
    if run.linkage:
        out.write(f"  repeat victims: {run.linkage_summary}")
    if run.unknown_columns:
        out.write(f"  unknown columns ({unknown_note}): " + ", ".join(run.unknown_columns))
    for rejection in run.rejections.all():
        key = f" [{rejection.record_key}]" if rejection.record_key else ""
        out.write(f"  line {rejection.line}{key}: {rejection.column}: {rejection.reason}")
