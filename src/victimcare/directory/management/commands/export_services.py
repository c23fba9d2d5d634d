import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from victimcare.directory.csvio import services_export


class Command(BaseCommand):
    help = "Write the service directory as CSV (to a file, or to standard output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="Where to write; standard output if absent")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["file"]:
            with open(options["file"], "w", newline="", encoding="utf-8") as out:
                count = services_export(out)
            self.stderr.write(f"{count} service(s) written to {options['file']}")
        else:
            services_export(sys.stdout)
