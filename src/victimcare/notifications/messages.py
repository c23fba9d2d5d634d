"""Messages to victims through GOV.UK Notify (or, under `make run`, the console).

Outbox payloads name a record only; addresses are read at sending time, so a victim's
details never sit in the outbox and a change of number is honoured. Safe-contact rules
apply to every message to a victim of a case: no text when flagged "no SMS", only the
agreed channel, nothing while contact is not safe. Automated messages never use voicemail.
A case's victim is reached by the details its own referral gave (ADR 31), never by another
referral's joined to the same person.
"""

from django.conf import settings

from victimcare.cases.models import Case
from victimcare.notifications.backends import Outgoing, message_backend
from victimcare.notifications.delivery import NotSendable
from victimcare.notifications.models import OutboxMessage
from victimcare.people.models import ContactChannel


def case_channel(case: Case) -> str | None:
    """Email or SMS, as the safe-contact rules allow, the victim's preference first; None if
    neither may be used."""
    person = case.victim  # the details its own referral gave (ADR 31)
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


def _templates(kind: str, welsh: bool) -> tuple[str, str]:
    """(email, SMS) Notify template ids for a message, in Welsh where one is configured."""
    english = (getattr(settings, f"NOTIFY_{kind}_EMAIL_TEMPLATE"),
               getattr(settings, f"NOTIFY_{kind}_SMS_TEMPLATE"))  # fmt: skip
    cy = (getattr(settings, f"NOTIFY_{kind}_EMAIL_TEMPLATE_CY", ""),
          getattr(settings, f"NOTIFY_{kind}_SMS_TEMPLATE_CY", ""))  # fmt: skip
    return (cy[0] or english[0], cy[1] or english[1]) if welsh else english


def _send(
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
            key=str(message.idempotency_key), what=what, record=record, channel=channel,
            email=email, phone=phone,
            template_id=templates[0] if channel == "email" else templates[1],
            personalisation=personalisation,
        )
    )  # fmt: skip


def already_delivered(message: OutboxMessage) -> bool:
    """Did the receiver take this message already (its worker died before recording it)?"""
    return message_backend().already_sent(str(message.idempotency_key))


def _case_for(message: OutboxMessage) -> tuple[Case, str]:
    case_id = message.payload.get("case_id") or message.related_id
    case = Case.objects.select_related("person", "referral__victim").get(pk=case_id)
    channel = case_channel(case)
    if channel is None:
        raise NotSendable("no channel the victim's safe-contact rules allow")
    return case, channel


def survey_invitation_send(message: OutboxMessage) -> None:
    """Invite the victim, once, to the satisfaction survey after their case closes."""
    from victimcare.feedback.models import SurveyInvitation

    case, channel = _case_for(message)
    invitation = SurveyInvitation.objects.get(case=case)
    url = f"{settings.VCH_PUBLIC_URL.rstrip('/')}/feedback/{invitation.token}/"
    _send(
        message, what="survey invitation", record=f"case {case.pk}", channel=channel,
        email=case.victim.email, phone=case.victim.phone,
        templates=_templates("SURVEY", is_welsh(case)),
        personalisation={"case_reference": case.reference, "survey_url": url},
    )  # fmt: skip


def complaint_acknowledgement_send(message: OutboxMessage) -> None:
    """Acknowledge a complaint, with its reference and the date we will answer by."""
    from victimcare.feedback.models import Complaint

    complaint = Complaint.objects.get(pk=message.payload["complaint_id"])
    _send(
        message, what="complaint acknowledgement", record=f"complaint {complaint.pk}",
        channel=message.destination, email=complaint.email, phone=complaint.phone,
        templates=_templates("COMPLAINT", False),
        personalisation={"reference": complaint.reference,
                         "respond_by": complaint.respond_by.strftime("%-d %B %Y")},
    )  # fmt: skip


def tracking_code_send(message: OutboxMessage) -> None:
    """The one-time code for Track my case, by the case's safe channel."""
    case, channel = _case_for(message)
    _send(
        message, what="tracking code", record=f"case {case.pk}", channel=channel,
        email=case.victim.email, phone=case.victim.phone,
        templates=_templates("CODE", is_welsh(case)),
        personalisation={"code": str(message.payload["code"])},
    )  # fmt: skip


def justice_update_send(message: OutboxMessage) -> None:
    """Tell the victim what happened in their case, in English or Welsh, by a safe channel."""
    from victimcare.justice.messages import victim_message
    from victimcare.justice.models import JusticeEvent

    case, channel = _case_for(message)
    event = JusticeEvent.objects.get(pk=message.payload["event_id"])
    welsh = is_welsh(case)
    _send(
        message, what="justice update", record=f"case {case.pk}", channel=channel,
        email=case.victim.email, phone=case.victim.phone,
        templates=_templates("UPDATE", welsh),
        personalisation={"case_reference": case.reference,
                         "message": victim_message(event, welsh=welsh)},
    )  # fmt: skip


def tracking_code_sent(message: OutboxMessage) -> None:
    """Once the code is delivered the outbox forgets it (only its digest is kept)."""
    message.payload = {**message.payload, "code": ""}
