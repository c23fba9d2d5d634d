from typing import Any

from django import forms

from victimcare.core.date_input import GovukDateField, GovukDateInput
from victimcare.core.typed_text import TypedTextForm
from victimcare.justice.models import (
    RestorativeStatus,
    ReviewDecision,
    SpecialMeasuresChoice,
    StatementChoice,
    VisitChoice,
)

DATE_ERRORS = {"required": "Enter the date", "invalid": "Enter a real date, like 1 12 2026"}


class MessageDecisionForm(TypedTextForm):
    """Send a sensitive message (with the words shown, perhaps edited) or keep it back."""

    text = forms.CharField(
        label="The message",
        required=False,
        max_length=900,
        help_text="Change the words if they need to be different for this victim. Up to 900 "
        "characters (a text message cannot be longer).",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": "The message must be 900 characters or fewer (it has %(show_value)d)"
        },
    )
    decision = forms.ChoiceField(
        label="Should this message go to the victim?",
        choices=[
            ("approve", "Yes, send it now"),
            ("withhold", "No, I will tell the victim another way"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to send the message",
            "invalid_choice": "Choose whether to send the message",
        },
    )
    reason = forms.CharField(
        label="Why not? (kept as a note on the case)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Why not must be 1,000 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        posted_text = self.add_prefix("text") in self.data
        too_long = "text" in self.errors  # already told: only one message for the words
        if (
            data.get("decision") == "approve"
            and posted_text
            and not too_long
            and not data.get("text")
        ):
            self.add_error("text", "Enter the message to send, or choose not to send it")
        return data


class CourtSupportForm(TypedTextForm):
    personal_statement = forms.ChoiceField(
        label="Victim Personal Statement",
        choices=StatementChoice.choices,
        widget=forms.RadioSelect,
    )
    special_measures = forms.ChoiceField(
        label="Special measures at court",
        choices=SpecialMeasuresChoice.choices,
        widget=forms.RadioSelect,
    )
    pre_trial_visit = forms.ChoiceField(
        label="Pre-trial court visit", choices=VisitChoice.choices, widget=forms.RadioSelect
    )
    witness_service_referred = forms.BooleanField(
        label="Referred to the Witness Service", required=False
    )
    vcs_referred = forms.BooleanField(label="Referred to the Victim Contact Scheme", required=False)


class ReviewRequestForm(TypedTextForm):
    requested_on = GovukDateField(
        label="When did the victim ask for a review?",
        help_text="For example, 1 12 2026",
        widget=GovukDateInput(),
        error_messages=DATE_ERRORS,
    )


class ReviewDecisionForm(TypedTextForm):
    decision = forms.ChoiceField(
        label="What did the review decide?",
        choices=[c for c in ReviewDecision.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the review decision"},
    )


class RestorativeRequestForm(TypedTextForm):
    requested_on = GovukDateField(
        label="When did the victim ask about restorative justice?",
        help_text="For example, 1 12 2026",
        widget=GovukDateInput(),
        error_messages=DATE_ERRORS,
    )


class RestorativeStepForm(TypedTextForm):
    to_status = forms.ChoiceField(
        label="What happened next?",
        choices=[c for c in RestorativeStatus.choices if c[0] != RestorativeStatus.REQUESTED],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened next"},
    )
    suitable = forms.ChoiceField(
        label="Is restorative justice suitable and safe for this victim?",
        choices=[("yes", "Yes"), ("no", "No")],
        required=False,
        widget=forms.RadioSelect,
    )
    assessment_notes = forms.CharField(
        label="Suitability and safety notes",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    offender_consent = forms.BooleanField(label="The offender agreed to take part", required=False)
    facilitator = forms.CharField(label="Facilitator", required=False, max_length=200)
    outcome = forms.CharField(
        label="Outcome", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, moves: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [c for c in RestorativeStatus.choices if c[0] in moves]


class ComplianceForm(TypedTextForm):
    quarter = forms.ChoiceField(label="Quarter")
    hub = forms.ChoiceField(label="Hub", required=False)

    def __init__(
        self,
        *args: Any,
        quarters: list[tuple[str, str]],
        hubs: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        quarter = self.fields["quarter"]
        hub = self.fields["hub"]
        assert isinstance(quarter, forms.ChoiceField) and isinstance(hub, forms.ChoiceField)
        quarter.choices = quarters
        hub.choices = [("", "All hubs"), *hubs]
