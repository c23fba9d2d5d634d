"""Assessments of a case: needs (first and exit), protection needs, domestic abuse risk.

Question wording is versioned data (`Questionnaire`, `Question`): a hub can reword a
question in a new version; answers keep pointing at the version they answered.
"""

from django.conf import settings
from django.db import models

from victimcare.assessments.rules import NEED_CATEGORIES, NEED_LEVELS, RISK_LEVELS
from victimcare.cases.models import Case
from victimcare.core.fields import EncryptedTextField


class QuestionnaireKind(models.TextChoices):
    NEEDS = "needs", "Common needs assessment"
    RISK = "risk", "Domestic abuse risk checklist"


class Questionnaire(models.Model):
    kind = models.CharField(max_length=10, choices=QuestionnaireKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    current = models.BooleanField(default=False, help_text="New assessments use this version")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="questionnaire_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(current=True), name="one_current_questionnaire"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="questions"
    )
    code = models.CharField(max_length=30, help_text="Stable across versions, e.g. health, q7")
    text = models.CharField(max_length=400)
    hint = models.CharField(max_length=400, blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="question_code")
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} {self.code}"


class NeedsStage(models.TextChoices):
    FIRST = "first", "First assessment"
    EXIT = "exit", "Exit assessment"


class NeedsAssessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="needs_assessments")
    stage = models.CharField(max_length=5, choices=NeedsStage.choices)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["taken_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "stage"], name="one_needs_assessment_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} of case {self.case_id}"

    @property
    def levels(self) -> dict[str, str]:
        return {answer.category: answer.level for answer in self.answers.all()}


class NeedsAnswer(models.Model):
    assessment = models.ForeignKey(
        NeedsAssessment, on_delete=models.CASCADE, related_name="answers"
    )
    category = models.CharField(max_length=20, choices=NEED_CATEGORIES)
    level = models.CharField(max_length=6, choices=NEED_LEVELS)
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "category"], name="one_answer_per_need")
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.level}"


class RiskAssessment(models.Model):
    """A domestic abuse risk checklist: answers, the scored level, judgement, MARAC."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_assessments")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(help_text="{question code: yes | no | not_known}")
    yes_count = models.PositiveSmallIntegerField()
    scored_level = models.CharField(max_length=8, choices=RISK_LEVELS)
    judgement_level = models.CharField(max_length=8, choices=RISK_LEVELS, blank=True)
    judgement_reason = EncryptedTextField(blank=True)
    level = models.CharField(max_length=8, choices=RISK_LEVELS)
    incidents_12_months = models.PositiveSmallIntegerField()
    marac_reasons = models.JSONField(default=list)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_at", "id"]

    def __str__(self) -> str:
        return f"Risk checklist {self.pk}: {self.level}"


class ProtectionAssessment(models.Model):
    """The individual assessment of protection needs, with special measures to ask for."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="protection_assessments")
    yes_to = models.JSONField(default=list, help_text="Codes of the questions answered yes")
    at_risk = models.BooleanField()
    special_measures = models.JSONField(default=list)
    notes = EncryptedTextField(blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_at", "id"]

    def __str__(self) -> str:
        return f"Protection needs {self.pk}"
