"""Safeguarding referrals the hub made for a victim (or someone in their household): to whom,
when, their reference, what came of it, and when to chase it (ADR 53)."""

from django.conf import settings
from django.db import models

from victimcare.cases.models.case import Case
from victimcare.cases.models.tasks import CaseTask
from victimcare.core.fields import EncryptedTextField


class SafeguardingAgency(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    MARAC = "marac", "MARAC (multi-agency risk assessment conference)"
    POLICE = "police", "Police"
    OTHER = "other", "Another agency"


class SafeguardingReferral(models.Model):
    """One referral made to a safeguarding agency. The outcome is added when it is known;
    a follow-up date puts (or moves) a task on the named officer's list."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="safeguarding_referrals")
    agency = models.CharField(max_length=30, choices=SafeguardingAgency.choices)
    agency_other = models.CharField(
        max_length=100, blank=True, help_text="The agency's name, when it is another agency"
    )
    made_on = models.DateField()
    their_reference = models.CharField(max_length=60, blank=True)
    outcome = EncryptedTextField(blank=True, help_text="What came of it (encrypted)")
    follow_up_on = models.DateField(null=True, blank=True)
    follow_up_task = models.ForeignKey(
        CaseTask, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["made_on", "id"]

    def __str__(self) -> str:
        return f"Safeguarding referral {self.pk} ({self.agency})"

    @property
    def agency_name(self) -> str:
        if self.agency == SafeguardingAgency.OTHER and self.agency_other:
            return self.agency_other
        return str(SafeguardingAgency(self.agency).label)
