"""Counts for the health page and the metrics page: aggregates only, never a person."""

import dataclasses
import datetime

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from victimcare.cases.models import Case, CaseStatus, CaseTask
from victimcare.linkage.models import LinkCandidate
from victimcare.notifications.models import OutboxMessage, OutboxStatus
from victimcare.operations.models import Heartbeat, RunStatus, ScheduledRun
from victimcare.referrals.models import ImportRun

WAITING = (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED)


@dataclasses.dataclass(frozen=True)
class OutboxBacklog:
    by_status: dict[str, int]
    waiting: int
    gave_up: int
    oldest_waiting_seconds: int


@dataclasses.dataclass(frozen=True)
class HubDuties:
    hub: str
    open: int
    overdue: int


@dataclasses.dataclass(frozen=True)
class QueueDepth:
    queue: str
    ready: int
    oldest_seconds: int


def _age(moment: datetime.datetime | None, now: datetime.datetime) -> int:
    return max(0, int((now - moment).total_seconds())) if moment else 0


def outbox_backlog() -> OutboxBacklog:
    now = timezone.now()
    by_status = dict(OutboxMessage.objects.values_list("status").annotate(n=Count("pk")).order_by())
    oldest = OutboxMessage.objects.filter(status__in=WAITING).aggregate(at=Min("created_at"))
    return OutboxBacklog(
        by_status={str(status): n for status, n in by_status.items()},
        waiting=sum(by_status.get(status, 0) for status in WAITING),
        gave_up=by_status.get(OutboxStatus.GAVE_UP, 0),
        oldest_waiting_seconds=_age(oldest["at"], now),
    )


def code_duties_by_hub(*, today: datetime.date | None = None) -> list[HubDuties]:
    """Victims' Code duties still owed per hub, and how many of them are past due.

    A duty is a case task with a Code area or a justice event, not done and not ended; and
    the first contact, owed while a case is still new (its deadline is the case's
    `contact_deadline`, the same rule as the team leader's caseload page)."""
    today = today or timezone.localdate()
    tasks = (
        CaseTask.objects.filter(done_at__isnull=True, ended_at__isnull=True)
        .filter(~Q(code_area="") | Q(source_event__isnull=False))
        .values("case__team__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
        .order_by()
    )
    first_contacts = (
        Case.objects.filter(status=CaseStatus.NEW)
        .values("team__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(contact_deadline__lt=today)))
        .order_by()
    )
    totals: dict[str, list[int]] = {}
    for hub, open_, overdue in [
        *((r["case__team__name"], r["open"], r["overdue"]) for r in tasks),
        *((r["team__name"], r["open"], r["overdue"]) for r in first_contacts),
    ]:
        row = totals.setdefault(hub or "no hub", [0, 0])
        row[0] += open_
        row[1] += overdue
    return [HubDuties(hub, open_, overdue) for hub, (open_, overdue) in sorted(totals.items())]


def task_queues() -> list[QueueDepth]:
    """Tasks ready to run now, per queue, and how long the oldest has waited."""
    now = timezone.now()
    rows = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lte=now)
        .values("queue_name")
        .annotate(ready=Count("pk"), oldest=Min("run_after"))
        .order_by("queue_name")
    )
    return [QueueDepth(r["queue_name"], r["ready"], _age(r["oldest"], now)) for r in rows]


def tasks_by_status() -> dict[str, int]:
    rows = DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).order_by()
    return {str(status): n for status, n in rows}


def imports_by_outcome() -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """({(kind, status): runs}, {(kind, outcome): rows}) over every import kept."""
    runs: dict[tuple[str, str], int] = {}
    rows: dict[tuple[str, str], int] = {}
    totals = (
        ImportRun.objects.values("kind", "status")
        .annotate(
            n=Count("pk"),
            created=Sum("created"),
            updated=Sum("updated"),
            unchanged=Sum("unchanged"),
            rejected=Sum("rejected"),
        )
        .order_by()
    )
    for row in totals:
        runs[(row["kind"], row["status"])] = row["n"]
        for outcome in ("created", "updated", "unchanged", "rejected"):
            key = (row["kind"], outcome)
            rows[key] = rows.get(key, 0) + (row[outcome] or 0)
    return runs, rows


def linkage_decisions() -> dict[str, int]:
    rows = LinkCandidate.objects.values_list("status").annotate(n=Count("pk")).order_by()
    return {str(status): n for status, n in rows}


@dataclasses.dataclass(frozen=True)
class JobState:
    job: str
    latest_status: str
    last_success: datetime.datetime | None


def scheduled_jobs(jobs: list[str]) -> list[JobState]:
    """Each job's latest run's status and when it last succeeded (one indexed query each)."""
    states = []
    for job in jobs:
        runs = ScheduledRun.objects.filter(job=job)
        latest = runs.order_by("-period_start").values_list("status", flat=True).first()
        success = runs.filter(status=RunStatus.SUCCEEDED).aggregate(at=Max("finished_at"))["at"]
        states.append(JobState(job, latest or "never", success))
    return states


def heartbeat_ages() -> dict[str, int]:
    now = timezone.now()
    return {role: _age(at, now) for role, at in Heartbeat.objects.values_list("role", "beat_at")}
