"""The reason an officer gives to review a pair with someone known to another team."""

from django import forms


class PairReasonForm(forms.Form):
    justification = forms.CharField(
        label="Why do you need to compare these two people?",
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the victim told me they are already supported by the other "
        "hub. Your reason is recorded with every page of this pair you open.",
        error_messages={
            "required": "Enter why you need to compare these two people",
            "min_length": "Give a fuller reason (at least 10 characters)",
        },
    )
