"""python manage.py worker — the hub's task worker: Django Tasks' db_worker, plus the outbox
sweep that retries failed messages and recovers messages whose worker died mid-send."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from victimcare.notifications.tasks import schedule_sweep
from victimcare.operations.heartbeat import HeartbeatThread
from victimcare.operations.schedule import heartbeat_record


class Command(BaseCommand):
    help = "Run the task worker (imports, messages) with the outbox's retries and recovery."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty")

    def handle(self, *args: Any, **options: Any) -> None:
        schedule_sweep(delay=0)
        worker_options: list[str] = ["--no-reload"]
        if options["batch"]:
            worker_options += ["--batch", "--no-startup-delay"]
        if options["batch"]:  # a one-off run: one beat, no thread
            heartbeat_record(role="worker")
            call_command("db_worker", *worker_options)
            return
        # /health/ready sees the worker alive while it runs a long task (ADR 41).
        heartbeat = HeartbeatThread(role="worker")
        heartbeat.start()
        try:
            call_command("db_worker", *worker_options)
        finally:
            heartbeat.stop()
