"""Follow a request into the tasks it queued: the web process logs each task it queues with
its task id next to the request id, and (through the shared cache) the worker puts the same
request id, and the task id, on every line it logs while running that task."""

import logging
from typing import Any

from django.core.cache import cache
from django.dispatch import receiver
from django_tasks.signals import task_enqueued, task_finished, task_started

from victimcare.operations.logs import request_id, task_id

logger = logging.getLogger("victimcare.tasks")
_KEY = "vch:task-request:{}"
_KEEP_SECONDS = 24 * 60 * 60


@receiver(task_enqueued)
def _task_enqueued(sender: Any, task_result: Any, **kwargs: Any) -> None:
    rid = request_id.get()
    if rid:
        try:
            cache.set(_KEY.format(task_result.id), rid, _KEEP_SECONDS)
        except Exception:  # the cache is away: the log line below still links the two
            logger.warning("task queued without its request id: the cache is unavailable")
    logger.info(
        "task queued",
        extra={"queued_task_id": str(task_result.id), "task": task_result.task.module_path},
    )


@receiver(task_started)
def _task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    task_id.set(str(task_result.id))
    try:
        request_id.set(cache.get(_KEY.format(task_result.id), ""))
    except Exception:  # never stop a task for want of a log field
        request_id.set("")
    logger.info("task started", extra={"task": task_result.task.module_path})


@receiver(task_finished)
def _task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    logger.info(
        "task finished",
        extra={"task": task_result.task.module_path, "status": str(task_result.status)},
    )
    task_id.set("")
    request_id.set("")
