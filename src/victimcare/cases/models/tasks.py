"""Tasks and Victims' Code duties on a case."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from victimcare.cases.models.case import Case
from victimcare.core.fields import EncryptedTextField


class TaskKind(models.TextChoices):
    MARAC_REFERRAL = "marac_referral", "Refer to the MARAC"
    CHILD_SAFEGUARDING = "child_safeguarding", "Consider a child safeguarding referral"
    ADULT_SAFEGUARDING = "adult_safeguarding", "Consider an adult safeguarding referral"
    SAFEGUARDING_FOLLOW_UP = "sg_follow_up", "Follow up a safeguarding referral"
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
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_tasks",
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = EncryptedTextField(blank=True, help_text="What was done (encrypted)")
    created_at = models.DateTimeField(auto_now_add=True)
    code_area = models.CharField(
        max_length=20,
        choices=CodeAreaChoice.choices,
        blank=True,
        help_text="The compliance return area this Victims' Code duty counts in",
    )
    reason = models.CharField(max_length=300, blank=True, help_text="Why and by when (the Code)")
    source_event = models.ForeignKey(
        "justice.JusticeEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duties",
    )
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
