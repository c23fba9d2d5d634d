"""Assessment forms built from the current questionnaire version."""

from typing import Any

from django import forms

from victimcare.assessments import rules
from victimcare.assessments.models import Questionnaire
from victimcare.core.typed_text import TypedTextForm


class NeedsAssessmentForm(TypedTextForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questionnaire.questions.all())
        for q in self.questions:
            self.fields[f"{q.code}_level"] = forms.ChoiceField(
                label=q.text,
                help_text=q.hint,
                widget=forms.RadioSelect,
                choices=rules.NEED_LEVELS,
                error_messages={"required": f"Choose a level for {q.text.lower()}"},
            )
            self.fields[f"{q.code}_notes"] = forms.CharField(
                label=f"Notes on {q.text.lower()} (optional)",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {q.code: (data[f"{q.code}_level"], data[f"{q.code}_notes"]) for q in self.questions}

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"{q.code}_level"], self[f"{q.code}_notes"]) for q in self.questions]


class RiskChecklistForm(TypedTextForm):
    judgement_level = forms.ChoiceField(
        label="Does your professional judgement put the risk higher?",
        choices=[("", "No: use the checklist's level"), *rules.RISK_LEVELS],
        required=False,
        help_text="Judgement can raise the level, never lower it",
    )
    judgement_reason = forms.CharField(
        label="Why (if you raise the level)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questionnaire.questions.all())
        for q in self.questions:
            self.fields[q.code] = forms.ChoiceField(
                label=f"{q.order}. {q.text}",
                widget=forms.RadioSelect,
                choices=rules.RISK_ANSWERS,
                error_messages={"required": f"Answer question {q.order}"},
            )

    def answers(self) -> dict[str, str]:
        return {q.code: self.cleaned_data[q.code] for q in self.questions}

    def question_fields(self) -> list[forms.BoundField]:
        return [self[q.code] for q in self.questions]


class ProtectionNeedsForm(TypedTextForm):
    yes_to = forms.MultipleChoiceField(
        label="Which of these apply?",
        widget=forms.CheckboxSelectMultiple,
        choices=rules.PROTECTION_QUESTIONS,
        required=False,
        help_text="Select all that apply",
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
