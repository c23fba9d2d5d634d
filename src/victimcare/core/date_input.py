"""The GOV.UK date input (day, month and year boxes) as a widget for a plain DateField.

The three boxes are named `<field>-day`, `<field>-month` and `<field>-year` (the Design
System's naming). The widget hands the field "YYYY-M-D" text, which every DateField reads
(ISO is always one of Django's input formats), so a form changes only its widget: an
impossible date such as 31 2 2026, or letters, fail as the field's own "invalid" error.
`{% govuk_field %}` renders it (core/templatetags/govuk_forms.py).
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django import forms

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
