"""Trained linkage models: each training stores a new version; the newest is in use."""

from django.conf import settings
from django.db import models

from victimcare.people.models import Person


class LinkageModel(models.Model):
    version = models.PositiveIntegerField(unique=True)
    model = models.JSONField(help_text="Splink's model: comparisons with trained m and u")
    term_frequencies = models.JSONField(
        default=dict,
        blank=True,
        help_text="{field: {value: share}} for the names the model adjusts by frequency",
    )
    people = models.PositiveIntegerField(help_text="People it was trained on")
    trained_at = models.DateTimeField(auto_now_add=True)
    trained_by = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Linkage model version {self.version}"


class CandidateStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    CONFIRMED = "confirmed", "The same person: merged"
    REJECTED = "rejected", "Different people"


class LinkCandidate(models.Model):
    """A pair of people the model thinks may be one, for an officer to decide."""

    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    match_weight = models.FloatField()
    fields = models.JSONField(
        default=list, help_text="[{field, level, weight}]: how each field compared"
    )
    model_version = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="one_candidate_a_pair"),
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")), name="candidate_pair_in_order"
            ),
        ]
        ordering = ["-probability", "pk"]

    def __str__(self) -> str:
        return f"Link candidate {self.pk}"


class PersonMerge(models.Model):
    """One person's records moved to another; exactly what moved, so an unmerge restores it."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(
        LinkCandidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="merges"
    )
    moved = models.JSONField(help_text='{"referrals": [ids], "cases": [ids]}')
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unmerged_at = models.DateTimeField(null=True, blank=True)
    unmerge_reason = models.CharField(
        max_length=500,
        blank=True,
        default="",
        db_default="",
        help_text="Why an officer undid an automatic join",
    )

    def __str__(self) -> str:
        return f"Merge {self.pk}"

    @property
    def automatic(self) -> bool:
        """Made by intake's linkage, not by an officer from the review queue."""
        return self.merged_by_id is None and self.candidate_id is None
