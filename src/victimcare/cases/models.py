"""Cases: the hub's work with one victim for one referral."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from victimcare.accounts.models import Team
from victimcare.assessments.rules import NEED_CATEGORIES
from victimcare.core.fields import EncryptedCharField, EncryptedTextField
from victimcare.people.models import ContactChannel, Person
from victimcare.referrals.models import AutoReferralChoice, LawfulBasis, Referral, VictimDetails

# Letters and digits that cannot be misread for one another when read aloud or typed.
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_case_reference() -> str:
    """A reference a victim can quote: unguessable, e.g. VC-7K3MP-9QXDT.

    50 random bits: across a million cases the chance that any two collide is under 1 in
    2,000; the unique constraint refuses a collision, and the intake then saves that
    batch's items one by one, each with a fresh reference.
    """
    chars = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(10))
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
    }
)


class ClosureReason(models.TextChoices):
    SUPPORT_COMPLETE = "support_complete", "Support complete: needs met"
    VICTIM_ENDED = "victim_ended", "The victim asked to end support"
    MOVED_AWAY = "moved_away", "The victim moved out of the area"
    REFERRED_ON = "referred_on", "Now supported by a specialist service"
    NO_CONTACT = "no_contact", "Contact lost"


class Case(models.Model):
    reference = models.CharField(max_length=16, unique=True, default=new_case_reference)
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="case")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
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
        max_length=10, choices=ContactChannel.choices, blank=True,
        help_text="Contact only this way, if set",
    )  # fmt: skip
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
    history = HistoricalRecords()

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
        contact the victim and to apply its safe-contact rules (ADR 31), whoever else
        repeat-victim linkage found them to be."""
        return self.referral.victim


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
ONWARD_TRANSITIONS: dict[str, dict[str, str]] = {
    OnwardReferralStatus.DRAFT: {
        OnwardReferralStatus.SENT: "hub",
        OnwardReferralStatus.WITHDRAWN: "hub",
    },
    OnwardReferralStatus.SENT: {
        OnwardReferralStatus.ACCEPTED: "service",
        OnwardReferralStatus.DECLINED: "service",
        OnwardReferralStatus.WITHDRAWN: "hub",
    },
    OnwardReferralStatus.ACCEPTED: {
        OnwardReferralStatus.IN_PROGRESS: "service",
        OnwardReferralStatus.COMPLETED: "service",
        OnwardReferralStatus.WITHDRAWN: "hub",
    },
    OnwardReferralStatus.IN_PROGRESS: {
        OnwardReferralStatus.COMPLETED: "service",
        OnwardReferralStatus.WITHDRAWN: "hub",
    },
    OnwardReferralStatus.DECLINED: {},
    OnwardReferralStatus.COMPLETED: {},
    OnwardReferralStatus.WITHDRAWN: {},
}
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


class TaskKind(models.TextChoices):
    MARAC_REFERRAL = "marac_referral", "Refer to the MARAC"
    CHILD_SAFEGUARDING = "child_safeguarding", "Consider a child safeguarding referral"
    ADULT_SAFEGUARDING = "adult_safeguarding", "Consider an adult safeguarding referral"
    FOLLOW_UP = "follow_up", "Follow up"
    LETTER = "letter", "Write to the victim"
    REPLY_TO_MESSAGE = "reply_message", "Reply to the victim's message"
    # Victims' Code duties of the justice journey (justice/rules.py DutyKind).
    TELL_VICTIM = "tell_victim", "Tell the victim about their case"
    INVESTIGATION_UPDATE = "investigation_update", "Monthly investigation update"
    VPS_OFFER = "vps_offer", "Offer a Victim Personal Statement"
    SPECIAL_MEASURES = "special_measures", "Consider special measures"
    WITNESS_SERVICE = "witness_service", "Refer to the Witness Service"
    PRE_TRIAL_VISIT = "pre_trial_visit", "Offer a pre-trial court visit"
    HEARING_REMINDER = "hearing_reminder", "Remind the victim of a hearing"
    VCS_REFERRAL = "vcs_referral", "Refer to the Victim Contact Scheme"
    RELEASE_NOTICE = "release_notice", "Advance notice of an offender's release"
    REVIEW_ACKNOWLEDGE = "rtr_acknowledge", "Acknowledge a Right to Review request"
    REVIEW_DECISION = "rtr_decision", "Tell the victim the review decision"
    RJ_INFORMATION = "rj_information", "Give information about restorative justice"


