"""The forms of a safeguarding referral record: recording one, and its outcome later."""

from typing import Any

from django import forms

from victimcare.cases.models import SafeguardingAgency
from victimcare.core.date_input import GovukDateInput
from victimcare.core.typed_text import TypedTextForm


def _date(label: str, what: str, *, required: bool, help_text: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=GovukDateInput(),
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"{what[0].upper()}{what[1:]} must be a real date, like 1 12 2026",
        },
    )


def _text(label: str, max_length: int, *, rows: int = 0, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
        error_messages={
            "max_length": f"{label.split(' (')[0]} must be {max_length:,} characters or fewer"
        },
    )


class SafeguardingReferralUpdateForm(TypedTextForm):
    their_reference = _text("Their reference (optional)", 60)
    outcome = _text(
        "Outcome (optional)",
        2000,
        rows=4,
        help_text="What the agency decided or did, once you know",
    )
    follow_up_on = _date(
        "Follow-up date (optional)",
        "the follow-up date",
        required=False,
        help_text="A task to chase the referral goes on the named officer's list for this "
        "date. For example, 1 12 2026",
    )


class SafeguardingReferralForm(SafeguardingReferralUpdateForm):
    agency = forms.ChoiceField(
        label="Who was the referral made to?",
        widget=forms.RadioSelect,
        choices=SafeguardingAgency.choices,
        error_messages={
            "required": "Choose who the referral was made to",
            "invalid_choice": "Choose who the referral was made to",
        },
    )
    agency_other = _text("Name of the agency (if another agency)", 100)
    made_on = _date(
        "When was the referral made?",
        "the date the referral was made",
        required=True,
        help_text="For example, 27 3 2026",
    )
    field_order = [
        "agency",
        "agency_other",
        "made_on",
        "their_reference",
        "outcome",
        "follow_up_on",
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agency") == SafeguardingAgency.OTHER and not data.get("agency_other"):
            self.add_error("agency_other", "Enter the name of the agency")
        return data
