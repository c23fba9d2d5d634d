"""The worker's heartbeat: the scheduler queues this task every minute; the worker that runs
it records the beat. A stale beat means no worker is taking work off the queue."""

from django_tasks import TaskResultStatus, task

from victimcare.operations.schedule import heartbeat_record


@task()
def worker_heartbeat() -> None:
    heartbeat_record(role="worker")


def worker_heartbeat_enqueue() -> bool:
    """Queue a heartbeat unless one is waiting already (a stopped worker must not leave a
    pile of them). Returns whether it queued one."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=worker_heartbeat.module_path
    )
    if waiting.exists():
        return False
    worker_heartbeat.enqueue()
    return True
