"""A phone number typed into a form: a UK number (or an international one starting with +),
checked with Google's libphonenumber (`phonenumbers`, already used to normalise the
feed's numbers), and refused in words naming the field when it cannot be one.

Only the number's shape is checked (its digits and length for its country), not whether
it is in service: Ofcom's drama numbers (07700 900xxx) are accepted, as a real person's
new number would be."""

import re
from typing import Any

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

from victimcare.core.form_errors import field_words

# Digits, spaces, brackets, dots, dashes and a leading + (no letters: "0800 FLOWERS" is
# not a number someone can be called back on by an officer reading it).
_SHAPE = re.compile(r"\+?[\d\s().\-]+")
NOT_A_PHONE = _(
    "%(label)s must be a UK phone number, like 01632 960 001 or 07700 900 982, or start "
    "with + and the country code"
)


def is_phone_number(text: str) -> bool:
    text = text.strip()
    if not _SHAPE.fullmatch(text):
        return False
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_possible_number(number))


class UKPhoneField(forms.CharField):
    """A phone number field; the number is kept as typed (without surrounding spaces)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not is_phone_number(str(value)):
            label, _lower = field_words(self, "phone")
            raise forms.ValidationError(NOT_A_PHONE % {"label": label}, code="invalid_phone")
