"""Senders of feedback's messages (named by kind in notifications/delivery.py): the
survey invitation, the complaint acknowledgement, the Track my case code and the notice of
an officer's reply."""

from django.conf import settings

from victimcare.cases.messages import case_for_message, is_welsh
from victimcare.feedback.models import Complaint, SurveyInvitation
from victimcare.notifications.messages import notify_send, notify_templates
from victimcare.notifications.models import OutboxMessage


def survey_invitation_send(message: OutboxMessage) -> None:
    """Invite the victim, once, to the satisfaction survey after their case closes."""

    case, channel = case_for_message(message)
    invitation = SurveyInvitation.objects.get(case=case)
    url = f"{settings.VCH_PUBLIC_URL.rstrip('/')}/feedback/{invitation.token}/"
    notify_send(
        message,
        what="survey invitation",
        record=f"case {case.pk}",
        channel=channel,
        email=case.victim.email,
        phone=case.victim.phone,
        templates=notify_templates("SURVEY", is_welsh(case)),
        personalisation={"case_reference": case.reference, "survey_url": url},
    )


def complaint_acknowledgement_send(message: OutboxMessage) -> None:
    """Acknowledge a complaint, with its reference and the date we will answer by."""

    complaint = Complaint.objects.get(pk=message.payload["complaint_id"])
    notify_send(
        message,
        what="complaint acknowledgement",
        record=f"complaint {complaint.pk}",
        channel=message.destination,
        email=complaint.email,
        phone=complaint.phone,
        templates=notify_templates("COMPLAINT", False),
        personalisation={
            "reference": complaint.reference,
            "respond_by": complaint.respond_by.strftime("%-d %B %Y"),
        },
    )


def tracking_code_send(message: OutboxMessage) -> None:
    """The one-time code for Track my case, by the case's safe channel."""
    case, channel = case_for_message(message)
    notify_send(
        message,
        what="tracking code",
        record=f"case {case.pk}",
        channel=channel,
        email=case.victim.email,
        phone=case.victim.phone,
        templates=notify_templates("CODE", is_welsh(case)),
        personalisation={"code": str(message.payload["code"])},
    )


def tracking_code_sent(message: OutboxMessage) -> None:
    """Once the code is delivered the outbox forgets it (only its digest is kept)."""
    message.payload = {**message.payload, "code": ""}


def reply_notification_send(message: OutboxMessage) -> None:
    """Tell the victim their officer has replied, with a link to Track my case: never the
    reply's words, which they read there after signing in. By the safe channel only."""
    case, channel = case_for_message(message)
    url = f"{settings.VCH_PUBLIC_URL.rstrip('/')}/track/"
    notify_send(
        message,
        what="reply notification",
        record=f"case {case.pk}",
        channel=channel,
        email=case.victim.email,
        phone=case.victim.phone,
        templates=notify_templates("REPLY", is_welsh(case)),
        personalisation={"case_reference": case.reference, "track_url": url},
    )
