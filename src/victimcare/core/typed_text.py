"""Text typed into a form: what cannot be stored or shown is refused, with the reason.

A NUL character cannot be stored in PostgreSQL, and a lone surrogate (half of an emoji's
pair of UTF-16 code units) cannot be written out as UTF-8: either would otherwise fail the
save or the page that shows the answer again. Every value a form is given is checked
before its fields see it; an answer holding one is refused in words the visitor can act
on, and is shown back without the character, so the page itself never fails. Everything
else (any script, emoji, a leading "=") is kept exactly as typed.
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import QueryDict

from victimcare.core.form_errors import NUL_REASON, SURROGATE_REASON, govuk_error_messages

__all__ = ["NUL_REASON", "SURROGATE_REASON", "TypedTextForm", "TypedTextModelForm"]


def _is_surrogate(character: str) -> bool:
    return "\ud800" <= character <= "\udfff"


def unstorable_reason(value: str) -> Any | None:
    """Why the text cannot be kept (a lazy message with a %(label)s), or None if it can."""
    if "\x00" in value:
        return NUL_REASON
    if any(_is_surrogate(character) for character in value):
        return SURROGATE_REASON
    return None


def without_unstorable(value: str) -> str:
    return "".join(c for c in value if c != "\x00" and not _is_surrogate(c))


class StorableTextMixin:
    """Every submitted value is checked for unstorable characters first, and every field's
    remaining Django default messages become GOV.UK ones naming the field
    (core/form_errors.py). Each field shows one message for one problem."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        data = args[0] if args else kwargs.pop("data", None)
        self.unstorable: dict[str, Any] = {}
        if data is not None:
            data = self._storable(data)
        super().__init__(data, *args[1:], **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():
            govuk_error_messages(field, name)

    def _storable(self, data: Mapping[str, Any]) -> QueryDict:
        clean = QueryDict(mutable=True)
        items: list[tuple[str, list[Any]]] = (
            list(data.lists())
            if isinstance(data, QueryDict)
            else [
                (key, list(value) if isinstance(value, list | tuple) else [value])
                for key, value in data.items()
            ]
        )
        for key, values in items:
            if unstorable_reason(str(key)):
                continue  # no field has such a name
            kept = []
            for value in values:
                text = value if isinstance(value, str) else str(value)
                reason = unstorable_reason(text)
                if reason is not None:
                    self.unstorable.setdefault(key, reason)
                    text = without_unstorable(text)
                kept.append(text)
            clean.setlist(key, kept)
        return clean

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        errors = self._errors  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            reason = self.unstorable.get(self.add_prefix(name))  # type: ignore[attr-defined]
            if reason is not None and errors is not None:
                label = field.label or name.replace("_", " ").capitalize()
                # The character is the problem: one message, not one per check it failed.
                errors.pop(name, None)
                self.add_error(name, reason % {"label": label})  # type: ignore[attr-defined]


class TypedTextForm(StorableTextMixin, forms.Form):
    """A form whose every submitted value is checked for unstorable characters first."""


class TypedTextModelForm(StorableTextMixin, forms.ModelForm):
    """The same for a form made from a model."""
