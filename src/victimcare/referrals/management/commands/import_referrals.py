"""python manage.py import_referrals FILE.csv — import a police referral feed (v1)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from victimcare.referrals.importing import feed_import_file
from victimcare.referrals.models import ImportRun


class Command(BaseCommand):
    help = "Import a police referral feed v1 CSV file: create or update referrals and cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV file in police referral feed v1 format")
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with tqdm(
            desc=f"Importing {path.name}",
            unit=" rows",
            disable=options["no_progress"] or None,
            file=self.stderr._out,
        ) as bar:
            run = feed_import_file(path=path, progress=bar.update)

        write_report(self.stdout, run, path.name, "kept with each referral, not used")


def write_report(out: Any, run: ImportRun, filename: str, unknown_note: str) -> None:
    """The import report: counts, unknown columns, then every rejected row."""
    out.write(f"Import {run.pk} of {filename}")
    out.write(f"  rows read: {run.rows_read}")
    out.write(f"  created:   {run.created}")
    out.write(f"  updated:   {run.updated}")
    out.write(f"  unchanged: {run.unchanged}")
    out.write(f"  rejected:  {run.rejected}")
    if run.unknown_columns:
        out.write(f"  unknown columns ({unknown_note}): " + ", ".join(run.unknown_columns))
    for rejection in run.rejections.all():
        key = f" [{rejection.record_key}]" if rejection.record_key else ""
        out.write(f"  line {rejection.line}{key}: {rejection.column}: {rejection.reason}")
