"""The form to change the victim's details on their case (ADR 71).

Each value is checked as the referral feed checks the same column (`referrals/cells.py`,
`feed_values.py`), so what a force could not send an officer cannot type either, and is
told why at the field: a broken character, NUL or another control character, an
invisible character (a zero-width space; names may hold the joiners some scripts need), a
value a spreadsheet would run as a formula, a name with no letters, a postcode that is not
one, a phone number of the wrong length, a date of birth in the future or after the crime.
Postcodes and phone numbers are kept normalised as intake keeps them (BS1 4DJ, +44...).
"""

import datetime
import unicodedata
from typing import Any

from django import forms
from django.utils import timezone

from victimcare.cases.services.victim import ChangeReason
from victimcare.core.date_input import GovukDateField, GovukDateInput
from victimcare.core.phone import NOT_A_PHONE, is_phone_number
from victimcare.core.typed_text import TypedTextForm
from victimcare.referrals.cells import text_problem
from victimcare.referrals.feed_columns import EARLIEST_YEAR, MAX_LENGTHS
from victimcare.referrals.feed_values import normalise_phone, normalise_postcode

# Zero-width non-joiner and joiner: some scripts need them inside a name.
_JOINERS = frozenset("\u200c\u200d")
FORMULA_STARTS = ("=", "+", "-", "@")
NAMES = ("given_name", "family_name", "business_name")
TEXTS = (*NAMES, "address_line_1", "address_line_2", "town")


def _invisible(text: str) -> str | None:
    for character in text:
        if unicodedata.category(character) == "Cf" and character not in _JOINERS:
            return f"U+{ord(character):04X}"
    return None


def text_refusal(label: str, text: str, *, is_name: bool, formula: bool = True) -> str | None:
    """Why `text` cannot be this detail (the message names the field), or None."""
    problem = text_problem(text)
    if problem:
        return f"{label} {problem}"
    invisible = _invisible(text)
    if invisible:
        return f"{label} contains an invisible character ({invisible}): retype it without it"
    if formula and text.startswith(FORMULA_STARTS):
        return (
            f"{label} must not start with {text[0]}: a value starting with =, +, - or @ is "
            "run as a formula when opened in a spreadsheet"
        )
    if is_name and text and not any(character.isalpha() for character in text):
        return f"{label} must include letters"
    return None


def _text(label: str, name: str, *, required: bool = False, autocomplete: str = "") -> Any:
    attrs = {"autocomplete": autocomplete, "spellcheck": "false"} if autocomplete else {}
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_LENGTHS[name],
        widget=forms.TextInput(attrs=attrs),
        error_messages={"required": f"Enter the {label.lower()}"},
    )


class VictimDetailsForm(TypedTextForm):
    """The victim's details, pre-filled with what is held, and why they change."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    given_name = _text("Given name", "given_name", required=True, autocomplete="off")
    family_name = _text("Family name", "family_name", required=True, autocomplete="off")
    business_name = _text("Business name", "business_name", required=True, autocomplete="off")
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        help_text="For example, 27 3 1987. Leave blank if not known",
        widget=GovukDateInput(),
        error_messages={"invalid": "Date of birth must be a real date, like 27 3 1987"},
    )
    address_line_1 = _text("Address line 1", "address_line_1", autocomplete="off")
    address_line_2 = _text("Address line 2", "address_line_2", autocomplete="off")
    town = _text("Town or city", "town", autocomplete="off")
    postcode = forms.CharField(
        label="Postcode", required=False, max_length=10, widget=forms.TextInput()
    )
    phone = forms.CharField(
        label="Phone",
        required=False,
        max_length=30,
        help_text="A UK number, or + and the country code",
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    email = forms.EmailField(
        label="Email",
        required=False,
        max_length=MAX_LENGTHS["email"],
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        error_messages={"invalid": "Email must be an email address, like name@example.com"},
    )
    reason = forms.ChoiceField(
        label="Why are the details changing?",
        choices=ChangeReason.CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the details are changing"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, who asked and when. Do not write the victim's details here: "
        "the note is kept in the case's timeline",
    )

    def __init__(
        self, *args: Any, business: bool, reported_on: datetime.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.reported_on = reported_on
        dropped = ("date_of_birth", "given_name", "family_name") if business else ("business_name",)
        for name in dropped:
            del self.fields[name]

    def changes(self) -> dict[str, Any]:
        """The details as typed (normalised), for `victim_details_change`."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("version", "reason", "note")
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in TEXTS:
            if name in self.fields and data.get(name):
                label = str(self.fields[name].label or name)
                refusal = text_refusal(label, data[name], is_name=name in NAMES)
                if refusal:
                    self.add_error(name, refusal)
        if data.get("note"):
            refusal = text_refusal("Note", data["note"], is_name=False, formula=False)
            if refusal:
                self.add_error("note", refusal)
        return data

    def clean_postcode(self) -> str:
        text = self.cleaned_data.get("postcode", "").strip()
        if not text:
            return ""
        try:
            return normalise_postcode(text)
        except ValueError:
            raise forms.ValidationError("Postcode must be a UK postcode, like BS1 4DJ") from None

    def clean_phone(self) -> str:
        text = self.cleaned_data.get("phone", "").strip()
        if not text:
            return ""
        try:
            if not is_phone_number(text):
                raise ValueError(text)
            return normalise_phone(text)
        except ValueError:
            raise forms.ValidationError(NOT_A_PHONE % {"label": "Phone"}) from None

    def clean_email(self) -> str:
        return str(self.cleaned_data.get("email", "")).strip().lower()

    def clean_date_of_birth(self) -> datetime.date | None:
        born = self.cleaned_data.get("date_of_birth")
        if born is None:
            return None
        if born > timezone.localdate():
            raise forms.ValidationError("Date of birth must be in the past")
        if born.year < EARLIEST_YEAR:
            raise forms.ValidationError(f"Date of birth must be after 1 January {EARLIEST_YEAR}")
        if born > self.reported_on:
            raise forms.ValidationError(
                "Date of birth must be on or before the date the crime was reported "
                f"({self.reported_on:%-d %B %Y})"
            )
        return born
