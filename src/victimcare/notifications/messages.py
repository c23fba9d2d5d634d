"""Messages to victims through GOV.UK Notify (or, under `make run`, the console): the
generic sending of one outbox message; each app keeps the senders of its own messages
(cases/messages.py, feedback/messages.py, justice/services/messages.py), named by kind in
notifications/delivery.py.

Outbox payloads name a record only; addresses are read at sending time, so a victim's
details never sit in the outbox and a change of number is honoured. Safe-contact rules
apply to every message to a victim of a case: no text when flagged "no SMS", only the
agreed channel, nothing while contact is not safe. Automated messages never use voicemail.
A case's victim is reached by the details its own referral gave (ADR 38), never by another
referral's joined to the same person.
"""

from django.conf import settings

from victimcare.notifications.backends import Outgoing, message_backend
from victimcare.notifications.models import OutboxMessage


def notify_templates(kind: str, welsh: bool) -> tuple[str, str]:
    """(email, SMS) Notify template ids for a message, in Welsh where one is configured."""
    english = (
        getattr(settings, f"NOTIFY_{kind}_EMAIL_TEMPLATE"),
        getattr(settings, f"NOTIFY_{kind}_SMS_TEMPLATE"),
    )
    cy = (
        getattr(settings, f"NOTIFY_{kind}_EMAIL_TEMPLATE_CY", ""),
        getattr(settings, f"NOTIFY_{kind}_SMS_TEMPLATE_CY", ""),
    )
    return (cy[0] or english[0], cy[1] or english[1]) if welsh else english


def notify_send(
    message: OutboxMessage,
    *,
    what: str,
    record: str,
    channel: str,
    email: str,
    phone: str,
    templates: tuple[str, str],
    personalisation: dict[str, str],
) -> None:
    """Send one email or text, keyed by the outbox message's idempotency key."""
    message.channel = channel
    message.save(update_fields=["channel"])
    message_backend().send(
        Outgoing(
            key=str(message.idempotency_key),
            what=what,
            record=record,
            channel=channel,
            email=email,
            phone=phone,
            template_id=templates[0] if channel == "email" else templates[1],
            personalisation=personalisation,
        )
    )


def already_delivered(message: OutboxMessage) -> bool:
    """Did the receiver take this message already (its worker died before recording it)?"""
    return message_backend().already_sent(str(message.idempotency_key))
