"""Onward referrals: the victim referred on to a specialist service, with consent."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from victimcare.cases.models.case import Case
from victimcare.core.fields import EncryptedTextField
from victimcare.core.states import Move, StateMachine, refused_with, table


class ShareGroup(models.TextChoices):
    """Parts of a case a victim may agree to share with a support service."""

    CONTACT = "contact", "Name and contact details"
    CRIME = "crime", "What happened: crime type, date and description"
    NEEDS = "needs", "Why we are referring, and the victim's needs"


class OnwardReferralStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Which onward-referral status may follow which, and who moves it (hub or service).
_O = OnwardReferralStatus
ONWARD_STATES = StateMachine(
    states=OnwardReferralStatus,
    moves=table(
        {
            _O.DRAFT: [Move(_O.SENT, by="hub"), Move(_O.WITHDRAWN, by="hub")],
            _O.SENT: [
                Move(_O.ACCEPTED, by="service"),
                Move(_O.DECLINED, by="service"),
                Move(_O.WITHDRAWN, by="hub"),
            ],
            _O.ACCEPTED: [
                Move(_O.IN_PROGRESS, by="service"),
                Move(_O.COMPLETED, by="service"),
                Move(_O.WITHDRAWN, by="hub"),
            ],
            _O.IN_PROGRESS: [Move(_O.COMPLETED, by="service"), Move(_O.WITHDRAWN, by="hub")],
            _O.DECLINED: [],
            _O.COMPLETED: [],
            _O.WITHDRAWN: [],
        }
    ),
    refusal=refused_with("A referral that is {current} cannot become {target}"),
)
# Statuses in which the receiving service works the referral and sees the shared parts.
PARTNER_VISIBLE = (
    OnwardReferralStatus.SENT,
    OnwardReferralStatus.ACCEPTED,
    OnwardReferralStatus.IN_PROGRESS,
    OnwardReferralStatus.COMPLETED,
)


class OnwardReferral(models.Model):
    """A referral from the hub to a specialist service, made with the victim's consent.

    The receiving service's staff see only the parts the victim agreed to share.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="onward_referrals")
    service = models.ForeignKey(
        "directory.Service", on_delete=models.PROTECT, related_name="onward_referrals"
    )
    status = models.CharField(
        max_length=12, choices=OnwardReferralStatus.choices, default=OnwardReferralStatus.SENT
    )
    consent_given = models.BooleanField(help_text="The victim agreed to this referral")
    shared = models.JSONField(default=list, help_text="ShareGroup codes the victim agreed to")
    reason = EncryptedTextField(blank=True, help_text="Why we are referring (encrypted)")
    agreement = models.ForeignKey(
        "dataprotection.DataSharingAgreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agreement the disclosure rests on; empty for the hub's own services",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    declined_reason = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Onward referral {self.pk}"

    def shares(self, group: str) -> bool:
        return group in self.shared
