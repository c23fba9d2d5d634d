"""Writes for feedback and complaints, audited in the same transaction."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.models import Case, new_case_reference
from victimcare.entitlements.working_days import add_working_days
from victimcare.feedback.models import (
    COMPLAINT_STATES,
    Complaint,
    ComplaintStatus,
    SurveyInvitation,
    SurveyResponse,
)
from victimcare.notifications.delivery import outbox_enqueue


class FeedbackRefused(Exception):
    """The link was used already, or the request cannot be met; the message says why."""


def survey_invitation_open(case: Case) -> SurveyInvitation:
    """The case's single-use survey link (inside the caller's transaction)."""
    invitation, _ = SurveyInvitation.objects.get_or_create(case=case)
    return invitation


@transaction.atomic
def survey_submit(*, token: str, answers: dict[str, Any]) -> SurveyResponse:
    invitation = SurveyInvitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or invitation.used_at is not None:
        raise FeedbackRefused("This link has been used already, or is not right")
    response = SurveyResponse.objects.create(
        invitation=invitation,
        treated_with_respect=int(answers["treated_with_respect"]),
        support_as_agreed=int(answers["support_as_agreed"]),
        coordinated_and_effective=int(answers["coordinated_and_effective"]),
        overall=int(answers["overall"]),
        comments=answers.get("comments", ""),
    )
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit_event_record(
        action=AuditAction.SURVEY_ANSWERED, obj=invitation.case, actor_label="public portal"
    )
    return response


@transaction.atomic
def complaint_record(
    *, name: str, email: str, phone: str, case_reference: str, about: str
) -> Complaint:
    """Record a complaint, queue its acknowledgement, and set the response deadline."""
    complaint = Complaint.objects.create(
        reference=new_case_reference().replace("VC-", "CP-"),
        name=name,
        email=email,
        phone=phone,
        case_reference=case_reference.strip().upper(),
        about=about,
        respond_by=add_working_days(timezone.localdate(), settings.VCH_COMPLAINT_RESPONSE_DAYS),
    )
    audit_event_record(
        action=AuditAction.COMPLAINT_RECEIVED, obj=complaint, actor_label="public portal"
    )
    if email or phone:
        outbox_enqueue(
            kind="complaint_acknowledgement",
            destination="email" if email else "sms",
            payload={"complaint_id": complaint.pk},
            related_type="feedback.complaint",
            related_id=complaint.pk,
        )
    return complaint


@transaction.atomic
def complaint_resolve(*, complaint: Complaint, response: str, actor: User) -> Complaint:
    why_not = COMPLAINT_STATES.why_not(complaint.status, ComplaintStatus.RESOLVED)
    if why_not:
        raise FeedbackRefused(why_not)
    if not response.strip():
        raise FeedbackRefused("Write the response you gave")
    complaint.status = ComplaintStatus.RESOLVED
    complaint.response = response.strip()  # type: ignore[assignment]
    complaint.resolved_at, complaint.resolved_by = timezone.now(), actor
    complaint.save(update_fields=["status", "response", "resolved_at", "resolved_by"])
    audit_event_record(action=AuditAction.COMPLAINT_RESOLVED, obj=complaint, actor=actor)
    return complaint
