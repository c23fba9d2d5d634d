"""Outcomes recorded at closure, and the victim's support goals."""

from django.conf import settings
from django.db import models

from victimcare.cases.models.case import Case
from victimcare.core.fields import EncryptedTextField
from victimcare.directory.needs import NEED_CATEGORIES


class OutcomeArea(models.TextChoices):
    HEALTH = "health_wellbeing", "Improved health and well-being"
    SAFETY = "safety", "Increased safety and perception of safety"
    REINTEGRATION = (
        "reintegration",
        "Re-integration (work, education, housing, money, relationships)",
    )
    INFORMED = "informed", "Feeling informed"
    CJS_EXPERIENCE = "cjs_experience", "Improved experience of the criminal justice system"


class OutcomeResult(models.TextChoices):
    IMPROVED = "improved", "Improved"
    NOT_IMPROVED = "not_improved", "Not improved"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class CaseOutcome(models.Model):
    """The result in one MoJ outcome area, recorded at closure."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    area = models.CharField(max_length=20, choices=OutcomeArea.choices)
    result = models.CharField(max_length=15, choices=OutcomeResult.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "area"], name="one_outcome_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.result}"


class GoalStatus(models.TextChoices):
    OPEN = "open", "Working on it"
    ACHIEVED = "achieved", "Achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"


class SupportGoal(models.Model):
    """One goal of the support plan, against one need category."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    category = models.CharField(max_length=20, choices=NEED_CATEGORIES)
    goal = EncryptedTextField()
    status = models.CharField(max_length=12, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["set_at", "id"]

    def __str__(self) -> str:
        return f"Goal {self.pk}"
