"""Import runs of feed files and the rows they rejected."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from victimcare.accounts.models import Organisation
from victimcare.core.states import StateMachine, refused_with, table

# The counts a run's `linkage` holds (linkage.intake.IntakeLinks).
LINKAGE_COUNTS = ("joined", "queued", "unnamed", "held_back", "failed")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


# An upload waits for a worker, imports, then finishes or fails (a run from the command
# line starts importing).
IMPORT_RUN_STATES = StateMachine(
    states=ImportStatus,
    moves=table(
        {
            ImportStatus.QUEUED: [ImportStatus.RUNNING, ImportStatus.FAILED],
            # back to waiting when its worker died and another takes it over (ADR 46)
            ImportStatus.RUNNING: [ImportStatus.FINISHED, ImportStatus.FAILED, ImportStatus.QUEUED],
            ImportStatus.FINISHED: [],
            ImportStatus.FAILED: [],
        }
    ),
    refusal=refused_with("An import that is {current} cannot become {target}"),
)


class ImportKind(models.TextChoices):
    REFERRALS = "referrals", "Referrals"
    JUSTICE_UPDATES = "justice_updates", "Justice updates"


class ImportRun(models.Model):
    """One import of a feed file: the counts and every rejected row, kept for the report."""

    filename = models.CharField(max_length=255)
    kind = models.CharField(max_length=16, choices=ImportKind.choices, default=ImportKind.REFERRALS)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The uploader's organisation; its staff may see the run",
    )
    rows_expected = models.PositiveIntegerField(
        null=True, blank=True, help_text="Lines in the file after the header: an upper bound"
    )
    upload_path = models.CharField(
        max_length=255,
        blank=True,
        help_text="Private copy of an uploaded file, deleted after import",
    )
    failure = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the import last saved its progress; one that stops moving lost its worker",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    unknown_columns = models.JSONField(default=list, blank=True)
    linkage = models.JSONField(
        default=dict,
        blank=True,
        help_text="Repeat-victim linkage of the run's new people: joined, queued, unnamed "
        "(no name: review only), held_back (review only, over the join threshold), "
        "failed",
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Import {self.pk} of {self.filename}"

    @property
    def is_active(self) -> bool:
        return self.status in {ImportStatus.QUEUED, ImportStatus.RUNNING}

    @property
    def is_stalled(self) -> bool:
        """Waiting or importing, yet not moved for VCH_IMPORT_STALL_MINUTES: the task worker
        is not running, or stopped part-way (progress is saved every few hundred rows)."""
        if not self.is_active:
            return False
        last = self.progress_at or self.started_at
        limit = datetime.timedelta(minutes=settings.VCH_IMPORT_STALL_MINUTES)
        return last is not None and timezone.now() - last > limit

    @property
    def linkage_summary(self) -> str:
        """What repeat-victim linkage did with the run's new people, in words."""
        counts = {name: int(self.linkage.get(name, 0)) for name in LINKAGE_COUNTS}
        held = (
            f" ({counts['held_back']} of them scored high enough to join, but the evidence "
            "asks an officer to decide)"
            if counts["held_back"]
            else ""
        )
        failed = (
            f"; {counts['failed']} could not be linked and stay as received (the hub's log "
            "says why)"
            if counts["failed"]
            else ""
        )
        return (
            f"{counts['joined']} joined to a known victim, {counts['queued']} waiting for an "
            f"officer's review{held}, {counts['unnamed']} without a name (never joined "
            f"automatically){failed}"
        )

    @property
    def percent_done(self) -> int:
        if not self.rows_expected:
            return 100 if self.status == ImportStatus.FINISHED else 0
        return min(100, round(100 * self.rows_read / self.rows_expected))


class ImportChunk(models.Model):
    """One part of a large import that one worker takes (ADR 55): the rows whose referral key
    hashes to `number` of the run's chunks, so every copy of one referral in the file lands
    in one chunk, in file order. Claimed, fenced on its progress time and taken over like a
    whole run (ADR 46); its counts are added to the run's as they are saved."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    linkage = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="import_chunk_once_per_run")
        ]

    def __str__(self) -> str:
        return f"Chunk {self.number} of import {self.run_id}"


class ImportRejection(models.Model):
    """A row that did not land: its line, the column at fault and why."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rejections")
    chunk = models.ForeignKey(
        ImportChunk,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The chunk that read the row, in an import split between workers",
    )
    line = models.PositiveIntegerField()
    column = models.CharField(max_length=80)
    reason = models.CharField(max_length=500)
    record_key = models.CharField(
        max_length=250, blank=True, help_text="source/crime_reference/victim_reference if given"
    )

    class Meta:
        ordering = ["line", "id"]

    def __str__(self) -> str:
        return f"line {self.line}: {self.column}: {self.reason}"
