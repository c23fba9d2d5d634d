"""Sending outbox messages, after commit, by the task worker."""

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from victimcare.notifications.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5

# kind -> the function that sends one message; it raises DeliveryFailed to retry later.
SENDERS = {
    "transfer": "victimcare.referrals.transfers.transfer_send",
    "survey_invitation": "victimcare.notifications.messages.survey_invitation_send",
    "tracking_code": "victimcare.notifications.messages.tracking_code_send",
    "complaint_acknowledgement": (
        "victimcare.notifications.messages.complaint_acknowledgement_send"
    ),
}


class DeliveryFailed(Exception):
    """The receiver could not be reached or refused the message; the reason names no person."""


def outbox_enqueue(
    *,
    kind: str,
    destination: str,
    payload: dict[str, Any],
    related_type: str = "",
    related_id: Any = "",
) -> OutboxMessage:
    """Write a message to the outbox in the caller's transaction; send it after commit."""
    if kind not in SENDERS:
        raise ValueError(f"No sender for outbox messages of kind {kind!r}")
    message = OutboxMessage.objects.create(
        kind=kind, destination=destination, payload=payload, related_type=related_type,
        related_id=str(related_id),
    )  # fmt: skip
    transaction.on_commit(lambda: _enqueue_delivery(message.pk))
    return message


def _enqueue_delivery(message_id: int) -> None:
    from victimcare.notifications.tasks import deliver_outbox_message

    deliver_outbox_message.enqueue(message_id)


def outbox_deliver(*, message_id: int) -> OutboxMessage:
    """Send one message once: a message already sent is left alone."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        if message.status in {OutboxStatus.SENT, OutboxStatus.GAVE_UP}:
            return message
        sender: Callable[[OutboxMessage], None] = import_string(SENDERS[message.kind])
        message.attempts += 1
        try:
            sender(message)
        except DeliveryFailed as failure:
            message.last_error = str(failure)[:300]
            message.status = (
                OutboxStatus.GAVE_UP if message.attempts >= MAX_ATTEMPTS else OutboxStatus.FAILED
            )
            logger.warning(
                "outbox message %s (%s) failed: %s", message.pk, message.kind, message.last_error
            )
        else:
            message.status = OutboxStatus.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
        message.save()
    return message
