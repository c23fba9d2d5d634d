"""Safe contact rules (pure): never reach a victim in a way that could put them at risk."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from victimcare.cases.models import ContactOutcome
from victimcare.people.models import ContactChannel

MESSAGE_OUTCOMES = frozenset({ContactOutcome.VOICEMAIL, ContactOutcome.MESSAGE_SENT})


@dataclass(frozen=True)
class SafeContact:
    agreed_channel: str
    no_voicemail: bool
    no_sms: bool
    safe_to_contact: bool | None  # from the referral: False means no safe route known yet


def contact_refusal(rules: SafeContact, *, channel: str, outcome: str) -> str | None:
    """Why this contact must not be made (or recorded as made), or None if it is safe."""
    if rules.agreed_channel and channel != rules.agreed_channel:
        agreed = ContactChannel(rules.agreed_channel).label.lower()
        return f"The victim agreed to be contacted only by {agreed}"
    if rules.no_sms and channel == ContactChannel.SMS:
        return "Never send this victim a text message"
    if rules.no_voicemail and outcome == ContactOutcome.VOICEMAIL:
        return "Never leave this victim a voicemail"
    if rules.safe_to_contact is False and not rules.agreed_channel and outcome in MESSAGE_OUTCOMES:
        return (
            "It is not safe to leave this victim a message until a safe way to contact "
            "them is agreed"
        )
    return None


def safe_contact_warnings(rules: SafeContact, safe_times: str, notes: str) -> list[str]:
    """What an officer must read before any contact, in order of importance."""
    warnings = []
    if rules.safe_to_contact is False:
        warnings.append("Not safe to contact without a safe route agreed")
    if rules.agreed_channel:
        warnings.append(f"Only by {ContactChannel(rules.agreed_channel).label.lower()}")
    if rules.no_voicemail:
        warnings.append("No voicemail")
    if rules.no_sms:
        warnings.append("No text messages")
    if safe_times:
        warnings.append(f"Safe times: {safe_times}")
    if notes:
        warnings.append(notes)
    return warnings


def unable_to_contact_due(
    attempts: Sequence[tuple[datetime.datetime, bool]],
    *,
    now: datetime.datetime,
    max_failed: int,
    period_days: int,
) -> bool:
    """True when `max_failed` attempts have failed within the last `period_days` days and
    none has succeeded since the first of them. `attempts` is (when, succeeded)."""
    since = now - datetime.timedelta(days=period_days)
    recent = [(when, ok) for when, ok in attempts if when >= since]
    if any(ok for _, ok in recent):
        last_success = max(when for when, ok in recent if ok)
        recent = [(when, ok) for when, ok in recent if when > last_success]
    return sum(1 for _, ok in recent if not ok) >= max_failed
