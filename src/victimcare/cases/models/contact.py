"""Contact attempts and case notes."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from victimcare.cases.models.case import Case
from victimcare.core.fields import EncryptedTextField
from victimcare.people.models import ContactChannel


class ContactOutcome(models.TextChoices):
    SPOKE = "spoke", "Spoke to the victim"
    NO_ANSWER = "no_answer", "No answer"
    VOICEMAIL = "voicemail", "Left a voicemail"
    MESSAGE_SENT = "message_sent", "Sent a message (text, email or letter)"
    WRONG_DETAILS = "wrong_details", "Wrong number or address"
    UNSAFE = "unsafe", "Someone else answered: ended safely"


SUCCESSFUL_OUTCOMES = frozenset({ContactOutcome.SPOKE})


class ContactAttempt(models.Model):
    """One try at reaching the victim, with how it went."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contact_attempts")
    channel = models.CharField(max_length=10, choices=ContactChannel.choices)
    outcome = models.CharField(max_length=15, choices=ContactOutcome.choices)
    notes = EncryptedTextField(blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return f"Contact attempt {self.pk}"

    @property
    def succeeded(self) -> bool:
        return self.outcome in SUCCESSFUL_OUTCOMES


class CaseNote(models.Model):
    """A free-text note on the case, encrypted at rest."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField()
    shared_with_victim = models.BooleanField(
        default=False, help_text="Shown to the victim as an update when they follow their case"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk}"
