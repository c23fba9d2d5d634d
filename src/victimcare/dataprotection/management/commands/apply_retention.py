"""Dispose of records past their retention period, logging each disposal."""

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from victimcare.dataprotection.retention import retention_apply, retention_due
from victimcare.intake.uploads import imports_end_stopped


class Command(BaseCommand):
    help = (
        "Delete records past their retention period (cases, referrals, people, import "
        "reports) unless under legal hold; each disposal is logged. Also ends imports whose "
        "worker stopped an hour ago or more, deleting their uploaded files. --dry-run only lists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = f"manage.py apply_retention ({getpass.getuser()})"
        if options["dry_run"]:
            due = list(retention_due())
            for item in due:
                self.stdout.write(
                    f"would dispose of {item.object_type} {item.object_id} ({item.rule})"
                )
            self.stdout.write(f"{len(due)} record(s) past retention; nothing deleted (dry run).")
            return
        total = sum(1 for _ in retention_due())
        with tqdm(total=total, unit="record", disable=total == 0) as bar:
            done = retention_apply(actor_label=actor, progress=bar.update)
        self.stdout.write(
            self.style.SUCCESS(f"{len(done)} record(s) disposed of; see the disposal log.")
        )
        # Imports whose worker stopped: ended, and their uploaded copy of the file deleted.
        stopped = imports_end_stopped()
        if stopped:
            self.stdout.write(f"{stopped} stopped import(s) ended; their uploaded files deleted.")
