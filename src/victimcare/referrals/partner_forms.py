"""The partner referral form: a partner worker refers a victim, reported to police or not."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from victimcare.core.date_input import GovukDateField, GovukDateInput
from victimcare.core.phone import UKPhoneField
from victimcare.core.typed_text import TypedTextForm
from victimcare.referrals.feed_columns import CRIME_CATEGORIES

CIRCUMSTANCES = [
    ("domestic_abuse", "Domestic abuse"),
    ("sexual_offence", "Sexual violence or abuse"),
    ("hate_crime", "Hate crime"),
    ("modern_slavery", "Modern slavery or trafficking"),
    ("gun_or_knife", "A gun or knife was involved"),
    ("mental_disorder", "The victim has a mental health condition"),
    ("learning_disability", "The victim has a learning disability"),
    ("physical_disability", "The victim has a physical disability"),
    ("intimidated", "The victim is frightened of giving evidence"),
]
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known")]
REPORTED = [("yes", "Yes"), ("no", "No, or not yet"), ("unknown", "Not known")]


class PartnerReferralForm(TypedTextForm):
    given_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter the victim's first name"},
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the victim's last name"},
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        help_text="For example, 27 3 2007",
        widget=GovukDateInput(),
        input_formats=["%d %m %Y", "%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "invalid": "Enter the date of birth as day, month and year, for example 27 3 2007"
        },
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        help_text="We use it to find the victim's local hub",
    )
    phone = UKPhoneField(label="Phone number", max_length=30, required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    preferred_contact = forms.ChoiceField(
        label="How does the victim want to be contacted?",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("phone", "Phone call"),
            ("sms", "Text message"),
            ("email", "Email"),
            ("letter", "Letter"),
        ],
    )
    safe_to_contact = forms.ChoiceField(
        label="Is it safe to contact the victim?",
        widget=forms.RadioSelect,
        choices=YES_NO_UNKNOWN,
        error_messages={"required": "Select whether it is safe to contact the victim"},
    )
    contact_notes = forms.CharField(
        label="Safe times and anything to avoid",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: only call after 6pm, do not leave voicemail",
    )
    incident_type = forms.ChoiceField(
        label="What happened?",
        widget=forms.RadioSelect,
        choices=[("crime", "A crime"), ("asb", "Anti-social behaviour")],
        error_messages={"required": "Select whether it was a crime or anti-social behaviour"},
    )
    crime_category = forms.ChoiceField(
        label="Type of crime or incident",
        choices=[("", "Choose a type"), *[(c, c) for c in CRIME_CATEGORIES]],
        error_messages={"required": "Select the type of crime or incident"},
    )
    offence_description = forms.CharField(
        label="What happened, in a few words",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    circumstances = forms.MultipleChoiceField(
        label="Does any of this apply?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=CIRCUMSTANCES,
        help_text="Select all that apply",
    )
    reported_to_police = forms.ChoiceField(
        label="Has it been reported to the police?",
        widget=forms.RadioSelect,
        choices=REPORTED,
        help_text="Support is available whether or not it was reported",
        error_messages={"required": "Select whether it has been reported to the police"},
    )
    crime_reference = forms.CharField(
        label="Police crime reference (if known)",
        max_length=60,
        required=False,
    )
    consent = forms.BooleanField(
        label="The victim has agreed to this referral and to their details being shared "
        "with the victim care hub",
        error_messages={"required": "Confirm the victim has agreed to the referral"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("incident_type") == "crime" and not data.get("offence_description"):
            self.add_error("offence_description", "Describe what happened in a few words")
        if data.get("incident_type") == "asb" and data.get("crime_category") not in (
            None,
            "",
            "Anti-social behaviour",
        ):
            self.add_error(
                "crime_category", "For anti-social behaviour, choose Anti-social behaviour"
            )
        return data

    @property
    def given_crime_reference(self) -> str:
        """The police crime reference typed, if reported: data for the officer, never the
        referral's key (intake.direct)."""
        data = self.cleaned_data
        return str(data["crime_reference"]) if data["reported_to_police"] == "yes" else ""

    @property
    def police_report(self) -> str:
        """Whether the crime was reported to the police, as the referral records it."""
        answer = self.cleaned_data["reported_to_police"]
        return {"yes": "reported", "no": "not_reported"}.get(answer, "not_known")

    def feed_values(self, *, source: str) -> dict[str, str]:
        """The referral in police feed v1 form for the shared intake, without its key: the
        hub makes that (intake.direct), whatever crime reference was typed."""
        data = self.cleaned_data
        dob: datetime.date | None = data.get("date_of_birth")
        flags = {name: "true" if name in data["circumstances"] else "" for name, _ in CIRCUMSTANCES}
        safe = {"yes": "true", "no": "false"}.get(data["safe_to_contact"], "")
        return {
            "source": source,
            "reported_at": timezone.now().isoformat(),
            "incident_type": data["incident_type"],
            "crime_category": data["crime_category"],
            "offence_description": data["offence_description"],
            "victim_kind": "individual",
            "given_name": data["given_name"],
            "family_name": data["family_name"],
            "date_of_birth": dob.isoformat() if dob else "",
            "postcode": data["postcode"],
            "phone": data["phone"],
            "email": data["email"],
            "preferred_contact": data["preferred_contact"],
            "safe_to_contact": safe,
            "contact_notes": data["contact_notes"],
            "referral_consent": "given",
            **flags,
        }
