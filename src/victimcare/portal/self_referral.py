"""Refer yourself: the portal's questions, check your answers, and the intake."""

import datetime
from typing import Any

from django.utils import timezone
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


def given_crime_reference(answers: dict[str, Any]) -> str:
    """The police crime reference the visitor typed, if they said they told the police: data
    for the officer, never the referral's key (referrals.direct)."""
    return str(answers.get("crime_reference") or "") if answers["reported"] == "yes" else ""


def feed_values(answers: dict[str, Any], language: str = "en-gb") -> dict[str, str]:
    """The self-referral as a police feed v1 row for the shared intake, without its key:
    the hub makes that (referrals.direct), whatever crime reference the visitor typed."""
    category, flag = CATEGORY[answers["what_happened"]]
    unsafe = answers["safe_message"] == "no"
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
        "safe_to_contact": "false" if unsafe else "true",
        "contact_notes": "Do not leave messages: not safe" if unsafe else "",
        "referral_consent": "given",
        # Someone who used the portal in Welsh is answered in Welsh (Welsh Language Act).
        "first_language": "Welsh" if language == "cy" else "",
        **({flag: "true"} if flag else {}),
    }  # fmt: skip


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
        (_("Safe to leave a message"), _("Yes") if answers["safe_message"] == "yes" else _("No"),
         "contact"),
        (_("What happened"), str(WHAT_HAPPENED_LABELS[answers["what_happened"]]), "what-happened"),
        (_("Told the police"), str(police[answers["reported"]]), "police"),
        *([(_("Crime reference"), given_crime_reference(answers), "police")]
          if given_crime_reference(answers) else []),
    ]  # fmt: skip


def _date_words(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%-d %B %Y") if iso else ""


def due_words(day: datetime.date) -> str:
    return day.strftime("%A %-d %B %Y")
