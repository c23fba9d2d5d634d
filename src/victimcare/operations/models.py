"""What the operator needs recorded: each scheduled job's run per period, and when each kind
of process (worker, scheduler) last showed it was alive. No personal data."""

from django.db import models


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class ScheduledRun(models.Model):
    """One period of one scheduled job. The unique (job, period_start) row is the lock: a
    second scheduler that tries to start the same period fails to insert it and moves on."""

    job = models.CharField(max_length=40)
    period_start = models.DateTimeField(help_text="The start of the period this run covers")
    status = models.CharField(max_length=10, choices=RunStatus.choices)
    runner = models.CharField(max_length=120, help_text="host:pid of the scheduler that ran it")
    attempts = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=300, blank=True, help_text="Counts, or the error's type: never personal data"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "period_start"], name="one_run_a_job_period")
        ]
        indexes = [models.Index(fields=["job", "-period_start"])]
        ordering = ["-period_start", "job"]

    def __str__(self) -> str:
        return f"{self.job} for {self.period_start:%Y-%m-%d %H:%M} ({self.status})"


class Heartbeat(models.Model):
    """The last sign of life of a kind of process: 'worker' when a worker ran the heartbeat
    task, 'scheduler' at each scheduler tick."""

    role = models.CharField(max_length=20, unique=True)
    beat_at = models.DateTimeField()
    instance = models.CharField(max_length=120, help_text="host:pid of the last process to beat")

    def __str__(self) -> str:
        return f"{self.role} heartbeat"
