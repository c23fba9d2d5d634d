import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from victimcare.notifications.delivery import outbox_deliver, outbox_sweep


@task()
def deliver_outbox_message(message_id: int) -> None:
    outbox_deliver(message_id=message_id)


@task()
def sweep_outbox() -> None:
    """Recover and retry, then come back after OUTBOX_SWEEP_SECONDS (runs while workers do)."""
    try:
        outbox_sweep()
    finally:
        schedule_sweep()


def schedule_sweep(delay: float | None = None) -> None:
    """Queue the next sweep unless one is queued already."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=sweep_outbox.module_path
    )
    if queued.exists():
        return
    seconds = settings.OUTBOX_SWEEP_SECONDS if delay is None else delay
    sweep_outbox.using(run_after=timezone.now() + datetime.timedelta(seconds=seconds)).enqueue()
