"""Reads of the messages sent to a case's victim, from the outbox: what went, by which
channel, with what status and how many attempts; never the words (ADR 53)."""

import datetime
from dataclasses import dataclass

from victimcare.cases.models import Case
from victimcare.notifications.models import OutboxMessage, OutboxStatus

VICTIM_MESSAGE_KINDS = {
    "justice_update": "Update from the police or court",
    "survey_invitation": "Invitation to the satisfaction survey",
    "tracking_code": "Track my case sign-in code",
    "reply_notification": "Notice of a reply in Track my case",
}
# Each status as a GOV.UK tag colour: waiting, queued, sent, failed.
STATUS_TAGS = {
    OutboxStatus.AWAITING_APPROVAL: "govuk-tag--yellow",
    OutboxStatus.PENDING: "govuk-tag--blue",
    OutboxStatus.SENDING: "govuk-tag--blue",
    OutboxStatus.SENT: "govuk-tag--green",
    OutboxStatus.FAILED: "govuk-tag--orange",
    OutboxStatus.GAVE_UP: "govuk-tag--red",
    OutboxStatus.NOT_SENT: "govuk-tag--red",
    OutboxStatus.WITHHELD: "govuk-tag--grey",
}
CHANNEL_LABELS = {"email": "Email", "sms": "Text message"}


@dataclass(frozen=True)
class VictimMessage:
    """One message to the victim as the case's messages page lists it."""

    id: int
    kind: str
    what: str
    channel: str
    status: str
    status_label: str
    status_tag: str
    attempts: int
    created_at: datetime.datetime
    sent_at: datetime.datetime | None
    problem: str
    awaiting_approval: bool


def _channel_label(message: OutboxMessage) -> str:
    if message.channel:
        return CHANNEL_LABELS.get(message.channel, message.channel)
    if message.status in (
        OutboxStatus.AWAITING_APPROVAL,
        OutboxStatus.PENDING,
        OutboxStatus.SENDING,
        OutboxStatus.FAILED,
    ):
        return "Not chosen yet: the victim's safe-contact rules choose when it is sent"
    return "None"


def case_victim_messages(case: Case) -> list[VictimMessage]:
    """Every message to the case's victim, newest first (the caller has checked the user
    may open the case). Only what a message is and how it went: never its words."""
    rows = OutboxMessage.objects.filter(case=case, kind__in=VICTIM_MESSAGE_KINDS).order_by(
        "-created_at", "-pk"
    )
    return [
        VictimMessage(
            id=m.pk,
            kind=m.kind,
            what=VICTIM_MESSAGE_KINDS[m.kind],
            channel=_channel_label(m),
            status=m.status,
            status_label=OutboxStatus(m.status).label,
            status_tag=STATUS_TAGS.get(OutboxStatus(m.status), ""),
            attempts=m.attempts,
            created_at=m.created_at,
            sent_at=m.sent_at,
            problem=m.last_error,
            awaiting_approval=m.status == OutboxStatus.AWAITING_APPROVAL,
        )
        for m in rows
    ]
