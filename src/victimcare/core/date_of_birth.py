"""A date of birth typed into day, month and year boxes (GOV.UK date input), for public
forms: the self-referral and following a case. Its boxes are drawn by
templates/portal/_date_of_birth_fields.html.

The boxes are plain text: what is wrong is said once, for the date as a whole, in the
Design System's words ("Date of birth must include a year", "Date of birth must be a real
date", "Date of birth must be in the past"), never one generic message per box."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from victimcare.core.date_input import date_problem
from victimcare.core.typed_text import TypedTextForm


class DateOfBirthFields(TypedTextForm):
    dob_day = forms.CharField(label=_("Day"), max_length=10, required=False)
    dob_month = forms.CharField(label=_("Month"), max_length=10, required=False)
    dob_year = forms.CharField(label=_("Year"), max_length=10, required=False)
    non_field_error_anchor = ""
    dob_invalid = False

    def born_on(self, data: dict[str, Any]) -> datetime.date | None:
        """The date the boxes make, or None with the error on the form if they make none."""
        if any(name in self.errors for name in ("dob_day", "dob_month", "dob_year")):
            return None  # too long, or a character that cannot be kept: said already
        problem, born = date_problem(
            str(data.get("dob_day") or ""),
            str(data.get("dob_month") or ""),
            str(data.get("dob_year") or ""),
            label=gettext("Date of birth"),
        )
        if problem is None and born is None:
            problem = gettext("Enter your date of birth")
        elif born is not None and born > timezone.localdate():
            problem, born = gettext("Date of birth must be in the past"), None
        elif born is not None and born.year < 1900:
            problem, born = gettext("Date of birth must be after 1 January 1900"), None
        if problem:
            self.add_error(None, problem)
            # The summary links to the first box, and each box is marked (GOV.UK date input).
            self.non_field_error_anchor = "#id_dob_day"
            self.dob_invalid = True
        return born
