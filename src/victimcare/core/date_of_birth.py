"""A date of birth typed into day, month and year boxes (GOV.UK date input), for public
forms: the self-referral and following a case. Its boxes are drawn by
templates/portal/_date_of_birth_fields.html."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from victimcare.core.typed_text import TypedTextForm


class DateOfBirthFields(TypedTextForm):
    dob_day = forms.IntegerField(label=_("Day"), min_value=1, max_value=31, required=False)
    dob_month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12, required=False)
    dob_year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)

    def born_on(self, data: dict[str, Any]) -> datetime.date | None:
        """The date the boxes make, or None with the error on the form if they make none."""
        try:
            return datetime.date(
                int(data.get("dob_year") or 0),
                int(data.get("dob_month") or 0),
                int(data.get("dob_day") or 0),
            )
        except (TypeError, ValueError):
            self.add_error(None, _("Enter your date of birth, for example 27 3 1990"))
            return None
