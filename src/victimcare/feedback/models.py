"""Satisfaction (once per case, by a single-use link) and complaints (Victims' Code right 12)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from victimcare.cases.models import Case
from victimcare.core.fields import EncryptedCharField, EncryptedTextField
from victimcare.core.states import StateMachine, refused_with, table


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SurveyInvitation(models.Model):
    """The single-use link a victim gets when their case closes."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="survey_invitation")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Survey invitation for case {self.case_id}"


SCALE = (
    ("5", _("Very satisfied")),
    ("4", _("Satisfied")),
    ("3", _("Neither satisfied nor dissatisfied")),
    ("2", _("Dissatisfied")),
    ("1", _("Very dissatisfied")),
)


class SurveyResponse(models.Model):
    """The four measures of docs/domain.md §7, 1 (very dissatisfied) to 5 (very satisfied)."""

    invitation = models.OneToOneField(
        SurveyInvitation, on_delete=models.CASCADE, related_name="response"
    )
    treated_with_respect = models.PositiveSmallIntegerField()
    support_as_agreed = models.PositiveSmallIntegerField()
    coordinated_and_effective = models.PositiveSmallIntegerField()
    overall = models.PositiveSmallIntegerField()
    comments = EncryptedTextField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Survey response {self.pk}"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


COMPLAINT_STATES = StateMachine(
    states=ComplaintStatus,
    moves=table({ComplaintStatus.OPEN: [ComplaintStatus.RESOLVED], ComplaintStatus.RESOLVED: []}),
    refusal=refused_with("This complaint is already resolved"),
)


class Complaint(models.Model):
    """A complaint about the service: recorded, acknowledged, answered by a deadline."""

    reference = models.CharField(max_length=16, unique=True)
    name = EncryptedCharField(max_length=200)
    email = EncryptedCharField(max_length=254, blank=True)
    phone = EncryptedCharField(max_length=40, blank=True)
    case_reference = models.CharField(max_length=16, blank=True)
    about = EncryptedTextField()
    received_at = models.DateTimeField(auto_now_add=True)
    respond_by = models.DateField()
    status = models.CharField(
        max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN
    )
    response = EncryptedTextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["status", "respond_by", "id"]

    def __str__(self) -> str:
        return self.reference


class TrackingCode(models.Model):
    """A one-time code for a victim to follow their case. Made for every request, matched
    or not, so that both take the same work; only a matched one names a case."""

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Tracking code {self.pk}"


class CaseMessage(models.Model):
    """A secure message between the victim (through Track my case) and their officer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    from_victim = models.BooleanField()
    text = EncryptedTextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"Message {self.pk}"
