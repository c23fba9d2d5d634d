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
from django.utils.translation import gettext_lazy as _

NUL_REASON = _("%(label)s contains a null character, which cannot be saved. Delete it and "
               "try again")  # fmt: skip
SURROGATE_REASON = _("%(label)s contains a broken character (half of an emoji or symbol), "
                     "which cannot be saved. Delete it and try again")  # fmt: skip


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


class TypedTextForm(forms.Form):
    """A form whose every submitted value is checked for unstorable characters first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        data = args[0] if args else kwargs.pop("data", None)
        self.unstorable: dict[str, Any] = {}
        if data is not None:
            data = self._storable(data)
        super().__init__(data, *args[1:], **kwargs)

    def _storable(self, data: Mapping[str, Any]) -> QueryDict:
        clean = QueryDict(mutable=True)
        items: list[tuple[str, list[Any]]] = (
            list(data.lists()) if isinstance(data, QueryDict) else [
                (key, list(value) if isinstance(value, list | tuple) else [value])
                for key, value in data.items()
            ]
        )  # fmt: skip
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
        super().full_clean()
        for name, field in self.fields.items():
            reason = self.unstorable.get(self.add_prefix(name))  # the posted key, prefixed
            if reason is not None:
                label = field.label or name.replace("_", " ").capitalize()
                self.add_error(name, reason % {"label": label})
