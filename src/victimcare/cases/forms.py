from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet

from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import User
from victimcare.cases import lifecycle
from victimcare.cases.closing_forms import TaskEndings
from victimcare.cases.models import (
    Case,
    CaseStatus,
    CaseTask,
    ClosureReason,
    ContactOutcome,
    OnwardReferralStatus,
    OutcomeArea,
    OutcomeResult,
    ShareGroup,
)
from victimcare.core.date_input import GovukDateField, GovukDateInput
from victimcare.core.reasons import ReasonField
from victimcare.core.typed_text import TypedTextForm
from victimcare.directory.models import Service
from victimcare.directory.needs import NEED_CATEGORIES
from victimcare.people.models import ContactChannel


class OpenOtherCaseForm(TypedTextForm):
    """Open a case outside your team, saying why: the reason goes into the access log."""

    reference = forms.CharField(
        label="Case reference",
        max_length=16,
        help_text="For example, VC-7K3MP-9QXDT",
        error_messages={"required": "Enter the case reference"},
    )
    justification = ReasonField(
        label="Why do you need to open this case?",
        help_text="For example: covering for the named officer while they are on leave. "
        "Your reason is recorded with every page of the case you open.",
        error_messages={"required": "Enter why you need to open this case"},
    )


class OnwardReferralForm(TypedTextForm):
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


class VersionedForm(TypedTextForm):
    """Carries the case version the officer saw, so a stale change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class MoveField(forms.ChoiceField):
    """Shows the moves allowed from the case's status; accepts any case status, so the
    service answers a stale page with what changed and a move no longer allowed with the
    lifecycle's reason, rather than "not a valid choice"."""

    def valid_value(self, value: Any) -> bool:
        return str(value) in CaseStatus.values


