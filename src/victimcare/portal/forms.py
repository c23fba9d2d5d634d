"""Find support: one question per page, in plain words (marked for Welsh translation)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from victimcare.directory.rules import WHAT_HAPPENED, postcode_district

WHAT_WOULD_HELP = (
    ("outlook", _("Someone to talk to about how I feel")),
    ("accommodation", _("Feeling safe at home, or somewhere safe to stay")),
    ("health", _("Help with my health, sleep or injuries")),
    ("justice", _("Help understanding the police and court")),
    ("finance", _("Help with money, benefits or compensation")),
    ("family", _("Help for my children or family")),
    ("social", _("Getting back to normal life")),
)


class PostcodeForm(forms.Form):
    postcode = forms.CharField(
        label=_("What is your postcode?"),
        max_length=10,
        help_text=_("We use it only to find services near you. It is not saved."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
        error_messages={"required": _("Enter your postcode")},
    )

    def clean_postcode(self) -> str:
        district = postcode_district(self.cleaned_data["postcode"])
        if not district:
            raise forms.ValidationError(_("Enter a real postcode, like BS1 4DJ"))
        return str(self.cleaned_data["postcode"]).upper()


class WhatHappenedForm(forms.Form):
    what_happened = forms.MultipleChoiceField(
        label=_("What happened?"),
        widget=forms.CheckboxSelectMultiple,
        choices=WHAT_HAPPENED,
        help_text=_("Select all that apply. You do not need to have told the police."),
        error_messages={"required": _("Select what happened, or select Something else")},
    )


class WhatWouldHelpForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("What would help you?"),
        widget=forms.CheckboxSelectMultiple,
        choices=WHAT_WOULD_HELP,
        required=False,
        help_text=_("Select all that apply, or none if you are not sure"),
    )
