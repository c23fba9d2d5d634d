import datetime

from django import forms
from django.utils import timezone

from victimcare.core.date_input import GovukDateField, GovukDateInput
from victimcare.core.typed_text import TypedTextForm
from victimcare.dataprotection.models import RecordType, RightsRequestKind


class AccessLogSearchForm(TypedTextForm):
    case_reference = forms.CharField(
        label="Case reference",
        required=False,
        max_length=16,
        help_text="Finds reads of everything about the case's victim, for example VC-7K3MP-9QXDT",
    )
    person = forms.IntegerField(label="Person number", required=False, min_value=1)
    username = forms.CharField(label="Username of the member of staff", required=False)
    date_from = GovukDateField(
        label="From (date)",
        required=False,
        help_text="For example, 1 11 2026",
        widget=GovukDateInput(),
    )
    date_to = GovukDateField(
        label="To (date)",
        required=False,
        help_text="For example, 30 11 2026",
        widget=GovukDateInput(),
    )


class RightsRequestForm(TypedTextForm):
    kind = forms.ChoiceField(
        label="What is the person asking for?",
        widget=forms.RadioSelect,
        choices=RightsRequestKind.choices,
        error_messages={"required": "Select the kind of request"},
    )
    case_reference = forms.CharField(
        label="Case reference of the person",
        max_length=16,
        help_text="The victim's case reference, for example VC-7K3MP-9QXDT",
        error_messages={"required": "Enter the case reference"},
    )
    received_on = GovukDateField(
        label="Date the request was received",
        help_text="For example, 24 11 2026",
        widget=GovukDateInput(),
        error_messages={
            "required": "Enter the date",
            "invalid": "Enter a real date, like 24 11 2026",
        },
    )
    identity_checked = forms.BooleanField(
        label="I have checked the requester is the person, or acts for them", required=False
    )
    notes = forms.CharField(
        label="Notes (no personal details)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_received_on(self) -> datetime.date:
        """A request cannot arrive in the future: its one-month deadline is counted from it."""
        received: datetime.date = self.cleaned_data["received_on"]
        if received > timezone.localdate():
            raise forms.ValidationError(
                "The date the request was received must be today or in the past"
            )
        return received


class DisposalLogFilterForm(TypedTextForm):
    record_type = forms.ChoiceField(
        label="Type of record",
        required=False,
        choices=[("", "All types of record"), *RecordType.choices],
        error_messages={"invalid_choice": "Select a type of record from the list"},
    )