class CodeAreaChoice(models.TextChoices):
    """The five areas of the MoJ Code compliance return (justice/rules.py CodeArea)."""

    ACKNOWLEDGEMENT = "acknowledgement", "Written acknowledgement of the crime report"
    REFERRAL = "referral_to_support", "Referral to support services"
    UPDATES = "timely_updates", "Timely updates on the case"
    VPS = "vps_offer", "Offer of a Victim Personal Statement"
    RELEASE = "release_notice", "Advance notice of an offender's release"


class CaseTask(models.Model):
    """Something an officer must do on a case by a date; it stays until done.

    A Victims' Code duty is a task with a `code_area` (or one from a justice event): done
    on or before `due_on` is met, done later is met late, not done after it is overdue. A
    duty that is no longer owed (the investigation ended) is `ended`, with the reason
    shown, never deleted.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=20, choices=TaskKind.choices)
    title = models.CharField(max_length=300)
    due_on = models.DateField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="case_tasks",
    )  # fmt: skip
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = EncryptedTextField(blank=True, help_text="What was done (encrypted)")
    created_at = models.DateTimeField(auto_now_add=True)
    code_area = models.CharField(
        max_length=20, choices=CodeAreaChoice.choices, blank=True,
        help_text="The compliance return area this Victims' Code duty counts in",
    )  # fmt: skip
    reason = models.CharField(max_length=300, blank=True, help_text="Why and by when (the Code)")
    source_event = models.ForeignKey(
        "justice.JusticeEvent", null=True, blank=True, on_delete=models.PROTECT,
        related_name="duties",
    )  # fmt: skip
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["assigned_to", "done_at", "due_on"]),
            models.Index(fields=["code_area", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"Task {self.pk}: {self.get_kind_display()}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_open(self) -> bool:
        return self.done_at is None and self.ended_at is None

    @property
    def met_late(self) -> bool:
        return self.done_at is not None and timezone.localdate(self.done_at) > self.due_on


class OutcomeArea(models.TextChoices):
    HEALTH = "health_wellbeing", "Improved health and well-being"
    SAFETY = "safety", "Increased safety and perception of safety"
    REINTEGRATION = (
        "reintegration",
        "Re-integration (work, education, housing, money, relationships)",
    )
    INFORMED = "informed", "Feeling informed"
    CJS_EXPERIENCE = "cjs_experience", "Improved experience of the criminal justice system"


class OutcomeResult(models.TextChoices):
    IMPROVED = "improved", "Improved"
    NOT_IMPROVED = "not_improved", "Not improved"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class CaseOutcome(models.Model):
    """The result in one MoJ outcome area, recorded at closure."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    area = models.CharField(max_length=20, choices=OutcomeArea.choices)
    result = models.CharField(max_length=15, choices=OutcomeResult.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "area"], name="one_outcome_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.result}"


class GoalStatus(models.TextChoices):
    OPEN = "open", "Working on it"
    ACHIEVED = "achieved", "Achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"


class SupportGoal(models.Model):
    """One goal of the support plan, against one need category."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    category = models.CharField(max_length=20, choices=NEED_CATEGORIES)
    goal = EncryptedTextField()
    status = models.CharField(max_length=12, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["set_at", "id"]

    def __str__(self) -> str:
        return f"Goal {self.pk}"
