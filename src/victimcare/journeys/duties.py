"""Completing a task from the officer's list: a monthly investigation update done brings
the next month's (justice), in the same transaction."""

from django.db import transaction

from victimcare.accounts.models import User
from victimcare.cases.models import CaseTask, TaskKind
from victimcare.cases.services import tasks
from victimcare.justice.services.duties import investigation_updates_schedule


@transaction.atomic
def task_complete(*, task: CaseTask, outcome: str, actor: User) -> CaseTask:
    """Mark the task done (cases.services.tasks.task_complete refuses what cannot be);
    an investigation update done schedules the next month's update."""
    done = tasks.task_complete(task=task, outcome=outcome, actor=actor)
    if task.kind == TaskKind.INVESTIGATION_UPDATE:
        investigation_updates_schedule(case_ids=[task.case_id])  # the next month's update
    return done
