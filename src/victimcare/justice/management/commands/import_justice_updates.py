"""python manage.py import_justice_updates FILE.csv — police and court updates (feed v1)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from victimcare.justice.importing import justice_import_file
from victimcare.referrals.management.commands.import_referrals import write_report


class Command(BaseCommand):
    help = "Import justice updates (CSV, feed v1): each new event brings the victim's duties."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV file of justice updates, feed v1")
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
            run = justice_import_file(path=path, progress=bar.update)
        write_report(self.stdout, run, path.name, "kept with each event, not used")
