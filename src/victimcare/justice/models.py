"""The justice journey: events from the police and courts, and what the hub does with them.

Duties themselves are case tasks (cases.CaseTask with a code area or a source event), so
they sit on the officer's task list with every other task.
"""

from django.conf import settings
from django.db import models

from victimcare.cases.models import Case
from victimcare.core.fields import EncryptedTextField
from victimcare.core.states import StateMachine, refused_with, table
from victimcare.justice.feed import EVENTS
from victimcare.justice.rules import EVENT_LABELS

EVENT_CHOICES = [(event, EVENT_LABELS[event].capitalize()) for event in EVENTS]


class JusticeEvent(models.Model):
    """One row of the justice update feed. (source, crime, victim, event, event_at) is its
    identity: sending it again changes nothing and never brings a second set of duties."""

    source = models.CharField(max_length=80)
    crime_reference = models.CharField(max_length=60)
    victim_reference = models.CharField(
        max_length=60, blank=True, help_text="Blank: every victim of the crime"
    )
    event = models.CharField(max_length=30, choices=EVENT_CHOICES)
    event_at = models.DateTimeField()
    court = models.CharField(max_length=200, blank=True)
    hearing_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=300, blank=True)
    custodial_months = models.PositiveSmallIntegerField(null=True, blank=True)
    hospital_order = models.BooleanField(null=True)
    details = EncryptedTextField(blank=True, help_text="For the officer (encrypted)")
    unknown_columns = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cases: "models.ManyToManyField[Case, CaseJusticeEvent]" = models.ManyToManyField(
        Case, through="CaseJusticeEvent", related_name="justice_events"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "crime_reference", "victim_reference", "event", "event_at"],
                name="justice_event_feed_key",
            )
        ]
        indexes = [models.Index(fields=["source", "crime_reference"])]
        ordering = ["event_at", "id"]

    def __str__(self) -> str:
        return f"Justice event {self.pk}: {self.event}"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self.event]


class CaseJusticeEvent(models.Model):
    """An event as it applies to one victim's case. `shareable`: the victim may read it on
    Track my case (at once for most events; for sensitive ones once an officer approves)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_events")
    event = models.ForeignKey(JusticeEvent, on_delete=models.CASCADE, related_name="case_links")
    shareable = models.BooleanField(default=False)
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "event"], name="one_link_per_case_event")
        ]

    def __str__(self) -> str:
        return f"Case {self.case_id} event {self.event_id}"


class ReviewDecision(models.TextChoices):
    PENDING = "", "Not decided yet"
    UPHELD = "upheld", "Decision upheld (no further action stands)"
    REVERSED = "reversed", "Decision reversed (the investigation reopens)"


class RightToReview(models.Model):
    """Police Right to Review after no further action: the window, the request, the decision."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    event = models.ForeignKey(JusticeEvent, on_delete=models.PROTECT, related_name="+")
    window_closes_on = models.DateField()
    requested_on = models.DateField(null=True, blank=True)
    decision = models.CharField(
        max_length=10, choices=ReviewDecision.choices, blank=True, default=ReviewDecision.PENDING
    )
    decided_on = models.DateField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "event"], name="one_review_per_case_event")
        ]

    def __str__(self) -> str:
        return f"Right to Review {self.pk}"


class StatementChoice(models.TextChoices):
    NOT_OFFERED = "not_offered", "Not offered yet"
    OFFERED = "offered", "Offered, the victim is deciding"
    MADE = "made", "Made"
    DECLINED = "declined", "Declined"


class SpecialMeasuresChoice(models.TextChoices):
    NOT_CONSIDERED = "not_considered", "Not considered yet"
    NOT_NEEDED = "not_needed", "Not needed"
    APPLIED_FOR = "applied_for", "Applied for"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused by the court"


class VisitChoice(models.TextChoices):
    NOT_OFFERED = "not_offered", "Not offered yet"
    OFFERED = "offered", "Offered"
    ATTENDED = "attended", "Attended"
    DECLINED = "declined", "Declined"


class CourtSupport(models.Model):
    """The victim's court journey: statement, special measures, visit, Witness Service."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="court_support")
    personal_statement = models.CharField(
        max_length=12, choices=StatementChoice.choices, default=StatementChoice.NOT_OFFERED
    )
    special_measures = models.CharField(
        max_length=15,
        choices=SpecialMeasuresChoice.choices,
        default=SpecialMeasuresChoice.NOT_CONSIDERED,
    )
    pre_trial_visit = models.CharField(
        max_length=12, choices=VisitChoice.choices, default=VisitChoice.NOT_OFFERED
    )
    witness_service_referred = models.BooleanField(default=False)
    vcs_referred = models.BooleanField(default=False, help_text="Victim Contact Scheme")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Court support for case {self.case_id}"


class RestorativeStatus(models.TextChoices):
    REQUESTED = "requested", "Requested by the victim"
    INFORMED = "informed", "Information given"
    ASSESSED = "assessed", "Suitability and safety assessed"
    OFFENDER_ASKED = "offender_asked", "Offender's consent recorded"
    FACILITATED = "facilitated", "Facilitator assigned"
    FINISHED = "finished", "Finished"
    NOT_PROCEEDING = "not_proceeding", "Not going ahead"


# The only moves a restorative justice referral may make (explicit states, docs/design.md).
_R = RestorativeStatus
RESTORATIVE_STATES = StateMachine(
    states=RestorativeStatus,
    moves=table(
        {
            _R.REQUESTED: [_R.INFORMED, _R.NOT_PROCEEDING],
            _R.INFORMED: [_R.ASSESSED, _R.NOT_PROCEEDING],
            _R.ASSESSED: [_R.OFFENDER_ASKED, _R.NOT_PROCEEDING],
            _R.OFFENDER_ASKED: [_R.FACILITATED, _R.NOT_PROCEEDING],
            _R.FACILITATED: [_R.FINISHED, _R.NOT_PROCEEDING],
            _R.FINISHED: [],
            _R.NOT_PROCEEDING: [],
        }
    ),
    refusal=refused_with("A referral that is '{current}' cannot move to '{target}'"),
)


class RestorativeJustice(models.Model):
    """A victim-initiated restorative justice referral, step by step."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="restorative")
    status = models.CharField(
        max_length=15, choices=RestorativeStatus.choices, default=RestorativeStatus.REQUESTED
    )
    requested_on = models.DateField()
    suitable = models.BooleanField(null=True, help_text="Suitable and safe to go ahead")
    assessment_notes = EncryptedTextField(blank=True)
    offender_consent = models.BooleanField(null=True)
    facilitator = models.CharField(max_length=200, blank=True)
    outcome = EncryptedTextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Restorative justice {self.pk}"
