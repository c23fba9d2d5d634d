"""Writes for commissioners and the public's consultation answers, audited in the same
transaction."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import Organisation, User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.commissioning.models import (
    Consultation,
    ConsultationQuestion,
    ConsultationResponse,
    Exercise,
    ExerciseStage,
    FundingSource,
    KeyPerformanceIndicator,
    Lot,
    Stage,
)


@transaction.atomic
def exercise_start(*, actor: User, name: str) -> Exercise:
    """A recommissioning exercise with every stage of the cycle, dates to be planned."""
    if not name.strip():
        raise CommissioningRefused("Enter the name of the exercise")
    exercise = Exercise.objects.create(owner=_owner(actor), name=name.strip()[:200])
    ExerciseStage.objects.bulk_create(ExerciseStage(exercise=exercise, stage=s) for s in Stage)
    audit_event_record(action=AuditAction.COMMISSIONING_EXERCISE_STARTED, obj=exercise, actor=actor)
    return exercise


@transaction.atomic
def exercise_stage_dates(
    *,
    actor: User,
    stage_id: int,
    planned_on: datetime.date | None,
    actual_on: datetime.date | None,
) -> ExerciseStage:
    row = (
        ExerciseStage.objects.select_for_update()
        .filter(pk=stage_id, exercise__owner=_owner(actor))
        .first()
    )
    if row is None:
        raise CommissioningRefused("There is no such stage")
    row.planned_on, row.actual_on = planned_on, actual_on
    row.save(update_fields=["planned_on", "actual_on"])
    audit_event_record(
        action=AuditAction.COMMISSIONING_STAGE_DATED,
        obj=row.exercise,
        actor=actor,
        data={"stage": row.stage},
    )
    return row


class ConsultationClosed(Exception):
    """Answers are no longer taken (or not yet); the message says which."""


class CommissioningRefused(Exception):
    """The change cannot be made; the message says why."""


def _owner(actor: User) -> Organisation:
    if actor.organisation is None:
        raise CommissioningRefused("Your account belongs to no organisation")
    return actor.organisation


@transaction.atomic
def funding_source_add(*, actor: User, values: Mapping[str, Any]) -> FundingSource:
    source = FundingSource.objects.create(owner=_owner(actor), **values)
    audit_event_record(
        action=AuditAction.COMMISSIONING_FUNDING_ADDED,
        obj=source,
        actor=actor,
        data={"year": source.year, "kind": source.kind},
    )
    return source


@transaction.atomic
def lot_add(*, actor: User, values: Mapping[str, Any]) -> Lot:
    lot = Lot.objects.create(owner=_owner(actor), **values)
    audit_event_record(
        action=AuditAction.COMMISSIONING_LOT_ADDED,
        obj=lot,
        actor=actor,
        data={"in_scope": lot.in_scope},
    )
    return lot


@transaction.atomic
def kpi_set(*, lot: Lot, measure: str, target: Any, actor: User) -> KeyPerformanceIndicator:
    """A contract's target for one measure (a second target for it replaces the first)."""
    kpi, _ = KeyPerformanceIndicator.objects.update_or_create(
        lot=lot, measure=measure, defaults={"target": target}
    )
    audit_event_record(
        action=AuditAction.COMMISSIONING_KPI_SET, obj=lot, actor=actor, data={"measure": measure}
    )
    return kpi


@transaction.atomic
def consultation_publish(*, actor: User, values: Mapping[str, Any]) -> Consultation:
    """Create a consultation with its questions (published now or later)."""
    consultation = Consultation.objects.create(
        owner=_owner(actor),
        title=values["title"],
        title_cy=values.get("title_cy", ""),
        introduction=values["introduction"],
        introduction_cy=values.get("introduction_cy", ""),
        opens_on=values["opens_on"],
        closes_on=values["closes_on"],
        published=values.get("published", False),
        themes=values.get("theme_list", []),
    )
    for order, (english, welsh) in enumerate(values["question_list"], start=1):
        ConsultationQuestion.objects.create(
            consultation=consultation, order=order, text=english, text_cy=welsh
        )
    audit_event_record(
        action=AuditAction.COMMISSIONING_CONSULTATION_CREATED,
        obj=consultation,
        actor=actor,
        data={"questions": len(values["question_list"])},
    )
    return consultation


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
    audit_event_record(
        action=AuditAction.COMMISSIONING_CONSULTATION_ANSWERED,
        obj=consultation,
        actor_label="public",
        data={"response_id": response.pk},
    )
    return response


@transaction.atomic
def response_themes_set(
    *, response: ConsultationResponse, themes: list[str], actor: User
) -> ConsultationResponse:
    allowed = set(response.consultation.themes)
    response.themes = [t for t in themes if t in allowed]
    response.save(update_fields=["themes"])
    audit_event_record(
        action=AuditAction.COMMISSIONING_RESPONSE_TAGGED,
        obj=response.consultation,
        actor=actor,
        data={"response_id": response.pk},
    )
    return response
