from django import forms

from victimcare.commissioning.models import (
    FundingSource,
    Lot,
    Measure,
)
from victimcare.core.date_input import GovukDateField, GovukDateInput
from victimcare.core.typed_text import TypedTextForm, TypedTextModelForm

MONEY_ERRORS = {
    "required": "Enter the amount in pounds",
    "invalid": "Enter an amount, like 1818002",
}


class FundingSourceForm(TypedTextModelForm):
    class Meta:
        model = FundingSource
        fields = ["year", "kind", "name", "amount"]
        labels = {
            "year": "Financial year (the year it starts)",
            "kind": "Kind of funding",
            "name": "Name",
            "amount": "Amount (£)",
        }
        error_messages = {
            "year": {"required": "Enter the year the financial year starts"},
            "kind": {"required": "Choose the kind of funding"},
            "name": {"required": "Enter the name of the funding"},
            "amount": MONEY_ERRORS,
        }


class LotForm(TypedTextModelForm):
    class Meta:
        model = Lot
        fields = [
            "name",
            "provider",
            "provider_name",
            "service",
            "hub",
            "arrangement",
            "value_per_year",
            "starts_on",
            "ends_on",
            "initial_years",
            "extension_years",
            "in_scope",
            "description",
        ]
        labels = {
            "value_per_year": "Value per year (£)",
            "starts_on": "Starts on",
            "ends_on": "Ends on",
            "initial_years": "Initial term (years)",
            "extension_years": "Extension options (years)",
            "in_scope": "In scope for recommissioning",
        }
        widgets = {"starts_on": GovukDateInput(), "ends_on": GovukDateInput()}
        field_classes = {"starts_on": GovukDateField, "ends_on": GovukDateField}
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


class ConsultationForm(TypedTextForm):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the title"})
    title_cy = forms.CharField(label="Title in Welsh (optional)", max_length=200, required=False)
    introduction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the introduction"},
    )
    introduction_cy = forms.CharField(
        label="Introduction in Welsh (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    questions = forms.CharField(
        label="Questions, one a line",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter at least one question"},
    )
    questions_cy = forms.CharField(
        label="The same questions in Welsh, one a line, in the same order (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    themes = forms.CharField(
        label="Themes to tag answers with, separated by commas (optional)", required=False
    )
    opens_on = GovukDateField(
        label="Opens on",
        help_text="For example, 1 12 2026",
        widget=GovukDateInput(),
        error_messages={"required": "Enter the opening date", "invalid": "Enter a real date"},
    )
    closes_on = GovukDateField(
        label="Closes on, the last day answers are taken",
        help_text="For example, 31 1 2027",
        widget=GovukDateInput(),
        error_messages={"required": "Enter the closing date", "invalid": "Enter a real date"},
    )
    published = forms.BooleanField(label="Publish it on the portal", required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        english = [q.strip() for q in data.get("questions", "").splitlines() if q.strip()]
        welsh = [q.strip() for q in data.get("questions_cy", "").splitlines() if q.strip()]
        if welsh and len(welsh) != len(english):
            self.add_error("questions_cy", "Give a Welsh version of every question, or none")
        if any(len(q) > 500 for q in english + welsh):
            self.add_error("questions", "Each question must be 500 characters or fewer")
        data["question_list"] = list(zip(english, welsh or [""] * len(english), strict=True))
        data["theme_list"] = [t.strip() for t in data.get("themes", "").split(",") if t.strip()]
        return data


class KpiForm(TypedTextForm):
    measure = forms.ChoiceField(
        label="Indicator",
        choices=Measure.choices,
        error_messages={"required": "Choose the indicator"},
    )
    target = forms.DecimalField(
        label="Target",
        max_digits=10,
        decimal_places=1,
        min_value=0,
        error_messages={"required": "Enter the target", "invalid": "Enter a number"},
    )


class StageDatesForm(TypedTextForm):
    """When a stage of a recommissioning exercise is planned, and when it happened."""

    planned_on = GovukDateField(
        label="Planned date", required=False, help_text="For example, 1 12 2026"
    )
    actual_on = GovukDateField(
        label="Actual date",
        required=False,
        help_text="Leave it empty until the stage has happened",
    )
