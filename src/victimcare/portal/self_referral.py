"""Refer yourself: the portal's questions, check your answers, and the intake."""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from victimcare.directory.rules import WHAT_HAPPENED_LABELS
from victimcare.intake.direct import SELF_REFERRAL_SOURCE

SOURCE = SELF_REFERRAL_SOURCE

# What happened (the visitor's words) → the feed's crime category and flag.
CATEGORY = {
    "domestic_abuse": ("Violence and sexual offences", "domestic_abuse"),
    "sexual_offence": ("Violence and sexual offences", "sexual_offence"),
    "violence": ("Violence and sexual offences", ""),
    "hate_crime": ("Public order", "hate_crime"),
    "harassment": ("Public order", ""),
    "property": ("Other theft", ""),
    "modern_slavery": ("Other crime", "modern_slavery"),
    "bereaved": ("Violence and sexual offences", ""),
    "other": ("Other crime", ""),
}


NO_MESSAGES_NOTE = "Do not leave a voicemail or a message that someone else might see"


def given_crime_reference(answers: dict[str, Any]) -> str:
    """The police crime reference the visitor typed, if they said they told the police: data
    for the officer, never the referral's key (intake.direct)."""
    return str(answers.get("crime_reference") or "") if answers["reported"] == "yes" else ""


def police_report(answers: dict[str, Any]) -> str:
    """Whether the visitor told the police, as the referral records it: a crime they did not
    report brings no police decisions to be told about."""
    return {"yes": "reported", "no": "not_reported"}.get(answers["reported"], "not_known")


def feed_values(answers: dict[str, Any], language: str = "en-gb") -> dict[str, str]:
    """The self-referral as a police feed v1 row for the shared intake, without its key:
    the hub makes that (intake.direct), whatever crime reference the visitor typed."""
    category, flag = CATEGORY[answers["what_happened"]]
    # "Is it safe to leave you a message?" No is exactly that: no voicemail, no message
    # someone else might see. It is not "unsafe to contact": they asked to be contacted.
    no_messages = answers["safe_message"] == "no"
    kind = "bereaved_relative" if answers["what_happened"] == "bereaved" else "individual"
    return {
        "source": SOURCE,
        "reported_at": timezone.now().isoformat(),
        "incident_type": "crime",
        "crime_category": category,
        # The visitor's own words, or the choice they made if they wrote none.
        "offence_description": answers.get("description")
        or str(WHAT_HAPPENED_LABELS[answers["what_happened"]])[:300],
        "victim_kind": kind,
        "given_name": answers["given_name"],
        "date_of_birth": answers.get("date_of_birth", ""),
        "family_name": answers["family_name"],
        "postcode": answers["postcode"],
        "phone": answers.get("phone", ""),
        "email": answers.get("email", ""),
        "preferred_contact": answers["preferred_contact"],
        "safe_to_contact": "true",
        "contact_notes": NO_MESSAGES_NOTE if no_messages else "",
        "referral_consent": "given",
        # Someone who used the portal in Welsh is answered in Welsh (Welsh Language Act).
        "first_language": "Welsh" if language == "cy" else "",
        **({flag: "true"} if flag else {}),
    }


def summary(answers: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(question, answer, step to change it) for check your answers, in the visitor's language."""
    way = {"phone": _("Phone call"), "sms": _("Text message"), "email": _("Email")}
    police = {"yes": _("Yes"), "no": _("No"), "not_sure": _("I'm not sure")}
    return [
        (_("Name"), f"{answers['given_name']} {answers['family_name']}", "name"),
        (_("Date of birth"), _date_words(answers.get("date_of_birth", "")), "date-of-birth"),
        (_("Postcode"), answers["postcode"], "postcode"),
        (_("Phone number"), answers.get("phone") or _("Not given"), "contact"),
        (_("Email address"), answers.get("email") or _("Not given"), "contact"),
        (_("How we contact you"), str(way.get(answers["preferred_contact"], "")), "contact"),
        (
            _("Safe to leave a message"),
            _("Yes")
            if answers["safe_message"] == "yes"
            else _("No: do not leave a voicemail or a message someone else might see"),
            "contact",
        ),
        (_("What happened"), str(WHAT_HAPPENED_LABELS[answers["what_happened"]]), "what-happened"),
        (_("Tell us more"), answers.get("description") or _("Not given"), "what-happened"),
        (_("Told the police"), str(police[answers["reported"]]), "police"),
        *(
            [(_("Crime reference"), given_crime_reference(answers), "police")]
            if given_crime_reference(answers)
            else []
        ),
        (_("Can we help you?"), _("Yes, I agree to the hub contacting me"), "consent"),
    ]


def _date_words(iso: str) -> str:
    """27 March 1990, or 27 Mawrth 1990 in Welsh (the active language's month names)."""
    return date_format(datetime.date.fromisoformat(iso), "j F Y") if iso else ""


def due_words(day: datetime.date) -> str:
    """Friday 27 November 2026, or Dydd Gwener 27 Tachwedd 2026 in Welsh."""
    return date_format(day, "l j F Y")
