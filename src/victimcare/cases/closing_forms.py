"""What happened to each task still open when a case ends: the closing page and the status
page (declined support, unable to contact, transferred out) ask the same questions."""

from collections.abc import Sequence
from typing import Any, cast

from django import forms

from victimcare.cases.closing import NOTE_MAX, TaskEnding
from victimcare.cases.models import CaseTask


class TaskEndings:
    """Asks what happened to each task still open when the case ends (done, handed over,
    no longer needed, with a note), so that none is left open on an ended case."""

    open_tasks: list[CaseTask]
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    errors: Any

    def add_task_fields(self, open_tasks: Sequence[CaseTask], *, required: bool) -> None:
        self.open_tasks = list(open_tasks)
        for task in self.open_tasks:
            self.fields[f"task_{task.pk}"] = forms.ChoiceField(
                label=f"What happened to: {task.title}?",
                widget=forms.RadioSelect,
                choices=TaskEnding.choices,
                required=required,
                error_messages={"required": f"Select what happened to: {task.title}"},
            )
            self.fields[f"task_{task.pk}_note"] = forms.CharField(
                label=f"Note on: {task.title}",
                max_length=NOTE_MAX,
                required=required,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="What was done, who it was handed to, or why it is not needed",
                error_messages={
                    "required": f"Enter a note on what happened to: {task.title}",
                    "max_length": f"The note on {task.title} must be {NOTE_MAX} characters "
                    "or fewer",
                },
            )

    def task_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        form = cast(forms.Form, self)  # mixed into a form
        return [(form[f"task_{t.pk}"], form[f"task_{t.pk}_note"]) for t in self.open_tasks]

    def task_endings(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            t.pk: (data[f"task_{t.pk}"], data[f"task_{t.pk}_note"])
            for t in self.open_tasks
            if data.get(f"task_{t.pk}")
        }

    def require_task_answers(self, data: dict[str, Any]) -> None:
        """When the fields were optional (the status page) and the move ends the case."""
        for task in self.open_tasks:
            for name in (f"task_{task.pk}", f"task_{task.pk}_note"):
                if not data.get(name) and name not in self.errors:
                    message = self.fields[name].error_messages["required"]
                    cast(forms.Form, self).add_error(name, message)
