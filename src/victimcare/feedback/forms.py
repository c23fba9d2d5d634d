from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from victimcare.core.date_of_birth import DateOfBirthFields
from victimcare.core.phone import UKPhoneField
from victimcare.core.typed_text import TypedTextForm
from victimcare.feedback.models import SCALE


def _measure(label: Any, required: Any) -> forms.ChoiceField:
    """One satisfaction question; its error names the question (not "Choose an answer")."""
    return forms.ChoiceField(
        label=label,
        widget=forms.RadioSelect,
        choices=SCALE,
        error_messages={"required": required},
    )


class SurveyForm(TypedTextForm):
    treated_with_respect = _measure(
        _("How satisfied are you that you were treated with sensitivity and respect?"),
        _("Select how satisfied you are that you were treated with sensitivity and respect"),
    )
    support_as_agreed = _measure(
        _("How satisfied are you that the support you got was what was agreed with you?"),
        _("Select how satisfied you are that the support was what was agreed with you"),
    )
    coordinated_and_effective = _measure(
        _("How satisfied are you with how well the support was joined up and how much it helped?"),
        _("Select how satisfied you are with how joined up and helpful the support was"),
    )
    overall = _measure(
        _("Overall, how satisfied are you with the support you got?"),
        _("Select how satisfied you are with the support overall"),
    )
    comments = forms.CharField(
        label=_("Is there anything else you want to tell us? (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ComplaintForm(TypedTextForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        help_text=_("You do not need to give it if you do not want a reply"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter an email address like name@example.com")},
    )
    phone = UKPhoneField(
        label=_("Phone number (optional)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    case_reference = forms.CharField(
        label=_("Your case reference, if you have one"),
        required=False,
        max_length=16,
        help_text=_("For example, VC-7K3MP-9QXDT"),
    )
    about = forms.CharField(
        label=_("What is your complaint about?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Tell us what happened and what you would like us to do"),
        error_messages={"required": _("Tell us what your complaint is about")},
    )
    no_reply = forms.BooleanField(
        label=_("I do not want a reply"),
        required=False,
        help_text=_(
            "Without an email address or phone number we cannot tell you what we found. "
            "We will still look into your complaint."
        ),
    )

    def clean(self) -> dict[str, Any]:
        """A reply needs a way to reach the person: an email, a phone, or saying none."""
        data = super().clean() or {}
        has_way = data.get("email") or (data.get("phone") or "").strip()
        no_reply = data.get("no_reply")  # read first: an error on it removes it from `data`
        if not has_way and not no_reply and not {"email", "phone"} & set(self.errors):
            self.add_error(
                "email",
                _(
                    "Enter an email address or phone number so that we can reply, or select "
                    "that you do not want a reply"
                ),
            )
        if has_way and no_reply:
            # Never drop what someone typed without telling them.
            self.add_error(
                "no_reply",
                _(
                    "You gave an email address or phone number and also said you do not want a "
                    'reply: remove them, or untick "I do not want a reply"'
                ),
            )
        # A reply is addressed to someone: a name is needed only when one is wanted.
        wants_reply = has_way and not no_reply
        if wants_reply and not (data.get("name") or "").strip() and "name" not in self.errors:
            self.add_error("name", _("Enter your name so that we know who to reply to"))
        return data


class ResolveForm(TypedTextForm):
    response = forms.CharField(
        label="Response given",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the response you gave"},
    )


class TrackForm(DateOfBirthFields):
    field_order = ["reference", "dob_day", "dob_month", "dob_year"]

    reference = forms.CharField(
        label=_("Your case reference"),
        max_length=16,
        help_text=_("It is on the confirmation or letter we sent you, for example VC-7K3MP-9QXDT"),
        error_messages={"required": _("Enter your case reference")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born = self.born_on(data)
        if born is not None:
            data["date_of_birth"] = born
        return data


class CodeForm(TypedTextForm):
    code = forms.CharField(
        label=_("Enter the code we sent you"),
        max_length=6,
        min_length=6,
        help_text=_("It has 6 numbers and works for 10 minutes"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Enter the code"), "min_length": _("The code has 6 numbers")},
    )


class MessageForm(TypedTextForm):
    text = forms.CharField(
        label=_("Send a message to your officer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your message")},
    )
