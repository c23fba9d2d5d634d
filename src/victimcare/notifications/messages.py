"""Messages to victims through GOV.UK Notify (or, under `make run`, the console).

Outbox payloads name a record only; addresses are read at sending time, so a victim's
details never sit in the outbox and a change of number is honoured. Safe-contact rules
apply to every message to a victim of a case: no text when flagged "no SMS", only the
agreed channel, nothing while contact is not safe.
"""

import logging

from django.conf import settings

from victimcare.cases.models import Case
from victimcare.notifications.delivery import DeliveryFailed
from victimcare.notifications.models import OutboxMessage
from victimcare.people.models import ContactChannel

logger = logging.getLogger(__name__)


def case_channel(case: Case) -> str | None:
    """Email or SMS, as the safe-contact rules allow; None if neither may be used."""
    person = case.person
    if person.safe_to_contact is False:
        return None
    allowed = [case.agreed_channel] if case.agreed_channel else ["email", "sms"]
    if person.email and ContactChannel.EMAIL in allowed:
        return "email"
    if person.phone and ContactChannel.SMS in allowed and not case.no_sms:
        return "sms"
    return None


def _welsh(case: Case | None) -> bool:
    language = case.person.first_language.strip().lower() if case else ""
    return language in {"welsh", "cymraeg", "cy"}


def _templates(kind: str, welsh: bool) -> tuple[str, str]:
    """(email, SMS) Notify template ids for a message, in Welsh where one is configured."""
    english = (getattr(settings, f"NOTIFY_{kind}_EMAIL_TEMPLATE"),
               getattr(settings, f"NOTIFY_{kind}_SMS_TEMPLATE"))  # fmt: skip
    cy = (getattr(settings, f"NOTIFY_{kind}_EMAIL_TEMPLATE_CY", ""),
          getattr(settings, f"NOTIFY_{kind}_SMS_TEMPLATE_CY", ""))  # fmt: skip
    return (cy[0] or english[0], cy[1] or english[1]) if welsh else english


def _send(
    *,
    what: str,
    record: str,
    channel: str,
    email: str,
    phone: str,
    templates: tuple[str, str],
    personalisation: dict[str, str],
    reference: str,
) -> None:
    """Send one email or text through Notify; without a key, say so in the log (ids only)."""
    if not settings.NOTIFY_API_KEY:
        logger.info("%s for %s by %s (console: Notify not set up)", what, record, channel)
        return
    from notifications_python_client.errors import HTTPError
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
    try:
        if channel == "email":
            client.send_email_notification(
                email_address=email, template_id=templates[0],
                personalisation=personalisation, reference=reference,
            )  # fmt: skip
        else:
            client.send_sms_notification(
                phone_number=phone, template_id=templates[1],
                personalisation=personalisation, reference=reference,
            )  # fmt: skip
    except HTTPError as error:
        raise DeliveryFailed(f"GOV.UK Notify answered {error.status_code}") from None


def survey_invitation_send(message: OutboxMessage) -> None:
    """Invite the victim, once, to the satisfaction survey after their case closes."""
    from victimcare.feedback.models import SurveyInvitation

    case = Case.objects.select_related("person").get(pk=message.payload["case_id"])
    channel = case_channel(case)
    if channel is None:
        logger.info("survey invitation for case %s not sent: no safe channel", case.pk)
        return
    invitation = SurveyInvitation.objects.get(case=case)
    url = f"{settings.VCH_PUBLIC_URL.rstrip('/')}/feedback/{invitation.token}/"
    _send(
        what="survey invitation", record=f"case {case.pk}", channel=channel,
        email=case.person.email, phone=case.person.phone,
        templates=_templates("SURVEY", _welsh(case)),
        personalisation={"case_reference": case.reference, "survey_url": url},
        reference=str(message.idempotency_key),
    )  # fmt: skip


def complaint_acknowledgement_send(message: OutboxMessage) -> None:
    """Acknowledge a complaint, with its reference and the date we will answer by."""
    from victimcare.feedback.models import Complaint

    complaint = Complaint.objects.get(pk=message.payload["complaint_id"])
    _send(
        what="complaint acknowledgement", record=f"complaint {complaint.pk}",
        channel=message.destination, email=complaint.email, phone=complaint.phone,
        templates=_templates("COMPLAINT", False),
        personalisation={"reference": complaint.reference,
                         "respond_by": complaint.respond_by.strftime("%-d %B %Y")},
        reference=str(message.idempotency_key),
    )  # fmt: skip


def tracking_code_send(message: OutboxMessage) -> None:
    """The one-time code for Track my case, by the case's safe channel."""
    case = Case.objects.select_related("person").get(pk=message.related_id)
    channel = case_channel(case)
    if channel is None:
        return
    code = str(message.payload["code"])
    if not settings.NOTIFY_API_KEY:
        # Console backend (make run): the code is shown so the demo can be followed.
        logger.info("tracking code for case %s by %s: %s (console)", case.pk, channel, code)
        return
    _send(
        what="tracking code", record=f"case {case.pk}", channel=channel,
        email=case.person.email, phone=case.person.phone,
        templates=_templates("CODE", _welsh(case)),
        personalisation={"code": code}, reference=str(message.idempotency_key),
    )  # fmt: skip
