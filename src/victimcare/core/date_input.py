"""The GOV.UK date input (day, month and year boxes) as a widget and a field.

The three boxes are named `<field>-day`, `<field>-month` and `<field>-year` (the Design
System's naming). The widget hands the field "YYYY-M-D" text. `GovukDateField` reads it
and says what is wrong in the Design System's words, naming the field: "Date received must
include a month", "Date of birth must be a real date", "Year must include 4 numbers"
(`date_problem`, also used by the portal's date of birth boxes, core/date_of_birth.py).
`{% govuk_field %}` renders it (core/templatetags/govuk_forms.py).
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from victimcare.core.form_errors import field_words

PARTS = ("day", "month", "year")


class GovukDateInput(forms.Widget):
    """Day, month and year boxes for one date."""

    template_name = "django/forms/widgets/text.html"  # never used: govuk_field renders it

    def __init__(self, attrs: dict[str, Any] | None = None, *, autocomplete: str = "") -> None:
        # autocomplete="bday": the boxes get bday-day, bday-month and bday-year.
        super().__init__(attrs)
        self.autocomplete = autocomplete

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> str:
        if not any(f"{name}-{p}" in data for p in PARTS) and name in data:
            # The date as one value (a script, or a form from before the three boxes): the
            # field reads it with its own input formats.
            return str(data.get(name) or "")[:30]
        # Each box is cut to 10 characters: the date is short, and hostile input stays small.
        day, month, year = (str(data.get(f"{name}-{p}") or "").strip()[:10] for p in PARTS)
        if not (day or month or year):
            return ""
        return f"{year}-{month}-{day}"

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}-{p}" in data for p in PARTS)

    @staticmethod
    def parts(value: Any) -> tuple[str, str, str]:
        """(day, month, year) as the boxes show them, from a date or the widget's own text."""
        if isinstance(value, datetime.date):
            return str(value.day), str(value.month), str(value.year)
        if not value:
            return "", "", ""
        text = str(value)
        if text.count("-") != 2:  # a single value someone typed: shown whole in the day box
            return text, "", ""
        year, month, day = text.split("-")
        return day, month, year


_MISSING = {
    ("day",): _("%(label)s must include a day"),
    ("month",): _("%(label)s must include a month"),
    ("year",): _("%(label)s must include a year"),
    ("day", "month"): _("%(label)s must include a day and month"),
    ("day", "year"): _("%(label)s must include a day and year"),
    ("month", "year"): _("%(label)s must include a month and year"),
}


def date_problem(day: str, month: str, year: str, *, label: str) -> tuple[str | None, Any]:
    """(None, the date) from what was typed in the three boxes, or (the message, None).

    Empty boxes give (None, None): whether a date is required is the caller's to say."""
    day, month, year = day.strip(), month.strip(), year.strip()
    typed = {"day": day, "month": month, "year": year}
    if not any(typed.values()):
        return None, None
    missing = tuple(part for part in PARTS if not typed[part])
    if missing:
        return str(_MISSING[missing] % {"label": label}), None
    if not all(value.isascii() and value.isdigit() for value in typed.values()):
        return gettext("%(label)s must be a real date") % {"label": label}, None
    if len(year) != 4:
        return gettext("Year must include 4 numbers"), None
    try:
        return None, datetime.date(int(year), int(month), int(day))
    except ValueError:
        return gettext("%(label)s must be a real date") % {"label": label}, None


class GovukDateField(forms.DateField):
    """A date typed in the GOV.UK date input, with the Design System's messages."""

    widget = GovukDateInput

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            label, _lower = field_words(self, "date")
            problem, date = date_problem(day, month, year, label=label)
            if problem:
                raise forms.ValidationError(problem, code="invalid")
            return date if isinstance(date, datetime.date) else None
        return super().to_python(value)
