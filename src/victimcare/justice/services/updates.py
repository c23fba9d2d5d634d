"""Receiving justice updates (feed v1, file or API): each is recorded once, and its duties,
message and what it closes are applied to each supported victim's case."""

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.models import Case, CaseStatus, TaskKind
from victimcare.cases.selectors import QUEUE_LISTS
from victimcare.cases.services.tasks import task_open
from victimcare.entitlements.rules import RuleValues
from victimcare.entitlements.selectors import current_rule_values
from victimcare.justice import rules
from victimcare.justice.feed import JusticeUpdate, parse_update
from victimcare.justice.models import CaseJusticeEvent, JusticeEvent, RightToReview
from victimcare.notifications.delivery import outbox_enqueue
from victimcare.referrals.feed_values import FieldError, RowInvalid
from victimcare.referrals.models import Referral

logger = logging.getLogger(__name__)
NOT_SAVED = FieldError("(row)", "could not be saved; the hub's log has the details")
# Cases a justice event is not applied to: the victim is another hub's, said no, or the
# referral was about someone else (sent in error: nothing is to reach the person named).
NOT_APPLIED = (CaseStatus.TRANSFERRED_OUT, CaseStatus.DECLINED_SUPPORT, CaseStatus.SENT_IN_ERROR)
KEY_FIELDS = ("source", "crime_reference", "victim_reference", "event", "event_at")
DETAIL_FIELDS = ("court", "hearing_at", "outcome", "custodial_months", "hospital_order", "details")


class UpdateRefused(Exception):
    def __init__(self, error: FieldError) -> None:
        super().__init__(f"{error.column}: {error.reason}")
        self.error = error


@dataclass
class UpdateResult:
    index: int  # the line in a file, the position in an API batch
    status: str = "rejected"  # created, updated, unchanged or rejected
    key: tuple[str, str, str] = ("", "", "")
    case_references: list[str] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)


def _victim_context(referral: Referral) -> rules.VictimContext:
    return rules.VictimContext(
        update_working_days=referral.update_within_working_days,
        enhanced_reasons=tuple(referral.entitlement_reason_codes),
        violent_or_sexual=referral.crime_category == "Violence and sexual offences"
        or bool(referral.sexual_offence),
        incident_type=referral.incident_type,
    )


def _facts(event: JusticeEvent) -> rules.EventFacts:
    return rules.EventFacts(
        event=event.event,
        event_at=event.event_at,
        hearing_at=event.hearing_at,
        custodial_months=event.custodial_months,
        hospital_order=event.hospital_order,
    )


def _apply_to_case(
    event: JusticeEvent, case: Case, referral: Referral, values: RuleValues, actor_label: str
) -> None:
    """The event's duties for this victim, their message, and what the event closes."""
    sensitive = rules.needs_approval(event.event, values)
    CaseJusticeEvent.objects.create(case=case, event=event, shareable=not sensitive)
    specs = rules.duties_for_event(_facts(event), _victim_context(referral), values)
    tasks = [
        task_open(
            case=case,
            kind=spec.kind,
            title=spec.title,
            due_on=spec.due_on,
            code_area=spec.area,
            reason=spec.reason,
            source_event=event,
        )
        for spec in specs
    ]
    # The first duty is the one to tell the victim: a message does it where it safely can.
    outbox_enqueue(
        kind="justice_update",
        destination="victim",
        payload={"case_id": case.pk, "event_id": event.pk, "task_id": tasks[0].pk},
        related_type="justice.justiceevent",
        related_id=event.pk,
        case=case,
        awaiting_approval=sensitive,
    )
    day = rules.london_day(event.event_at)
    open_updates = case.tasks.filter(
        kind=TaskKind.INVESTIGATION_UPDATE, done_at__isnull=True, ended_at__isnull=True
    )
    if rules.ends_investigation(event.event):
        open_updates.update(
            ended_at=timezone.now(),
            ended_reason=f"No longer owed: {event.label} on {day:%-d %B %Y}"[:300],
        )
    else:
        # This event is itself an update: the next monthly one counts from its deadline. A
        # monthly update already overdue stays as it is: it was owed and not given.
        open_updates.filter(due_on__gte=timezone.localdate()).update(
            due_on=rules.next_investigation_update(tasks[0].due_on, values)
        )
    if event.event == "no_further_action":
        RightToReview.objects.get_or_create(
            case=case,
            event=event,
            defaults={"window_closes_on": rules.review_window_closes(day, values)},
        )
    audit_event_record(
        action=AuditAction.JUSTICE_EVENT_APPLIED,
        obj=case,
        actor_label=actor_label,
        data={"event_id": event.pk, "event": event.event, "duties": len(tasks)},
    )


def _not_supported(referral: Referral, case: Case | None) -> str:
    """Why the hub owes this victim no justice duties, or blank if it does."""
    if case is None:
        return "no case at the hub"
    if case.status in NOT_APPLIED:
        return str(case.get_status_display()).lower()
    if case.status == CaseStatus.NEW and referral.auto_referral in QUEUE_LISTS["recorded"]:
        return (
            "not referred for support (" + str(referral.get_auto_referral_display()).lower() + ")"
        )
    return ""


