"""python manage.py restore_drill [--dump FILE] — restore a backup into a scratch database and
prove it can be read: counts, migrations, encrypted fields with the configured keys, and the
audit and access logs still append-only. Exits non-zero, saying why, when anything fails."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from victimcare.operations.restore_drill import DrillFailed, restore_drill


class Command(BaseCommand):
    help = "Restore a backup (or a dump taken now) into a scratch database and check it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dump", type=Path, help="A backup file (pg_dump custom format)")
        parser.add_argument("--scratch", default="", help="Scratch database (dropped, recreated)")
        parser.add_argument(
            "--sample", type=int, default=1000, help="Encrypted values to decrypt per column"
        )
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_drill(
                dump=options["dump"],
                scratch=options["scratch"],
                sample=options["sample"],
                keep=options["keep"],
            )
        except DrillFailed as failure:
            raise CommandError(f"Restore drill FAILED: {failure}") from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Restore drill passed."))
