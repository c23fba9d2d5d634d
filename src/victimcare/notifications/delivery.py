"""Sending outbox messages, after commit, by the task worker: each exactly once.

A message moves pending -> sending -> sent (or failed, retried with backoff, until it
gives up; or not sent, when there is no safe way to send it). Sensitive messages start
awaiting an officer's approval. The claim (`sending`, with a lease) is committed before the
send and the result after it, so no lock or transaction is held across a network call. A
worker that dies mid-send leaves the message `sending`; once its lease has passed, the
sweep asks the receiver whether that idempotency key arrived before sending it again.
"""

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from victimcare.notifications.backends import DeliveryFailed
from victimcare.notifications.models import FINAL_STATUSES, OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)
__all__ = ["DeliveryFailed", "NotSendable", "outbox_deliver", "outbox_enqueue", "outbox_sweep"]

# The sender registry: kind -> the function that sends one message, by dotted path, so the
# outbox imports none of the apps above it (each app keeps its own senders). A sender
# raises DeliveryFailed to retry later, NotSendable when the message must not be sent.
SENDERS = {
    "transfer": "victimcare.intake.transfers.transfer_send",
    "survey_invitation": "victimcare.feedback.messages.survey_invitation_send",
    "tracking_code": "victimcare.feedback.messages.tracking_code_send",
    "complaint_acknowledgement": ("victimcare.feedback.messages.complaint_acknowledgement_send"),
    "justice_update": "victimcare.justice.services.messages.justice_update_send",
    "reply_notification": "victimcare.feedback.messages.reply_notification_send",
}
# kind -> how to ask the receiver whether a message in doubt arrived. Kinds without one go
# to a receiver that is itself idempotent by key (a peer hub's transfer API).
DELIVERED_CHECKS = {
    kind: "victimcare.notifications.messages.already_delivered"
    for kind in (
        "survey_invitation",
        "tracking_code",
        "complaint_acknowledgement",
        "justice_update",
        "reply_notification",
    )
}
# kind -> what happens, in the same transaction, once a message is sent.
ON_SENT = {
    "justice_update": "victimcare.justice.services.messages.justice_message_sent",
    "tracking_code": "victimcare.feedback.messages.tracking_code_sent",
}


class NotSendable(Exception):
    """The message must not go (e.g. no channel the safe-contact rules allow)."""


def outbox_enqueue(
    *,
    kind: str,
    destination: str,
    payload: dict[str, Any],
    related_type: str = "",
    related_id: Any = "",
    case: Any = None,
    awaiting_approval: bool = False,
) -> OutboxMessage:
    """Write a message to the outbox in the caller's transaction; send it after commit
    (or, if it awaits approval, once an officer approves it)."""
    if kind not in SENDERS:
        raise ValueError(f"No sender for outbox messages of kind {kind!r}")
    message = OutboxMessage.objects.create(
        kind=kind,
        destination=destination,
        payload=payload,
        related_type=related_type,
        related_id=str(related_id),
        case=case,
        status=OutboxStatus.AWAITING_APPROVAL if awaiting_approval else OutboxStatus.PENDING,
    )
    if not awaiting_approval:
        transaction.on_commit(lambda: enqueue_delivery(message.pk))
    return message


def enqueue_delivery(message_id: int, run_after: datetime.datetime | None = None) -> None:
    # notifications/tasks.py imports this module (its task runs outbox_deliver), so a
    # module-level import here would be circular.
    from victimcare.notifications.tasks import deliver_outbox_message

    task = deliver_outbox_message.using(run_after=run_after) if run_after else None
    (task or deliver_outbox_message).enqueue(message_id)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Backoff: the base wait after the first failure, doubling after each one."""
    return datetime.timedelta(seconds=settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def _claim(message_id: int, now: datetime.datetime) -> OutboxMessage | None:
    """Take the message for sending, or None if it is not ours to send now."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        if message.status in FINAL_STATUSES or message.status == OutboxStatus.AWAITING_APPROVAL:
            return None
        if message.status == OutboxStatus.SENDING:
            if message.claimed_until and message.claimed_until > now:
                return None  # another worker is sending it
            check = DELIVERED_CHECKS.get(message.kind)
            if check and import_string(check)(message):
                # Its worker died after the receiver took it: record it, send nothing.
                _finish(message, OutboxStatus.SENT, now)
                return None
        elif message.next_attempt_at and message.next_attempt_at > now:
            return None  # a retry that is not due yet
        message.status = OutboxStatus.SENDING
        message.claimed_until = now + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
        message.attempts += 1
        message.save(update_fields=["status", "claimed_until", "attempts"])
        return message


def _finish(message: OutboxMessage, status: str, now: datetime.datetime, error: str = "") -> None:
    """Record the result (inside the caller's transaction)."""
    message.status = status
    message.claimed_until = None
    message.last_error = error[:300]
    if status == OutboxStatus.SENT:
        message.sent_at = now
        on_sent = ON_SENT.get(message.kind)
        if on_sent:
            import_string(on_sent)(message)
    message.save()


def outbox_deliver(*, message_id: int) -> OutboxMessage:
    """Send one message once. A message already sent, or being sent, is left alone."""
    now = timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return OutboxMessage.objects.get(pk=message_id)
    sender: Callable[[OutboxMessage], None] = import_string(SENDERS[message.kind])
    status, error = OutboxStatus.SENT, ""
    try:
        sender(message)
    except NotSendable as reason:
        status, error = OutboxStatus.NOT_SENT, str(reason)
    except DeliveryFailed as failure:
        status, error = OutboxStatus.FAILED, str(failure)
    except Exception as unexpected:  # a fault here must not strand the message as "sending"
        status, error = OutboxStatus.FAILED, f"unexpected {type(unexpected).__name__}"
        logger.exception("outbox message %s (%s) raised", message.pk, message.kind)
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if status == OutboxStatus.FAILED:
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                status = OutboxStatus.GAVE_UP
            else:
                message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
                retry_at = message.next_attempt_at
                transaction.on_commit(lambda: enqueue_delivery(message.pk, retry_at))
            logger.warning("outbox message %s (%s) failed: %s", message.pk, message.kind, error)
        _finish(message, status, timezone.now(), error)
    return message


def outbox_sweep() -> int:
    """Deliver what is waiting: pending messages, retries now due, and messages whose worker
    died mid-send (checked with the receiver first). Returns how many were looked at."""
    now = timezone.now()
    due = (
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
        | OutboxMessage.objects.filter(status=OutboxStatus.FAILED, next_attempt_at__lte=now)
        | OutboxMessage.objects.filter(status=OutboxStatus.SENDING, claimed_until__lte=now)
    )
    count = 0
    for message_id in due.order_by("pk").values_list("pk", flat=True):
        outbox_deliver(message_id=message_id)
        count += 1
    return count
