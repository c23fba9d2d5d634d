"""Writes for commissioners and the public's consultation answers, audited in the same
transaction."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.audit.services import audit_event_record
from victimcare.commissioning.models import (
    Consultation,
    ConsultationResponse,
    FundingSource,
    Lot,
)


class ConsultationClosed(Exception):
    """Answers are no longer taken (or not yet); the message says which."""


@transaction.atomic
def funding_source_add(*, actor: User, values: Mapping[str, Any]) -> FundingSource:
    source = FundingSource.objects.create(**values)
    audit_event_record(action="commissioning.funding_added", obj=source, actor=actor,
                       data={"year": source.year, "kind": source.kind})  # fmt: skip
    return source


@transaction.atomic
def lot_add(*, actor: User, values: Mapping[str, Any]) -> Lot:
    lot = Lot.objects.create(**values)
    audit_event_record(action="commissioning.lot_added", obj=lot, actor=actor,
                       data={"in_scope": lot.in_scope})  # fmt: skip
    return lot


@transaction.atomic
def consultation_respond(
    *, consultation: Consultation, answers: Mapping[str, str]
) -> ConsultationResponse:
    """Keep one member of the public's answers, while the consultation is open."""
    today = timezone.localdate()
    if not consultation.is_open(today):
        raise ConsultationClosed(
            f"This consultation closed on {consultation.closes_on:%-d %B %Y}"
            if today > consultation.closes_on
            else "This consultation is not open"
        )
    kept = {str(k): v.strip() for k, v in answers.items() if v and v.strip()}
    response = ConsultationResponse.objects.create(consultation=consultation, answers=kept)
    audit_event_record(action="commissioning.consultation_answered", obj=consultation,
                       actor_label="public", data={"response_id": response.pk})  # fmt: skip
    return response


@transaction.atomic
def response_themes_set(
    *, response: ConsultationResponse, themes: list[str], actor: User
) -> ConsultationResponse:
    allowed = set(response.consultation.themes)
    response.themes = [t for t in themes if t in allowed]
    response.save(update_fields=["themes"])
    audit_event_record(action="commissioning.response_tagged", obj=response.consultation,
                       actor=actor, data={"response_id": response.pk})  # fmt: skip
    return response
