"""Trained linkage models: each training stores a new version; the newest is in use."""

from django.db import models


class LinkageModel(models.Model):
    version = models.PositiveIntegerField(unique=True)
    model = models.JSONField(help_text="Splink's model: comparisons with trained m and u")
    people = models.PositiveIntegerField(help_text="People it was trained on")
    trained_at = models.DateTimeField(auto_now_add=True)
    trained_by = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Linkage model version {self.version}"
