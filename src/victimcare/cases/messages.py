"""Reaching the victim of a case: the channel their safe-contact rules allow, in Welsh or
English, by the details the case's own referral gave (ADR 38)."""

from victimcare.cases.models import Case, CaseStatus
from victimcare.notifications.delivery import NotSendable
from victimcare.notifications.models import OutboxMessage
from victimcare.people.models import ContactChannel


def case_channel(case: Case) -> str | None:
    """Email or SMS, as the safe-contact rules allow, the victim's preference first; None if
    neither may be used, or when the case was sent in error (ADR 71): the person its
    referral named is not the victim, and nothing goes to them."""
    if case.status == CaseStatus.SENT_IN_ERROR:
        return None
    person = case.victim  # the details its own referral gave (ADR 38)
    if person.safe_to_contact is False:
        return None
    allowed = [case.agreed_channel] if case.agreed_channel else ["email", "sms"]
    usable = []
    if person.email and ContactChannel.EMAIL in allowed:
        usable.append("email")
    if person.phone and ContactChannel.SMS in allowed and not case.no_sms:
        usable.append("sms")
    if person.preferred_contact in usable:
        return str(person.preferred_contact)
    return usable[0] if usable else None


def is_welsh(case: Case | None) -> bool:
    language = case.victim.first_language.strip().lower() if case else ""
    return language in {"welsh", "cymraeg", "cy"}


def case_for_message(message: OutboxMessage) -> tuple[Case, str]:
    case_id = message.payload.get("case_id") or message.related_id
    case = Case.objects.select_related("person", "referral__victim").get(pk=case_id)
    channel = case_channel(case)
    if case.status == CaseStatus.SENT_IN_ERROR:
        raise NotSendable("the case was sent in error: nothing goes to the person it named")
    if channel is None:
        raise NotSendable("no channel the victim's safe-contact rules allow")
    return case, channel
