from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from victimcare.directory.csvio import services_import


class Command(BaseCommand):
    help = "Add or update directory services from CSV (export_services writes the format)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        total = max(0, sum(1 for _ in path.open(encoding="utf-8")) - 1)
        with (
            path.open(encoding="utf-8", newline="") as source,
            tqdm(total=total, unit="row", disable=total < 2) as bar,
        ):
            added, updated, problems = services_import(source, progress=bar.update)
        for p in problems:
            self.stdout.write(f"line {p.line}: {p.column}: {p.reason}")
        self.stdout.write(f"{added} added, {updated} updated, {len(problems)} problem(s)")
