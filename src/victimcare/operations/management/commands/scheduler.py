"""python manage.py scheduler — runs the hub's periodic jobs (settings.VCH_SCHEDULE).

Run one, or two for resilience: each job runs once per period whichever scheduler gets to
it first. `--once` runs one tick and stops (for a test, or an operator catching up by hand).
"""

import logging
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from victimcare.operations.heartbeat import HeartbeatThread
from victimcare.operations.schedule import scheduler_tick


class Command(BaseCommand):
    help = "Run the periodic jobs (investigation updates, insights, retention, ...) on time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run one tick, then stop")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="Seconds between ticks (default 30)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        if not options["once"]:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
            # Beats on its own while a long job runs (each tick beats too).
            HeartbeatThread(role="scheduler", every=min(options["interval"], 30.0)).start()
        while True:
            if not options["once"]:  # a long-lived process: drop connections that went bad
                close_old_connections()
            try:
                for run in scheduler_tick():
                    self.stdout.write(f"{run.job}: {run.status} ({run.outcome})")
            except DatabaseError:  # the database is away: try again at the next tick
                logging.getLogger(__name__).error("scheduler tick failed", exc_info=True)
            if options["once"] or stop.wait(options["interval"]):
                return
