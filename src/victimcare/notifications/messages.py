"""Messages to victims through GOV.UK Notify (or, under `make run`, the console).

The outbox payload names the case only; the address is read at sending time, so a
victim's details never sit in the outbox and a change of phone number is honoured.
Safe-contact rules apply to every message: no text to a victim flagged "no SMS", only
the agreed channel, nothing while contact is not safe.
"""

import logging

from django.conf import settings

from victimcare.cases.models import Case
from victimcare.notifications.delivery import DeliveryFailed
from victimcare.notifications.models import OutboxMessage
from victimcare.people.models import ContactChannel

logger = logging.getLogger(__name__)


def _channel(case: Case) -> str | None:
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


def survey_invitation_send(message: OutboxMessage) -> None:
    """Invite the victim, once, to the satisfaction survey after their case closes."""
    case = Case.objects.select_related("person").get(pk=message.payload["case_id"])
    channel = _channel(case)
    if channel is None:
        logger.info("survey invitation for case %s not sent: no safe channel", case.pk)
        return
    api_key = settings.NOTIFY_API_KEY
    personalisation = {"case_reference": case.reference, "survey_url": settings.VCH_SURVEY_URL}
    if not api_key:
        logger.info(
            "survey invitation for case %s by %s (console: Notify not set up)", case.pk, channel
        )
        return
    from notifications_python_client.errors import HTTPError
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(api_key)
    try:
        if channel == "email":
            client.send_email_notification(
                email_address=case.person.email,
                template_id=settings.NOTIFY_SURVEY_EMAIL_TEMPLATE,
                personalisation=personalisation,
                reference=str(message.idempotency_key),
            )
        else:
            client.send_sms_notification(
                phone_number=case.person.phone,
                template_id=settings.NOTIFY_SURVEY_SMS_TEMPLATE,
                personalisation=personalisation,
                reference=str(message.idempotency_key),
            )
    except HTTPError as error:
        raise DeliveryFailed(f"GOV.UK Notify answered {error.status_code}") from None
