"""The outbox: every message that leaves the hub is a row first, sent after commit.

A message is written in the same transaction as the change that causes it, so a rolled
back change sends nothing; the worker sends it after commit, and its idempotency key
means a retry never sends a second copy to a receiver that honours it.
"""

import uuid

from django.conf import settings
from django.db import models

from victimcare.core.fields import EncryptedTextField


class OutboxStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting", "Waiting for an officer to approve it"
    PENDING = "pending", "Waiting to send"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (will retry)"
    GAVE_UP = "gave_up", "Failed (needs a person)"
    NOT_SENT = "not_sent", "Not sent: no safe way to send it"
    WITHHELD = "withheld", "Withheld by an officer"


# Statuses a message never leaves.
FINAL_STATUSES = frozenset(
    {OutboxStatus.SENT, OutboxStatus.GAVE_UP, OutboxStatus.NOT_SENT, OutboxStatus.WITHHELD}
)


class OutboxMessage(models.Model):
    kind = models.CharField(max_length=40, help_text="e.g. transfer")
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    destination = models.CharField(max_length=300, help_text="Where it goes (URL, address)")
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    related_type = models.CharField(max_length=60, blank=True)
    related_id = models.CharField(max_length=40, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbox_messages",
        help_text="The victim's case, for its timeline",
    )
    channel = models.CharField(max_length=10, blank=True, help_text="email or sms, once sent")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker is sending it until then"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The officer who approved or withheld it",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    text = EncryptedTextField(
        null=True,
        blank=True,
        help_text="The words an officer approved, perhaps edited (encrypted); what is sent",
    )

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} message {self.pk} ({self.status})"
