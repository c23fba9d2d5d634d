"""Cases: the hub's work with one victim for one referral, its status and its transitions."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from victimcare.accounts.models import Team
from victimcare.core.fields import EncryptedCharField, EncryptedTextField
from victimcare.core.references import reference_characters
from victimcare.people.models import ContactChannel, Person
from victimcare.referrals.models import AutoReferralChoice, LawfulBasis, Referral, VictimDetails


def new_case_reference() -> str:
    """A reference a victim can quote: unguessable, e.g. VC-7K3MP-9QXDT.

    50 random bits: across a million cases the chance that any two collide is under 1 in
    2,000; the unique constraint refuses a collision, and the intake then saves that
    batch's items one by one, each with a fresh reference.
    """
    chars = reference_characters()
    return f"VC-{chars[:5]}-{chars[5:]}"


class CaseStatus(models.TextChoices):
    NEW = "new", "New"
    CONTACTING = "contacting", "Contacting"
    ASSESSED = "assessed", "Assessed"
    SUPPORTED = "supported", "Supported"
    CLOSING = "closing", "Closing"
    CLOSED = "closed", "Closed"
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"
    DECLINED_SUPPORT = "declined_support", "Declined support"
    TRANSFERRED_OUT = "transferred_out", "Transferred out"
    # The referral was about someone other than this victim (ADR 71): nothing more is sent.
    SENT_IN_ERROR = "sent_in_error", "Sent in error"
    REOPENED = "reopened", "Reopened"


# Statuses in which an officer is still working the case (their caseload).
OPEN_STATUSES = tuple(
    status
    for status in CaseStatus
    if status
    not in {
        CaseStatus.CLOSED,
        CaseStatus.UNABLE_TO_CONTACT,
        CaseStatus.DECLINED_SUPPORT,
        CaseStatus.TRANSFERRED_OUT,
        CaseStatus.SENT_IN_ERROR,
    }
)


class ClosureReason(models.TextChoices):
    SUPPORT_COMPLETE = "support_complete", "Support complete: needs met"
    VICTIM_ENDED = "victim_ended", "The victim asked to end support"
    MOVED_AWAY = "moved_away", "The victim moved out of the area"
    REFERRED_ON = "referred_on", "Now supported by a specialist service"
    NO_CONTACT = "no_contact", "Contact lost"
    DECLINED = "declined_support", "The victim declined support"


class Case(models.Model):
    reference = models.CharField(max_length=16, unique=True, default=new_case_reference)
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="case")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    # Looked up by the two indexes that start with it (Meta): no index of its own (ADR 70).
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text="The victim's named point of contact",
    )
    allocation_reason = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    contact_deadline = models.DateField(help_text="Victims' Code deadline for first contact")
    contact_deadline_reason = models.CharField(max_length=300)
    lawful_basis = models.CharField(
        max_length=30, choices=LawfulBasis.choices, default=LawfulBasis.PUBLIC_TASK
    )
    # The referral's automatic-referral route, copied so that the triage queue's lists and
    # counts read the case index alone (cases.services.cases_triage_sync keeps it equal).
    triage = models.CharField(
        max_length=20, choices=AutoReferralChoice.choices, blank=True, editable=False
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the case was last closed; retention runs from here"
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by each change, so a stale edit is refused, not applied"
    )
    # Safe contact: what the victim agreed. Enforced for every contact attempt and message.
    agreed_channel = models.CharField(
        max_length=10,
        choices=ContactChannel.choices,
        blank=True,
        help_text="Contact only this way, if set",
    )
    no_voicemail = models.BooleanField(default=False, help_text="Never leave a voicemail")
    no_sms = models.BooleanField(default=False, help_text="Never send a text message")
    safe_times = EncryptedCharField(
        max_length=200, blank=True, help_text="When it is safe to call, e.g. weekdays 10-12"
    )
    children_in_household = models.BooleanField(null=True)
    adult_at_risk = models.BooleanField(
        null=True, help_text="The victim or someone in the household is an adult at risk"
    )
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)
    # Change history is read by case (`id`) and erased by person; the other columns the
    # case table indexes are not looked up in its history, so they are not indexed there
    # (ADR 65: an index less for every history row intake writes).
    history = HistoricalRecords(no_db_index=["team", "reference", "referral", "officer"])

    class Meta:
        indexes = [
            models.Index(fields=["team", "status", "contact_deadline"]),
            models.Index(fields=["team", "status", "triage"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def victim(self) -> VictimDetails:
        """The victim's details as this case's referral gave them: the ones the case uses to
        contact the victim and to apply its safe-contact rules (ADR 38), whoever else
        repeat-victim linkage found them to be."""
        return self.referral.victim


class CaseTransition(models.Model):
    """One change of a case's status: who, when, from what, to what, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    reason = EncryptedTextField(help_text="Why (encrypted: it may describe the victim)")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=120, blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} → {self.to_status}"
