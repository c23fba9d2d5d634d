from django import forms

from victimcare.commissioning.models import (
    Consultation,
    ConsultationResponse,
    FundingSource,
    Lot,
)

MONEY_ERRORS = {
    "required": "Enter the amount in pounds",
    "invalid": "Enter an amount, like 1818002",
}


class FundingSourceForm(forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["year", "kind", "name", "amount"]
        labels = {"year": "Financial year (the year it starts)", "kind": "Kind of funding",
                  "name": "Name", "amount": "Amount (£)"}  # fmt: skip
        error_messages = {
            "year": {"required": "Enter the year the financial year starts"},
            "kind": {"required": "Choose the kind of funding"},
            "name": {"required": "Enter the name of the funding"},
            "amount": MONEY_ERRORS,
        }


class LotForm(forms.ModelForm):
    class Meta:
        model = Lot
        fields = ["name", "provider", "provider_name", "service", "hub", "arrangement",
                  "value_per_year", "starts_on", "ends_on", "initial_years", "extension_years",
                  "in_scope", "description"]  # fmt: skip
        labels = {"value_per_year": "Value per year (£)", "starts_on": "Starts on (YYYY-MM-DD)",
                  "ends_on": "Ends on (YYYY-MM-DD)", "initial_years": "Initial term (years)",
                  "extension_years": "Extension options (years)",
                  "in_scope": "In scope for recommissioning"}  # fmt: skip
        error_messages = {
            "name": {"required": "Enter the name of the service"},
            "arrangement": {"required": "Choose contract or grant"},
            "value_per_year": MONEY_ERRORS,
            "starts_on": {"required": "Enter the start date", "invalid": "Enter a real date"},
            "ends_on": {"required": "Enter the end date", "invalid": "Enter a real date"},
        }

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be after the start date")
        if not data.get("provider") and not data.get("provider_name"):
            self.add_error("provider_name", "Choose the provider or enter its name")
        return data


class ResponseThemesForm(forms.ModelForm):
    class Meta:
        model = ConsultationResponse
        fields = ["themes"]

    def __init__(self, *args: object, consultation: Consultation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["themes"] = forms.MultipleChoiceField(
            label="Themes", required=False, widget=forms.CheckboxSelectMultiple,
            choices=[(t, t) for t in consultation.themes],
        )  # fmt: skip
