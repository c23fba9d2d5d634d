"""The form to change the victim's details on their case (ADR 71).

Each value is checked as the referral feed checks the same column (`referrals/cells.py`,
`feed_values.py`), so what a force could not send an officer cannot type either, and is
told why at the field: a broken character, NUL or another control character, an
invisible character (a zero-width space; names may hold the joiners some scripts need), a
value a spreadsheet would run as a formula, a name with no letters, a postcode that is not
one, a phone number of the wrong length, a date of birth in the future or after the crime.
Postcodes and phone numbers are kept normalised as intake keeps them (BS1 4DJ, +44...).

Only what the officer changes is checked and written: the form carries what it showed
(`shown`, a signed keyed digest of each value, never the values), so a value the feed
accepted and the officer left alone never blocks a save, and a detail a police resend
changed while the form was open is not put back to what the form showed.
"""

import datetime
import unicodedata
from typing import Any

from django import forms
from django.core import signing
from django.core.validators import validate_email
from django.utils import timezone

from victimcare.cases.services.victim import ChangeReason
from victimcare.core.date_input import GovukDateField, GovukDateInput
from victimcare.core.phone import NOT_A_PHONE, is_phone_number
from victimcare.core.typed_text import TypedTextForm
from victimcare.referrals.cells import text_problem
from victimcare.referrals.corrections import CORRECTABLE, value_digest
from victimcare.referrals.feed_columns import EARLIEST_YEAR, MAX_LENGTHS
from victimcare.referrals.feed_values import normalise_phone, normalise_postcode

# Zero-width non-joiner and joiner: some scripts need them inside a name.
_JOINERS = frozenset("\u200c\u200d")
FORMULA_STARTS = ("=", "+", "-", "@")
NAMES = ("given_name", "family_name", "business_name")
TEXTS = (*NAMES, "address_line_1", "address_line_2", "town")
_SHOWN_SALT = "victimcare.cases.victim_forms.shown"
OUT_OF_DATE = (
    "The page was out of date: the victim's details are shown again as held now. "
    "Make your change again"
)


def _key(value: Any) -> str:
    """A keyed digest of a value as the form shows it (text without outer spaces)."""
    return value_digest(value.strip() if isinstance(value, str) else (value or ""))


def shown_token(held: dict[str, Any]) -> str:
    """What the form showed, for the form to carry: a signed digest of each detail."""
    return signing.dumps({name: _key(held.get(name)) for name in CORRECTABLE}, salt=_SHOWN_SALT)


def _shown(token: str) -> dict[str, str] | None:
    try:
        shown = signing.loads(token, salt=_SHOWN_SALT)
    except signing.BadSignature:
        return None
    return shown if isinstance(shown, dict) else None


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


def _text(label: str, name: str, *, autocomplete: str = "") -> Any:
    attrs = {"autocomplete": autocomplete, "spellcheck": "false"} if autocomplete else {}
    # A name is required only when the officer changes it (see `clean`): a feed value
    # left alone is never refused.
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_LENGTHS[name],
        widget=forms.TextInput(attrs=attrs),
    )


class VictimDetailsForm(TypedTextForm):
    """The victim's details, pre-filled with what is held, and why they change."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    shown = forms.CharField(widget=forms.HiddenInput, required=False)
    given_name = _text("Given name", "given_name", autocomplete="off")
    family_name = _text("Family name", "family_name", autocomplete="off")
    business_name = _text("Business name", "business_name", autocomplete="off")
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
    email = forms.CharField(
        label="Email",
        required=False,
        max_length=MAX_LENGTHS["email"],
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    reason = forms.ChoiceField(
        label="Why are the details changing?",
        choices=ChangeReason.CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select why the details are changing",
            "invalid_choice": "Select why the details are changing from the list",
        },
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
        # What the form showed: a bound form reads it from the post, a new one from initial.
        token = self.data.get("shown", "") if self.is_bound else ""
        self.showed = _shown(token) if self.is_bound else {}

    def _changed(self, name: str, value: Any) -> bool:
        """Whether the officer changed this detail from what the form showed."""
        return self.showed is not None and self.showed.get(name) != _key(value)

    def changes(self) -> dict[str, Any]:
        """The details the officer changed from what the form showed (normalised), for
        `victim_details_change`: a detail left alone is not written, so a value a police
        resend brought while the form was open stays."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in CORRECTABLE and self._changed(name, value)
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.showed is None:
            raise forms.ValidationError(OUT_OF_DATE)
        for name in TEXTS:
            if name not in self.fields or name not in data or not self._changed(name, data[name]):
                continue  # checked only when the officer changes it
            label = str(self.fields[name].label or name)
            if not data[name]:
                if name in NAMES:
                    self.add_error(name, f"Enter the {label.lower()}")
                continue
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
        if not text or not self._changed("postcode", text):
            return text
        try:
            return normalise_postcode(text)
        except ValueError:
            raise forms.ValidationError("Postcode must be a UK postcode, like BS1 4DJ") from None

    def clean_phone(self) -> str:
        text = self.cleaned_data.get("phone", "").strip()
        if not text or not self._changed("phone", text):
            return text
        try:
            if not is_phone_number(text):
                raise ValueError(text)
            return normalise_phone(text)
        except ValueError:
            raise forms.ValidationError(NOT_A_PHONE % {"label": "Phone"}) from None

    def clean_email(self) -> str:
        text = str(self.cleaned_data.get("email", "")).strip()
        if not text or not self._changed("email", text):
            return text
        try:
            validate_email(text)
        except forms.ValidationError:
            raise forms.ValidationError(
                "Email must be an email address, like name@example.com"
            ) from None
        return text.lower()

    def clean_date_of_birth(self) -> datetime.date | None:
        born = self.cleaned_data.get("date_of_birth")
        if born is None or not self._changed("date_of_birth", born):
            return born
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
