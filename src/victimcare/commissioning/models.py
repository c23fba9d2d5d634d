"""The commissioner's registry: funding, contracts and grants (lots), their key performance
indicators, the commissioning cycle, consultations, and returns from providers.

Money is held in whole pounds (Decimal, 2 places) exactly as entered."""

import datetime
import uuid

from django.conf import settings
from django.db import models

from victimcare.accounts.models import Organisation, Team


class FundingKind(models.TextChoices):
    MOJ_VICTIMS_GRANT = "moj_victims_grant", "Ministry of Justice victims grant"
    MOJ_CSA_GRANT = "moj_csa_grant", "Ministry of Justice child sexual abuse grant"
    PCC_CONTRIBUTION = "pcc_contribution", "Additional PCC contribution"
    NHS_ENGLAND = "nhs_england", "NHS England"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    OTHER = "other", "Other"


class FundingSource(models.Model):
    """Money for victim services in one financial year (April to March)."""

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The commissioner's office whose record this is",
    )
    year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts, e.g. 2018"
    )
    kind = models.CharField(max_length=20, choices=FundingKind.choices)
    name = models.CharField(max_length=200, help_text="As the commissioner names it")
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["year", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.year}/{(self.year + 1) % 100:02d}"


class Arrangement(models.TextChoices):
    CONTRACT = "contract", "Contract"
    GRANT = "grant", "Grant"
    IN_HOUSE = "in_house", "Delivered in-house"


class Lot(models.Model):
    """A contract or grant: what is bought, from whom, for how much a year, for how long."""

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The commissioner's office whose record this is",
    )
    name = models.CharField(max_length=200)
    provider = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="lots"
    )
    provider_name = models.CharField(
        max_length=200, blank=True, help_text="If the provider has no organisation in the hub"
    )
    service = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lots",
        help_text="The directory service it pays for (onward referrals)",
    )
    hub = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lots",
        help_text="The hub it pays for (the hub's own cases)",
    )
    arrangement = models.CharField(max_length=10, choices=Arrangement.choices)
    value_per_year = models.DecimalField(max_digits=12, decimal_places=2)
    starts_on = models.DateField()
    ends_on = models.DateField()
    initial_years = models.PositiveSmallIntegerField(default=3)
    extension_years = models.PositiveSmallIntegerField(default=0)
    in_scope = models.BooleanField(
        default=True, help_text="In scope for recommissioning (out of scope: paid separately)"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["-in_scope", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def term(self) -> str:
        years = f"{self.initial_years} year" + ("" if self.initial_years == 1 else "s")
        return f"{years} + {self.extension_years}" if self.extension_years else years

    @property
    def provider_label(self) -> str:
        return self.provider.name if self.provider else self.provider_name

    def runs_in(self, year: int) -> bool:
        """Whether the lot runs in any part of the financial year starting in April `year`."""
        return self.starts_on <= datetime.date(year + 1, 3, 31) and self.ends_on >= datetime.date(
            year, 4, 1
        )


class Measure(models.TextChoices):
    REFERRALS_RECEIVED = "referrals_received", "Referrals received"
    ACCEPTED_PERCENT = "accepted_percent", "Referrals accepted (%)"
    SUPPORTED = "supported", "Victims supported"
    WAIT_DAYS = "wait_days", "Average days to first contact (at most)"
    NEEDS_IMPROVED_PERCENT = "needs_improved_percent", "Closed cases with a need improved (%)"
    SATISFIED_PERCENT = "satisfied_percent", "Satisfied overall (%)"


class KeyPerformanceIndicator(models.Model):
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="kpis")
    measure = models.CharField(max_length=30, choices=Measure.choices)
    target = models.DecimalField(max_digits=10, decimal_places=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lot", "measure"], name="one_kpi_a_measure")]

    def __str__(self) -> str:
        return f"{self.lot}: {self.get_measure_display()}"


class Stage(models.TextChoices):
    NEEDS_ASSESSMENT = "needs_assessment", "Needs assessment"
    INTENTIONS = "intentions", "Commissioning intentions"
    ENGAGEMENT = "engagement", "Public engagement"
    SPECIFICATIONS = "specifications", "Specifications"
    TENDER = "tender", "Tender"
    EVALUATION = "evaluation", "Evaluation"
    AWARD = "award", "Award"
    IMPLEMENTATION = "implementation", "Implementation"
    SERVICE_START = "service_start", "Service start"
    MONITORING = "monitoring", "Monitoring"


class Exercise(models.Model):
    """One recommissioning exercise, through the stages of the commissioning cycle."""

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The commissioner's office whose record this is",
    )
    name = models.CharField(max_length=200)
    lots = models.ManyToManyField(Lot, blank=True, related_name="exercises")

    def __str__(self) -> str:
        return self.name


class ExerciseStage(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    planned_on = models.DateField(null=True, blank=True)
    actual_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exercise", "stage"], name="one_row_a_stage")
        ]

    def __str__(self) -> str:
        return f"{self.exercise}: {self.get_stage_display()}"


class Consultation(models.Model):
    """Questions the commissioner puts to the public, answered on the portal until closing."""

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The commissioner's office whose record this is",
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    title_cy = models.CharField("Title in Welsh", max_length=200, blank=True)
    introduction = models.TextField()
    introduction_cy = models.TextField("Introduction in Welsh", blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField(help_text="The last day answers are taken")
    published = models.BooleanField(default=False)
    themes = models.JSONField(default=list, blank=True, help_text="Themes to tag answers with")
    exercise = models.ForeignKey(
        Exercise, null=True, blank=True, on_delete=models.SET_NULL, related_name="consultations"
    )

    class Meta:
        ordering = ["-opens_on"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today: datetime.date) -> bool:
        return self.published and self.opens_on <= today <= self.closes_on


class ConsultationQuestion(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500)
    text_cy = models.CharField("Question in Welsh", max_length=500, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class ConsultationResponse(models.Model):
    """One member of the public's answers: no account, no name asked."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    answers = models.JSONField(help_text="{question id: answer}")
    themes = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"Response {self.pk}"


class ProviderReturn(models.Model):
    """A quarter's figures from a provider that works outside the hub (CSV upload)."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="returns")
    quarter = models.CharField(max_length=7, help_text="e.g. 2026-Q3 (financial year quarter)")
    referrals_received = models.PositiveIntegerField()
    accepted = models.PositiveIntegerField()
    declined = models.PositiveIntegerField()
    supported = models.PositiveIntegerField()
    closed = models.PositiveIntegerField()
    average_wait_days = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lot", "quarter"], name="one_return_a_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.lot} {self.quarter}"
