"""Victim messages about justice events: the duty met when one is sent, and the officer's
decision on a sensitive one (approve, perhaps with edited words, or withhold)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.messages import case_channel, case_for_message, is_welsh
from victimcare.cases.models import Case, CaseNote, CaseTask
from victimcare.cases.services.versions import CaseChangeRefused
from victimcare.justice.messages import victim_message
from victimcare.justice.models import CaseJusticeEvent, JusticeEvent
from victimcare.notifications.delivery import enqueue_delivery
from victimcare.notifications.messages import notify_send, notify_templates
from victimcare.notifications.models import OutboxMessage, OutboxStatus
from victimcare.people.models import ContactChannel

# --- After a message is sent (called by the outbox, in its transaction) --------------------


def justice_message_sent(message: OutboxMessage) -> None:
    """The message told the victim: the duty it carried is met when it was sent."""
    task = CaseTask.objects.filter(pk=message.payload.get("task_id")).first()
    if task is not None and task.is_open:
        task.done_at = message.sent_at or timezone.now()
        by = ContactChannel.words(message.channel) if message.channel else "message"
        task.outcome = f"Told by {by} (automatic message)"  # type: ignore[assignment]
        task.save(update_fields=["done_at", "outcome"])
        audit_event_record(
            action=AuditAction.TASK_DONE,
            obj=task.case,
            actor_label="outbox",
            data={"task_id": task.pk, "message_id": message.pk},
        )


# --- Officer decisions ------------------------------------------------------------------


def _awaiting(case: Case, message_id: int) -> OutboxMessage:
    message = (
        OutboxMessage.objects.select_for_update()
        .filter(pk=message_id, case=case, kind="justice_update")
        .first()
    )
    if message is None:
        raise CaseChangeRefused("There is no such message on this case")
    if message.status != OutboxStatus.AWAITING_APPROVAL:
        raise CaseChangeRefused("This message is no longer waiting for a decision")
    return message


@dataclass(frozen=True)
class MessagePreview:
    """What a message will say, in the language it goes in, and by which safe channel."""

    text: str
    standard_text: str
    welsh: bool
    channel: str | None  # None: the safe-contact rules allow no channel

    @property
    def language(self) -> str:
        return "Welsh" if self.welsh else "English"

    @property
    def channel_words(self) -> str:
        """The channel as a sentence says it ("text message"), or "" for none."""
        return ContactChannel.words(self.channel) if self.channel else ""


def justice_message_preview(*, case: Case, message: OutboxMessage) -> MessagePreview:
    """The exact words the victim will receive: the officer's approved text once there is
    one, else the standard message for the event in the victim's language."""
    event = JusticeEvent.objects.filter(pk=message.payload.get("event_id")).first()
    welsh = is_welsh(case)
    standard = victim_message(event, welsh=welsh) if event is not None else ""
    return MessagePreview(
        text=message.text or standard,
        standard_text=standard,
        welsh=welsh,
        channel=case_channel(case),
    )


@transaction.atomic
def justice_message_approve(
    *, case: Case, message_id: int, actor: User, text: str | None = None
) -> OutboxMessage:
    """Let a sensitive message go with the words the officer saw (or edited, which is
    audited); the victim may then read the update on Track my case."""
    message = _awaiting(case, message_id)
    preview = justice_message_preview(case=case, message=message)
    words = preview.text if text is None else text.strip()
    if not words:
        raise CaseChangeRefused("Enter the message to send, or choose not to send it", field="text")
    message.text = words  # type: ignore[assignment]
    if words != preview.standard_text:
        audit_event_record(
            action=AuditAction.JUSTICE_MESSAGE_EDITED,
            obj=case,
            actor=actor,
            data={"message_id": message.pk, "welsh": preview.welsh},
        )
    message.status, message.decided_by, message.decided_at = (
        OutboxStatus.PENDING,
        actor,
        timezone.now(),
    )
    message.save(update_fields=["status", "decided_by", "decided_at", "text"])
    CaseJusticeEvent.objects.filter(case=case, event_id=message.payload["event_id"]).update(
        shareable=True
    )
    audit_event_record(
        action=AuditAction.JUSTICE_MESSAGE_APPROVED,
        obj=case,
        actor=actor,
        data={"message_id": message.pk},
    )
    transaction.on_commit(lambda: enqueue_delivery(message.pk))
    return message


@transaction.atomic
def justice_message_withhold(
    *, case: Case, message_id: int, reason: str, actor: User
) -> OutboxMessage:
    """Keep a sensitive message back (the officer will tell the victim another way); the
    duty stays open until they do."""
    if not reason.strip():
        raise CaseChangeRefused("Enter why the message should not be sent", field="reason")
    message = _awaiting(case, message_id)
    message.status, message.decided_by, message.decided_at = (
        OutboxStatus.WITHHELD,
        actor,
        timezone.now(),
    )
    message.save(update_fields=["status", "decided_by", "decided_at"])
    text = f"Automatic message withheld: {reason.strip()}"
    note = CaseNote.objects.create(case=case, written_by=actor, text=text)
    audit_event_record(
        action=AuditAction.JUSTICE_MESSAGE_WITHHELD,
        obj=case,
        actor=actor,
        data={"message_id": message.pk, "note_id": note.pk},
    )
    return message


def justice_update_send(message: OutboxMessage) -> None:
    """Tell the victim what happened in their case, in English or Welsh, by a safe channel."""

    case, channel = case_for_message(message)
    event = JusticeEvent.objects.get(pk=message.payload["event_id"])
    welsh = is_welsh(case)
    notify_send(
        message,
        what="justice update",
        record=f"case {case.pk}",
        channel=channel,
        email=case.victim.email,
        phone=case.victim.phone,
        templates=notify_templates("UPDATE", welsh),
        personalisation={
            "case_reference": case.reference,
            "message": message.text or victim_message(event, welsh=welsh),
        },
    )
