"""The outbox: every message that leaves the hub is a row first, sent after commit.

A message is written in the same transaction as the change that causes it, so a rolled
back change sends nothing; the worker sends it after commit, and its idempotency key
means a retry never sends a second copy to a receiver that honours it.
"""

import uuid

from django.db import models


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (will retry)"
    GAVE_UP = "gave_up", "Failed (needs a person)"


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

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} message {self.pk} ({self.status})"
