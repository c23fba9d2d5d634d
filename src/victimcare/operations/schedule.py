"""The scheduler: each periodic job runs once per period, however many schedulers run.

A job's schedule is a string in settings.VCH_SCHEDULE: "daily HH:MM" (local time) or
"every N minutes". Each tick works out the period each job is in and tries to insert the
(job, period_start) row; the unique constraint lets exactly one scheduler win. So a second
scheduler is harmless, and one that was down catches up on its first tick: the period that
began while it was down has no row yet, so it runs then. A run whose scheduler died is taken
over after its lease; a failed run is tried again after a pause, up to MAX_ATTEMPTS.
"""

import dataclasses
import datetime
import logging
import os
import re
import socket
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from victimcare.operations.models import Heartbeat, RunStatus, ScheduledRun

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
_SPEC = re.compile(
    r"^\s*(?:daily\s+(?P<hh>\d{1,2}):(?P<mm>\d{2})|every\s+(?P<n>\d+)\s*m(?:in(?:ute)?s?)?)\s*$"
)


@dataclasses.dataclass(frozen=True)
class Schedule:
    """When a job runs: at a local time each day, or every `minutes` minutes."""

    daily_at: datetime.time | None = None
    minutes: int | None = None

    @property
    def period(self) -> datetime.timedelta:
        return (
            datetime.timedelta(days=1)
            if self.daily_at
            else datetime.timedelta(minutes=self.minutes or 1)
        )

    @property
    def lease(self) -> datetime.timedelta:
        """How long a run may go on before another scheduler takes it for dead."""
        return datetime.timedelta(hours=2) if self.daily_at else self.period

    @property
    def retry_after(self) -> datetime.timedelta:
        return min(datetime.timedelta(minutes=15), self.period)


def schedule_parse(spec: str, *, job: str = "") -> Schedule:
    """'daily 02:30' or 'every 15 minutes' (also 'every 15m'); anything else is an error."""
    match = _SPEC.match(spec)
    if not match:
        raise ImproperlyConfigured(
            f"VCH_SCHEDULE[{job!r}] = {spec!r}: write 'daily HH:MM' or 'every N minutes'"
        )
    if match["n"]:
        minutes = int(match["n"])
        if not 1 <= minutes <= 24 * 60:
            raise ImproperlyConfigured(f"VCH_SCHEDULE[{job!r}]: every 1 to 1440 minutes")
        return Schedule(minutes=minutes)
    hour, minute = int(match["hh"]), int(match["mm"])
    if hour > 23 or minute > 59:
        raise ImproperlyConfigured(f"VCH_SCHEDULE[{job!r}] = {spec!r}: no such time of day")
    return Schedule(daily_at=datetime.time(hour, minute))


def period_start(schedule: Schedule, now: datetime.datetime) -> datetime.datetime:
    """The start of the period `now` falls in: the last daily time at or before now (local
    time, so 02:00 stays 02:00 across the clock change), or now rounded down to the interval."""
    if schedule.daily_at is not None:
        local = timezone.localtime(now)
        day = local.date()
        start = timezone.make_aware(datetime.datetime.combine(day, schedule.daily_at))
        if start > now:
            start = timezone.make_aware(
                datetime.datetime.combine(day - datetime.timedelta(days=1), schedule.daily_at)
            )
        return start
    seconds = int(schedule.period.total_seconds())
    epoch = int(now.timestamp())
    return datetime.datetime.fromtimestamp(epoch - epoch % seconds, tz=datetime.UTC)


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def heartbeat_record(*, role: str, now: datetime.datetime | None = None) -> None:
    Heartbeat.objects.update_or_create(
        role=role, defaults={"beat_at": now or timezone.now(), "instance": this_process()}
    )


def schedules_configured() -> dict[str, Schedule]:
    """Every job in VCH_SCHEDULE with its schedule; a job the hub does not have is an error."""
    # jobs.py imports operations.tasks, which imports this module: a cycle at the top.
    from victimcare.operations.jobs import JOBS

    configured = {}
    for job, spec in settings.VCH_SCHEDULE.items():
        if job not in JOBS:
            raise ImproperlyConfigured(f"VCH_SCHEDULE names {job!r}; the jobs are {sorted(JOBS)}")
        if spec:  # a blank schedule turns the job off
            configured[job] = schedule_parse(spec, job=job)
    return configured


def _claim(
    *, job: str, schedule: Schedule, start: datetime.datetime, now: datetime.datetime, runner: str
) -> ScheduledRun | None:
    """This period's run, if this scheduler may run it now: the first to insert the row
    wins; a dead run (past its lease) or a failed one (after a pause) may be taken again by
    exactly one scheduler, as the conditional UPDATE matches for only one of them."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(
                job=job,
                period_start=start,
                status=RunStatus.RUNNING,
                runner=runner,
                started_at=now,
            )
    except IntegrityError:
        pass
    again = ScheduledRun.objects.filter(job=job, period_start=start).filter(
        Q(status=RunStatus.RUNNING, started_at__lte=now - schedule.lease)
        | Q(
            status=RunStatus.FAILED,
            finished_at__lte=now - schedule.retry_after,
            attempts__lt=MAX_ATTEMPTS,
        )
    )
    taken = again.update(
        status=RunStatus.RUNNING,
        runner=runner,
        started_at=now,
        finished_at=None,
        attempts=F("attempts") + 1,
    )
    if not taken:
        return None
    return ScheduledRun.objects.get(job=job, period_start=start)


def _execute(run: ScheduledRun, work: Callable[[], str]) -> ScheduledRun:
    began = timezone.now()
    extra = {"job": run.job, "period_start": run.period_start.isoformat(), "attempt": run.attempts}
    logger.info("scheduled job started", extra=extra)
    try:
        outcome, status = work(), RunStatus.SUCCEEDED
    except Exception as error:  # recorded, logged and tried again; the scheduler goes on
        outcome, status = f"failed: {type(error).__name__}", RunStatus.FAILED
        logger.error("scheduled job failed", extra=extra, exc_info=True)
    # Measured from the tick's own clock, so a tick at a given time records a finish after it.
    run.status, run.outcome = status, outcome[:300]
    run.finished_at = run.started_at + (timezone.now() - began)
    run.save(update_fields=["status", "outcome", "finished_at"])
    logger.info("scheduled job finished", extra={**extra, "status": status, "outcome": run.outcome})
    return run


def scheduler_tick(*, now: datetime.datetime | None = None, runner: str = "") -> list[ScheduledRun]:
    """Run every job whose current period has not run yet (or needs another try)."""
    # jobs.py imports operations.tasks, which imports this module: a cycle at the top.
    from victimcare.operations.jobs import JOBS

    now = now or timezone.now()
    runner = runner or this_process()
    heartbeat_record(role="scheduler", now=now)
    done = []
    for job, schedule in schedules_configured().items():
        run = _claim(
            job=job, schedule=schedule, start=period_start(schedule, now), now=now, runner=runner
        )
        if run is not None:
            done.append(_execute(run, JOBS[job]))
    return done
