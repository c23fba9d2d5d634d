"""Find support: one question per page, in plain words (marked for Welsh translation)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from victimcare.core.date_of_birth import DateOfBirthFields
from victimcare.core.phone import UKPhoneField
from victimcare.core.typed_text import TypedTextForm
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


class PostcodeForm(TypedTextForm):
    postcode = forms.CharField(
        label=_("What is your postcode?"),
        max_length=10,
        help_text=_(
            "We use it only to find services near you. It is kept with your other answers "
            "until you leave this service, and is not linked to your name."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
        error_messages={"required": _("Enter your postcode")},
    )

    def clean_postcode(self) -> str:
        district = postcode_district(self.cleaned_data["postcode"])
        if not district:
            raise forms.ValidationError(_("Enter a real postcode, like BS1 4DJ"))
        return str(self.cleaned_data["postcode"]).upper()


class ReferPostcodeForm(PostcodeForm):
    """The same question in Refer yourself, where the postcode is saved with the request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].help_text = _(
            "We save it with your request, to send it to the victim care hub for where you live."
        )


class WhatHappenedForm(TypedTextForm):
    what_happened = forms.MultipleChoiceField(
        label=_("What happened?"),
        widget=forms.CheckboxSelectMultiple,
        choices=WHAT_HAPPENED,
        help_text=_("Select all that apply. You do not need to have told the police."),
        error_messages={"required": _("Select what happened, or select Something else")},
    )


class WhatWouldHelpForm(TypedTextForm):
    needs = forms.MultipleChoiceField(
        label=_("What would help you?"),
        widget=forms.CheckboxSelectMultiple,
        choices=WHAT_WOULD_HELP,
        required=False,
        help_text=_("Select all that apply, or none if you are not sure"),
    )


# Self-referral: one thing per page; the answers become a feed v1 row for the intake.
class NameForm(TypedTextForm):
    given_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": _("Enter your first name")},
    )
    family_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": _("Enter your last name")},
    )


CONTACT_WAYS = (("phone", _("Phone call")), ("sms", _("Text message")), ("email", _("Email")))


class DateOfBirthForm(DateOfBirthFields):
    """Day, month and year boxes (GOV.UK date input); the date itself is `date_of_birth`."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born = self.born_on(data)  # a real date, in the past (or the error on the form)
        if born is not None:
            data["date_of_birth"] = born.isoformat()
        return data


class ContactForm(TypedTextForm):
    phone = UKPhoneField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter an email address like name@example.com")},
    )
    preferred_contact = forms.ChoiceField(
        label=_("How should we contact you?"),
        widget=forms.RadioSelect,
        choices=CONTACT_WAYS,
        error_messages={"required": _("Select how we should contact you")},
    )
    safe_message = forms.ChoiceField(
        label=_("Is it safe for us to leave you a message?"),
        widget=forms.RadioSelect,
        choices=(("yes", _("Yes")), ("no", _("No"))),
        help_text=_("For example, a voicemail or a text that someone else might see"),
        error_messages={"required": _("Select whether it is safe to leave you a message")},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        way = data.get("preferred_contact")
        # One message a field: a number already refused is not also asked for.
        if way in ("phone", "sms") and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Enter a phone number, or choose email"))
        if way == "email" and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter an email address, or choose phone"))
        return data


class WhatHappenedOneForm(TypedTextForm):
    what_happened = forms.ChoiceField(
        label=_("What happened?"),
        widget=forms.RadioSelect,
        choices=WHAT_HAPPENED,
        error_messages={"required": _("Select what happened")},
    )
    description = forms.CharField(
        label=_("Tell us more (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PoliceForm(TypedTextForm):
    reported = forms.ChoiceField(
        label=_("Have you told the police?"),
        widget=forms.RadioSelect,
        choices=(("yes", _("Yes")), ("no", _("No")), ("not_sure", _("I'm not sure"))),
        help_text=_("We can help you either way"),
        error_messages={"required": _("Select whether you have told the police")},
    )
    crime_reference = forms.CharField(
        label=_("Police crime reference (optional)"), max_length=60, required=False
    )


class ConsentForm(TypedTextForm):
    consent = forms.BooleanField(
        label=_(
            "I agree to the hub contacting me and, if I want, passing my details to a "
            "support service"
        ),
        error_messages={"required": _("Agree to this so that we can help you")},
    )