def _changed_details(event: JusticeEvent, update: JusticeUpdate) -> list[str]:
    return [name for name in DETAIL_FIELDS if getattr(event, name) != getattr(update, name)]


def justice_update_record(
    update: JusticeUpdate, *, actor_label: str = "", values: RuleValues | None = None
) -> UpdateResult:
    """Record one valid update in the caller's transaction: created once, then unchanged or
    updated; duties and messages only when it is first received."""
    values = values or current_rule_values()
    result = UpdateResult(index=0, key=update.key[:3])
    referrals = Referral.objects.filter(
        source=update.source, crime_reference=update.crime_reference
    ).select_related("case")
    if update.victim_reference:
        referrals = referrals.filter(victim_reference=update.victim_reference)
    found = list(referrals)
    if not found:
        column = "victim_reference" if update.victim_reference else "crime_reference"
        raise UpdateRefused(
            FieldError(
                column,
                "no referral with this reference has been "
                f"received from {update.source}; send the referral "
                "first",
            )
        )
    event = (
        JusticeEvent.objects.select_for_update()
        .filter(**dict(zip(KEY_FIELDS, update.key, strict=True)))
        .first()
    )
    if event is not None:
        changed = _changed_details(event, update)
        if not changed:
            result.status = "unchanged"
        else:
            for name in changed:
                setattr(event, name, getattr(update, name))
            event.save()
            _reschedule_hearing_duties(event, values)
            audit_event_record(
                action=AuditAction.JUSTICE_EVENT_UPDATED,
                obj=event,
                actor_label=actor_label,
                data={"changed": changed},
            )
            result.status = "updated"
        result.case_references = list(event.cases.values_list("reference", flat=True))
        return result
    event = JusticeEvent.objects.create(
        source=update.source,
        crime_reference=update.crime_reference,
        victim_reference=update.victim_reference,
        event=update.event,
        event_at=update.event_at,
        court=update.court,
        hearing_at=update.hearing_at,
        outcome=update.outcome,
        custodial_months=update.custodial_months,
        hospital_order=update.hospital_order,
        details=update.details,
        unknown_columns=update.unknown_columns,
    )
    for referral in found:
        case = getattr(referral, "case", None)
        why = _not_supported(referral, case)
        if case is None or why:
            result.notes.append(f"victim {referral.victim_reference}: {why}; recorded only")
            continue
        _apply_to_case(event, case, referral, values, actor_label)
        result.case_references.append(case.reference)
    audit_event_record(
        action=AuditAction.JUSTICE_EVENT_RECEIVED,
        obj=event,
        actor_label=actor_label,
        data={"cases": len(result.case_references)},
    )
    result.status = "created"
    return result


def _reschedule_hearing_duties(event: JusticeEvent, values: RuleValues) -> None:
    """A hearing moved: open reminders and visits follow the new date (one ended when its
    case closed keeps the date it had when it was handed over or no longer needed)."""
    for link in event.case_links.select_related("case__referral"):
        specs = rules.duties_for_event(_facts(event), _victim_context(link.case.referral), values)
        due = {spec.kind: spec.due_on for spec in specs}
        duties = event.duties.filter(case=link.case, done_at__isnull=True, ended_at__isnull=True)
        for task in duties:
            if task.kind in due and task.due_on != due[task.kind]:
                task.due_on = due[task.kind]
                task.save(update_fields=["due_on"])


def justice_updates_receive(
    items: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    allowed_sources: frozenset[str] | None = None,
    actor_label: str = "",
) -> Iterator[UpdateResult]:
    """Validate and record each update on its own: a bad one never stops the good ones."""
    values = current_rule_values()
    for index, raw in items:
        key = tuple(
            str(raw.get(c) or "").strip() for c in ("source", "crime_reference", "victim_reference")
        )
        result = UpdateResult(index=index, key=(key[0].lower(), key[1], key[2]))
        try:
            update = parse_update(dict(raw))
        except RowInvalid as invalid:
            result.errors = invalid.errors
            yield result
            continue
        result.unknown_columns = sorted(update.unknown_columns)
        if allowed_sources is not None and update.source not in allowed_sources:
            result.errors = [
                FieldError(
                    "source", f"'{update.source}' is not a source this organisation may send for"
                )
            ]
            yield result
            continue
        for attempt in (1, 2):
            try:
                with transaction.atomic():
                    recorded = justice_update_record(update, actor_label=actor_label, values=values)
            except UpdateRefused as refusal:
                result.errors = [refusal.error]
            except IntegrityError:
                if attempt == 1:
                    continue  # the same update arrived at the same moment: read it again
                logger.exception("justice update %s could not be saved", index)
                result.errors = [NOT_SAVED]
            except DatabaseError:
                logger.exception("justice update %s could not be saved", index)
                result.errors = [NOT_SAVED]
            else:
                result.status, result.case_references = recorded.status, recorded.case_references
                result.notes = recorded.notes
            break
        yield result
