"""python manage.py deliver_outbox — retry every message that is waiting or failed."""

from typing import Any

from django.core.management.base import BaseCommand

from victimcare.notifications.delivery import outbox_deliver
from victimcare.notifications.models import OutboxMessage, OutboxStatus


class Command(BaseCommand):
    help = "Send outbox messages that are waiting or failed (run it from cron or after an outage)."

    def handle(self, *args: Any, **options: Any) -> None:
        waiting = OutboxMessage.objects.filter(
            status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED]
        )
        sent = failed = 0
        for message_id in waiting.values_list("pk", flat=True):
            message = outbox_deliver(message_id=message_id)
            if message.status == OutboxStatus.SENT:
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"sent {sent}, still failing {failed}")
