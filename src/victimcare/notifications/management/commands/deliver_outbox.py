"""python manage.py deliver_outbox — send every message that is waiting, due a retry, or
left in doubt by a worker that died mid-send (checked with the receiver first)."""

from typing import Any

from django.core.management.base import BaseCommand

from victimcare.notifications.delivery import outbox_sweep
from victimcare.notifications.models import OutboxMessage, OutboxStatus


class Command(BaseCommand):
    help = "Send outbox messages that are waiting or due a retry (e.g. from cron after an outage)."

    def handle(self, *args: Any, **options: Any) -> None:
        looked_at = outbox_sweep()
        failing = OutboxMessage.objects.filter(status=OutboxStatus.FAILED).count()
        gave_up = OutboxMessage.objects.filter(status=OutboxStatus.GAVE_UP).count()
        self.stdout.write(
            f"looked at {looked_at}; failing (will retry) {failing}; needing a person {gave_up}"
        )
