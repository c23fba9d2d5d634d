"""Data protection operations: sharing agreements, retention, legal holds, disposal, rights.

docs/domain.md §9: sharing with a partner needs a data sharing agreement; retention periods are
set per record type and disposal is logged; subject access is answered within a month.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from victimcare.accounts.models import Organisation
from victimcare.core.states import StateMachine, refused_with, table
from victimcare.people.models import Person
from victimcare.referrals.models import LawfulBasis, PeerHub


class DataSharingAgreement(models.Model):
    """An agreement that lets the hub share victims' details with one organisation or hub."""

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sharing_agreements",
        help_text="A partner organisation (support provider, police force)",
    )
    peer_hub = models.ForeignKey(
        PeerHub,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sharing_agreements",
        help_text="Or another area's victim care hub (out-of-area transfers)",
    )
    reference = models.CharField(max_length=60, help_text="The agreement's own reference")
    purpose = models.TextField(help_text="What may be shared, and why")
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Leave empty if open-ended")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, peer_hub__isnull=True)
                    | Q(organisation__isnull=True, peer_hub__isnull=False)
                ),
                name="dsa_one_party",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} with {self.organisation or self.peer_hub}"

    @property
    def party(self) -> str:
        return str(self.organisation or self.peer_hub)

    def in_force_on(self, day: datetime.date) -> bool:
        return (
            self.revoked_at is None
            and self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
        )


class RecordType(models.TextChoices):
    CLOSED_CASE = "closed_case", "Closed cases (with their referral and person if nothing else)"
    RECORDED_ONLY_REFERRAL = (
        "recorded_only_referral",
        "Referrals never worked (recorded only, declined, transferred out)",
    )
    IMPORT_REPORT = "import_report", "Import reports and their rejected rows"


class RetentionRule(models.Model):
    """How long one type of record is kept after its trigger (closure, receipt, writing)."""

    record_type = models.CharField(max_length=30, choices=RecordType.choices, unique=True)
    keep_for_months = models.PositiveIntegerField()
    basis = models.CharField(
        max_length=300, help_text="Why this period, e.g. the retention schedule it follows"
    )

    class Meta:
        ordering = ["record_type"]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.keep_for_months} months"


class LegalHold(models.Model):
    """Keeps everything about a person past retention (litigation, inquiry, complaint)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.CharField(max_length=300)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Legal hold {self.pk} on person {self.person_id}"


class DisposalLogEntry(models.Model):
    """One record disposed of under a retention rule (append-only, no personal data)."""

    disposed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    record_type = models.CharField(max_length=30, choices=RecordType.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    rule = models.CharField(max_length=200, help_text="The rule and period applied")
    actor_label = models.CharField(max_length=120)

    class Meta:
        ordering = ["-disposed_at", "-id"]
        verbose_name_plural = "disposal log entries"

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id} disposed"


class RightsRequestKind(models.TextChoices):
    ACCESS = "access", "Subject access"
    ERASURE = "erasure", "Erasure"


class RightsRequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETED = "completed", "Completed"
    REFUSED = "refused", "Refused"


# A request is answered (completed) or refused once; a closed request stays closed.
RIGHTS_REQUEST_STATES = StateMachine(
    states=RightsRequestStatus,
    moves=table(
        {
            RightsRequestStatus.OPEN: [RightsRequestStatus.COMPLETED, RightsRequestStatus.REFUSED],
            RightsRequestStatus.COMPLETED: [],
            RightsRequestStatus.REFUSED: [],
        }
    ),
    refusal=refused_with("This request is already closed"),
)


class RightsRequest(models.Model):
    """A victim's request to see (subject access) or erase what the hub holds about them."""

    kind = models.CharField(max_length=10, choices=RightsRequestKind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="rights_requests")
    received_on = models.DateField()
    due_on = models.DateField(help_text="One calendar month from receipt (UK GDPR art. 12(3))")
    status = models.CharField(
        max_length=10, choices=RightsRequestStatus.choices, default=RightsRequestStatus.OPEN
    )
    identity_checked = models.BooleanField(default=False)
    notes = models.CharField(max_length=500, blank=True, help_text="No personal data here")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request {self.pk}"
