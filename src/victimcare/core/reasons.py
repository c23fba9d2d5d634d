"""A reason a person gives for reading records outside their own work: kept in the access
log, so it must be words someone can read, not spaces, dots or invisible characters."""

import unicodedata

from django import forms

MIN_LETTERS = 10


class ReasonField(forms.CharField):
    """Free text of at most 500 characters holding at least MIN_LETTERS letters; invisible
    format characters (zero-width spaces, direction marks) are removed before it is kept."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def clean(self, value: object) -> str:
        text = "".join(
            ch for ch in str(value or "") if unicodedata.category(ch) not in {"Cf", "Co", "Cs"}
        )
        cleaned = str(super().clean(text))
        if sum(ch.isalpha() for ch in cleaned) < MIN_LETTERS:
            raise forms.ValidationError(
                f"Give a fuller reason in words (at least {MIN_LETTERS} letters)",
                code="min_letters",
            )
        return cleaned
