"""Tasks and Victims' Code duties on the named officer's list."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.closing import TaskEnding, ended_task_reason
from victimcare.cases.models import Case, CaseTask, TaskKind
from victimcare.cases.services.versions import CaseChangeRefused, refuse_once_ended


def task_open(
    *,
    case: Case,
    kind: str,
    title: str,
    due_on: datetime.date,
    assignee: User | None = None,
    code_area: str = "",
    reason: str = "",
    source_event: Any = None,
) -> CaseTask:
    """Put a task (or a Victims' Code duty) on the named officer's list (inside the caller's
    transaction). An officer who has left gets none: the task waits for the team."""
    officer = assignee or case.officer
    task = CaseTask.objects.create(
        case=case,
        kind=kind,
        title=title[:300],
        due_on=due_on,
        assigned_to=officer if officer is not None and officer.is_active else None,
        code_area=code_area,
        reason=reason[:300],
        source_event=source_event,
    )
    audit_event_record(
        action=AuditAction.TASK_OPENED, obj=case, data={"task_id": task.pk, "kind": kind}
    )
    return task


@transaction.atomic
def follow_up_add(*, case: Case, title: str, due_on: datetime.date, actor: User) -> CaseTask:
    """An officer's own follow-up on a case, on their list, due today or later."""
    refuse_once_ended(case, "adding a follow-up")  # locked: a closing in flight finishes first
    if due_on < timezone.localdate():
        raise CaseChangeRefused("The date must be today or later", field="due_on")
    return task_open(case=case, kind=TaskKind.FOLLOW_UP, title=title, due_on=due_on, assignee=actor)


@transaction.atomic
def task_complete(*, task: CaseTask, outcome: str, actor: User) -> CaseTask:
    """Mark the task done with what was done. The officer's "done" goes through
    journeys.duties.task_complete, which also schedules the next monthly update."""
    if task.done_at is not None:
        raise CaseChangeRefused("This task is already done")
    if task.ended_at is not None:
        raise CaseChangeRefused(f"This duty is no longer owed: {task.ended_reason}")
    if not outcome.strip():
        raise CaseChangeRefused("Enter what was done", field="outcome")
    task.done_at, task.done_by = timezone.now(), actor
    task.outcome = outcome.strip()  # type: ignore[assignment]
    task.save(update_fields=["done_at", "done_by", "outcome"])
    audit_event_record(
        action=AuditAction.TASK_DONE, obj=task.case, actor=actor, data={"task_id": task.pk}
    )
    return task


def task_end_at_closure(
    *, task: CaseTask, how: str, note: str, actor: User, ended: str = "closed"
) -> CaseTask:
    """What happened to a task still open when its case closes (inside the closure's
    transaction): done with the note as what was done, or ended as handed over or no longer
    needed with the note. It then leaves every task list."""
    if not task.is_open:
        raise CaseChangeRefused(f"The task '{task.title}' is no longer open")
    if not note.strip():
        raise CaseChangeRefused(f"Enter a note for the task '{task.title}'")
    if how == TaskEnding.DONE:
        return task_complete(task=task, outcome=note, actor=actor)
    if how not in TaskEnding.values:
        raise CaseChangeRefused(f"Choose what happened to the task '{task.title}'")
    task.ended_at = timezone.now()
    task.ended_reason = ended_task_reason(how, note.strip(), ended=ended)
    task.save(update_fields=["ended_at", "ended_reason"])
    audit_event_record(
        action=AuditAction.TASK_ENDED,
        obj=task.case,
        actor=actor,
        data={"task_id": task.pk, "how": how},
    )
    return task
