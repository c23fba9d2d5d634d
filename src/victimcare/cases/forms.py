from django import forms

from victimcare.cases.models import ShareGroup
from victimcare.directory.models import Service


class OpenOtherCaseForm(forms.Form):
    """Open a case outside your team, saying why: the reason goes into the access log."""

    reference = forms.CharField(
        label="Case reference",
        max_length=16,
        help_text="For example, VC-7K3MP-9QXDT",
        error_messages={"required": "Enter the case reference"},
    )
    justification = forms.CharField(
        label="Why do you need to open this case?",
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: covering for the named officer while they are on leave. "
        "Your reason is recorded with every page of the case you open.",
        error_messages={
            "required": "Enter why you need to open this case",
            "min_length": "Give a fuller reason (at least 10 characters)",
        },
    )


class OnwardReferralForm(forms.Form):
    """Refer the victim to a specialist service, with their consent."""

    service = forms.ModelChoiceField(
        label="Service",
        queryset=Service.objects.filter(provider__isnull=False).order_by("name"),
        empty_label="Choose a service",
        error_messages={"required": "Select the service to refer the victim to"},
    )
    shared = forms.MultipleChoiceField(
        label="What did the victim agree to share?",
        widget=forms.CheckboxSelectMultiple,
        choices=ShareGroup.choices,
        help_text="The service sees only what you select. Select all that apply.",
        error_messages={"required": "Select what the victim agreed to share"},
    )
    reason = forms.CharField(
        label="Why are you referring the victim?",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The service sees this only if the victim agreed to share their needs",
    )
    consent = forms.BooleanField(
        label="The victim agreed to this referral and to these details being shared",
        error_messages={"required": "Confirm the victim agreed to this referral"},
    )