class StatusChangeForm(TaskEndings, VersionedForm):
    target = MoveField(
        label="What has happened?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what has happened"},
    )
    reason = forms.CharField(
        label="Why?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required: the reason is kept in the case's history",
        error_messages={
            "required": "Enter why the case is changing: the reason is kept in its history",
            "max_length": "Why? must be 1000 characters or fewer",
        },
    )

    def __init__(
        self,
        *args: Any,
        moves: tuple = (),
        open_tasks: Sequence[CaseTask] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = [(m.target, m.label) for m in moves]
        # A move that ends the case (declined support, unable to contact, transferred out)
        # asks about each open task, as closing does; other moves leave the tasks as they are.
        ending = any(m.target in lifecycle.ENDED for m in moves)
        self.add_task_fields(open_tasks if ending else (), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target") in lifecycle.ENDED:
            self.require_task_answers(data)
        return data


class ContactAttemptForm(VersionedForm):
    channel = forms.ChoiceField(
        label="How did you try to reach the victim?",
        widget=forms.RadioSelect,
        choices=ContactChannel.choices,
        error_messages={"required": "Select how you tried to reach the victim"},
    )
    outcome = forms.ChoiceField(
        label="What happened?",
        widget=forms.RadioSelect,
        choices=ContactOutcome.choices,
        error_messages={"required": "Select what happened"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SafeContactForm(VersionedForm):
    agreed_channel = forms.ChoiceField(
        label="Contact only by",
        choices=[("", "Any way the victim gave"), *ContactChannel.choices],
        required=False,
    )
    no_voicemail = forms.BooleanField(label="Never leave a voicemail", required=False)
    no_sms = forms.BooleanField(label="Never send a text message", required=False)
    safe_times = forms.CharField(
        label="Safe times to call (optional)",
        max_length=200,
        required=False,
        help_text="For example, weekdays between 10am and 12 noon",
    )


class MessageForm(TypedTextForm):
    text = forms.CharField(
        label="Message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the message"},
    )


class NoteForm(TypedTextForm):
    text = forms.CharField(
        label="Add a note",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the note"},
    )
    shared_with_victim = forms.BooleanField(
        label="Show this as an update to the victim when they follow their case",
        required=False,
    )


YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known")]


class SafeguardingForm(VersionedForm):
    children_in_household = forms.ChoiceField(
        label="Are there children in the household?",
        widget=forms.RadioSelect,
        choices=YES_NO_UNKNOWN,
        error_messages={"required": "Select whether there are children in the household"},
    )
    adult_at_risk = forms.ChoiceField(
        label="Is the victim, or another adult in the household, an adult at risk?",
        widget=forms.RadioSelect,
        choices=YES_NO_UNKNOWN,
        help_text="Someone with care and support needs who cannot protect themselves",
        error_messages={"required": "Select whether there is an adult at risk"},
    )


class TaskDoneForm(TypedTextForm):
    outcome = forms.CharField(
        label="What was done?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what was done"},
    )


class CloseCaseForm(TaskEndings, VersionedForm):
    """Close the case: what happened to each open task (with a note), the reason, and an
    outcome in each of the five MoJ areas."""

    reason = forms.ChoiceField(
        label="Why is the case closing?",
        widget=forms.RadioSelect,
        choices=ClosureReason.choices,
        error_messages={"required": "Select why the case is closing"},
    )

    def __init__(self, *args: Any, open_tasks: Sequence[CaseTask] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_task_fields(open_tasks, required=True)
        for area, label in OutcomeArea.choices:
            self.fields[f"outcome_{area}"] = forms.ChoiceField(
                label=label,
                widget=forms.RadioSelect,
                choices=OutcomeResult.choices,
                error_messages={"required": f"Select the outcome for {label.lower()}"},
            )

    def outcome_fields(self) -> list[forms.BoundField]:
        return [self[f"outcome_{area}"] for area in OutcomeArea.values]

    def outcomes(self) -> dict[str, str]:
        return {area: self.cleaned_data[f"outcome_{area}"] for area in OutcomeArea.values}


class OnwardUpdateForm(TypedTextForm):
    status = forms.ChoiceField(choices=OnwardReferralStatus.choices)
    reason = forms.CharField(
        label="Why are you declining it?",
        max_length=300,
        required=False,
        error_messages={"max_length": "Write 300 characters or fewer"},
    )


class ReallocateForm(VersionedForm):
    officer: forms.ModelChoiceField = forms.ModelChoiceField(
        label="New named officer",
        queryset=None,
        empty_label="Choose an officer",
        error_messages={"required": "Choose the new named officer"},
    )
    handover = forms.CharField(
        label="Handover note",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the new officer needs to know: where things stand, what was promised",
        error_messages={"required": "Write a handover note for the new officer"},
    )

    def __init__(self, *args: Any, team_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officer = self.fields["officer"]
        assert isinstance(officer, forms.ModelChoiceField)
        officer.queryset = User.objects.filter(
            team_id=team_id or 0, role=Role.VICTIM_CARE_OFFICER, is_active=True
        ).order_by("last_name", "first_name")
        officer.label_from_instance = lambda user: user.display_name  # type: ignore[assignment,method-assign]


class FollowUpForm(TypedTextForm):
    title = forms.CharField(
        label="What needs doing?",
        max_length=300,
        error_messages={"required": "Enter what needs doing"},
    )
    due_on = GovukDateField(
        label="By when?",
        help_text="For example, 1 12 2026",
        widget=GovukDateInput(),
        error_messages={
            "required": "Enter the date",
            "invalid": "Enter a real date, like 1 12 2026",
        },
    )


class SupportGoalForm(TypedTextForm):
    category = forms.ChoiceField(
        label="Need",
        choices=[("", "Choose a need"), *NEED_CATEGORIES],
        error_messages={"required": "Choose the need the goal is for"},
    )
    goal = forms.CharField(
        label="Goal",
        max_length=1000,
        help_text="What the victim wants to achieve, in their words",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the goal"},
    )


class MoveCasesForm(TypedTextForm):
    """A team leader moves several cases of their hub to another officer of it at once."""

    cases: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label="Cases to move",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose the cases to move",
            "invalid_choice": "Choose only open cases of your hub from the list",
            "invalid_pk_value": "Choose only open cases of your hub from the list",
            "invalid_list": "Choose only open cases of your hub from the list",
        },
    )
    officer: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Move them to",
        queryset=None,
        empty_label="Choose an officer",
        error_messages={
            "required": "Choose the officer to move the cases to",
            "invalid_choice": "Choose an officer of your hub from the list",
        },
    )
    handover = forms.CharField(
        label="Handover note",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown on each case moved: where things stand and what was promised",
        error_messages={
            "required": "Write a handover note for the new officer",
            "max_length": "The handover note must be 2,000 characters or fewer "
            "(it has %(show_value)d)",
        },
    )

    def __init__(
        self, *args: Any, cases: QuerySet[Case], officers: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        chosen = self.fields["cases"]
        officer = self.fields["officer"]
        assert isinstance(chosen, forms.ModelMultipleChoiceField)
        assert isinstance(officer, forms.ModelChoiceField)
        chosen.queryset = cases
        officer.queryset = officers
        officer.label_from_instance = lambda user: user.display_name  # type: ignore[assignment,method-assign]

    def clean_handover(self) -> str:
        handover = str(self.cleaned_data["handover"]).strip()
        if not handover:
            raise forms.ValidationError("Write a handover note for the new officer")
        return handover
