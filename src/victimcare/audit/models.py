"""Append-only records of what changed (AuditEvent) and who read what (AccessLogEntry).

Neither row ever carries personal data in clear: records are named by type and id.
"""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One change, written inside the transaction of the service that made it."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(
        max_length=80, db_index=True, help_text="Namespaced, e.g. case.opened"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(
        max_length=120, blank=True, help_text="For system actors, e.g. import_referrals"
    )
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"


class AccessLogEntry(models.Model):
    """One read of victim data (DPA 2018 s.62 consultation log)."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(
        max_length=120, blank=True, help_text="Who read it outside the web, e.g. a command"
    )
    route = models.CharField(max_length=200)
    object_type = models.CharField(max_length=60)
    object_ids = models.JSONField(default=list)
    people = models.TextField(
        blank=True, default="", help_text="Ids of the people whose data was read, as ,1,2,"
    )
    justification = models.TextField(blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "access log entries"

    def __str__(self) -> str:
        return f"{self.user_id} read {self.object_type} {self.object_ids}"


class DisclosureEntry(models.Model):
    """One disclosure of victim data outside the hub (DPA 2018 s.62): to whom, what, why."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=120, blank=True)
    recipient = models.CharField(max_length=200)
    route = models.CharField(max_length=80, help_text="e.g. transfer, manual transfer package")
    object_type = models.CharField(max_length=60)
    object_ids = models.JSONField(default=list)
    people = models.TextField(
        blank=True, default="", help_text="Ids of the people whose data was disclosed, as ,1,2,"
    )
    lawful_basis = models.CharField(max_length=200)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "disclosure log entries"

    def __str__(self) -> str:
        return f"{self.route} to {self.recipient}"
