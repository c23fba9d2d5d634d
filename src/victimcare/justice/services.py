"""Writes for the justice journey: receiving updates, duties, messages, reviews, court
support and restorative justice. Audit in the same transaction; messages after commit."""

import datetime
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.audit.services import audit_event_record
from victimcare.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseNote,
    CaseStatus,
    CaseTask,
    TaskKind,
)
from victimcare.cases.selectors import QUEUE_LISTS
from victimcare.cases.services import CaseChangeRefused, task_complete, task_open
from victimcare.entitlements.rules import RuleValues
from victimcare.entitlements.selectors import current_rule_values
from victimcare.justice import rules
from victimcare.justice.feed import JusticeUpdate, parse_update
from victimcare.justice.models import (
    RESTORATIVE_MOVES,
    CaseJusticeEvent,
    CourtSupport,
    JusticeEvent,
    RestorativeJustice,
    RestorativeStatus,
    ReviewDecision,
    RightToReview,
)
from victimcare.notifications.delivery import enqueue_delivery, outbox_enqueue
from victimcare.notifications.models import OutboxMessage, OutboxStatus
from victimcare.referrals.feed import FieldError, RowInvalid
from victimcare.referrals.models import Referral

logger = logging.getLogger(__name__)
NOT_SAVED = FieldError("(row)", "could not be saved; the hub's log has the details")
# Cases a justice event is not applied to: the victim is another hub's, or said no.
NOT_APPLIED = (CaseStatus.TRANSFERRED_OUT, CaseStatus.DECLINED_SUPPORT)
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
        event=event.event, event_at=event.event_at, hearing_at=event.hearing_at,
        custodial_months=event.custodial_months, hospital_order=event.hospital_order,
    )  # fmt: skip


def _apply_to_case(
    event: JusticeEvent, case: Case, referral: Referral, values: RuleValues, actor_label: str
) -> None:
    """The event's duties for this victim, their message, and what the event closes."""
    sensitive = rules.needs_approval(event.event, values)
    CaseJusticeEvent.objects.create(case=case, event=event, shareable=not sensitive)
    specs = rules.duties_for_event(_facts(event), _victim_context(referral), values)
    tasks = [
        task_open(case=case, kind=spec.kind, title=spec.title, due_on=spec.due_on,
                  code_area=spec.area, reason=spec.reason, source_event=event)
        for spec in specs
    ]  # fmt: skip
    # The first duty is the one to tell the victim: a message does it where it safely can.
    outbox_enqueue(
        kind="justice_update", destination="victim",
        payload={"case_id": case.pk, "event_id": event.pk, "task_id": tasks[0].pk},
        related_type="justice.justiceevent", related_id=event.pk, case=case,
        awaiting_approval=sensitive,
    )  # fmt: skip
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
            case=case, event=event,
            defaults={"window_closes_on": rules.review_window_closes(day, values)},
        )  # fmt: skip
    audit_event_record(
        action="justice.event_applied", obj=case, actor_label=actor_label,
        data={"event_id": event.pk, "event": event.event, "duties": len(tasks)},
    )  # fmt: skip


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
        raise UpdateRefused(FieldError(column, "no referral with this reference has been "
                                       f"received from {update.source}; send the referral "
                                       "first"))  # fmt: skip
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
            audit_event_record(action="justice.event_updated", obj=event,
                               actor_label=actor_label, data={"changed": changed})  # fmt: skip
            result.status = "updated"
        result.case_references = list(event.cases.values_list("reference", flat=True))
        return result
    event = JusticeEvent.objects.create(
        source=update.source, crime_reference=update.crime_reference,
        victim_reference=update.victim_reference, event=update.event, event_at=update.event_at,
        court=update.court, hearing_at=update.hearing_at, outcome=update.outcome,
        custodial_months=update.custodial_months, hospital_order=update.hospital_order,
        details=update.details, unknown_columns=update.unknown_columns,
    )  # fmt: skip
    for referral in found:
        case = getattr(referral, "case", None)
        why = _not_supported(referral, case)
        if case is None or why:
            result.notes.append(f"victim {referral.victim_reference}: {why}; recorded only")
            continue
        _apply_to_case(event, case, referral, values, actor_label)
        result.case_references.append(case.reference)
    audit_event_record(action="justice.event_received", obj=event, actor_label=actor_label,
                       data={"cases": len(result.case_references)})  # fmt: skip
    result.status = "created"
    return result


def _reschedule_hearing_duties(event: JusticeEvent, values: RuleValues) -> None:
    """A hearing moved: open reminders and visits follow the new date."""
    for link in event.case_links.select_related("case__referral"):
        specs = rules.duties_for_event(_facts(event), _victim_context(link.case.referral), values)
        due = {spec.kind: spec.due_on for spec in specs}
        for task in event.duties.filter(case=link.case, done_at__isnull=True):
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
        key = tuple(str(raw.get(c) or "").strip() for c in ("source", "crime_reference",
                                                            "victim_reference"))  # fmt: skip
        result = UpdateResult(index=index, key=(key[0].lower(), key[1], key[2]))
        try:
            update = parse_update(dict(raw))
        except RowInvalid as invalid:
            result.errors = invalid.errors
            yield result
            continue
        result.unknown_columns = sorted(update.unknown_columns)
        if allowed_sources is not None and update.source not in allowed_sources:
            result.errors = [FieldError("source", f"'{update.source}' is not a source this "
                                        "organisation may send for")]  # fmt: skip
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


# --- After a message is sent (called by the outbox, in its transaction) --------------------


def justice_message_sent(message: OutboxMessage) -> None:
    """The message told the victim: the duty it carried is met when it was sent."""
    task = CaseTask.objects.filter(pk=message.payload.get("task_id")).first()
    if task is not None and task.is_open:
        task.done_at = message.sent_at or timezone.now()
        task.outcome = f"Told by {message.channel or 'message'} (automatic message)"  # type: ignore[assignment]
        task.save(update_fields=["done_at", "outcome"])
        audit_event_record(action="task.done", obj=task.case, actor_label="outbox",
                           data={"task_id": task.pk, "message_id": message.pk})  # fmt: skip


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


@transaction.atomic
def justice_message_approve(*, case: Case, message_id: int, actor: User) -> OutboxMessage:
    """Let a sensitive message go; the victim may then read the update on Track my case."""
    message = _awaiting(case, message_id)
    message.status, message.decided_by, message.decided_at = (
        OutboxStatus.PENDING,
        actor,
        timezone.now(),
    )
    message.save(update_fields=["status", "decided_by", "decided_at"])
    CaseJusticeEvent.objects.filter(case=case, event_id=message.payload["event_id"]).update(
        shareable=True
    )
    audit_event_record(action="justice.message_approved", obj=case, actor=actor,
                       data={"message_id": message.pk})  # fmt: skip
    transaction.on_commit(lambda: enqueue_delivery(message.pk))
    return message


@transaction.atomic
def justice_message_withhold(
    *, case: Case, message_id: int, reason: str, actor: User
) -> OutboxMessage:
    """Keep a sensitive message back (the officer will tell the victim another way); the
    duty stays open until they do."""
    if not reason.strip():
        raise CaseChangeRefused("Enter why the message should not be sent")
    message = _awaiting(case, message_id)
    message.status, message.decided_by, message.decided_at = (
        OutboxStatus.WITHHELD,
        actor,
        timezone.now(),
    )
    message.save(update_fields=["status", "decided_by", "decided_at"])
    text = f"Automatic message withheld: {reason.strip()}"
    note = CaseNote.objects.create(case=case, written_by=actor, text=text)
    audit_event_record(action="justice.message_withheld", obj=case, actor=actor,
                       data={"message_id": message.pk, "note_id": note.pk})  # fmt: skip
    return message


def _meet(case: Case, kinds: Iterable[str], actor: User, outcome: str) -> int:
    """Mark the case's open duties of these kinds met now, by this officer."""
    met = 0
    for task in case.tasks.filter(kind__in=list(kinds), done_at__isnull=True,
                                  ended_at__isnull=True):  # fmt: skip
        task_complete(task=task, outcome=outcome, actor=actor)
        met += 1
    return met


# field -> (the duty it settles, the value that settles nothing, what the duty records)
COURT_SUPPORT_SETTLES: dict[str, tuple[str, object, str]] = {
    "personal_statement": (TaskKind.VPS_OFFER, "not_offered", "Victim Personal Statement: {}"),
    "special_measures": (TaskKind.SPECIAL_MEASURES, "not_considered", "Special measures: {}"),
    "pre_trial_visit": (TaskKind.PRE_TRIAL_VISIT, "not_offered", "Pre-trial visit: {}"),
    "witness_service_referred": (
        TaskKind.WITNESS_SERVICE,
        False,
        "Referred to the Witness Service",
    ),
    "vcs_referred": (TaskKind.VCS_REFERRAL, False, "Referred to the Victim Contact Scheme"),
}


@transaction.atomic
def court_support_update(*, case: Case, changes: Mapping[str, Any], actor: User) -> CourtSupport:
    """Record the statement, special measures, court visit and referrals; what they settle
    (the offer of a statement, special measures, the visit, the referrals) is met."""
    support, _ = CourtSupport.objects.select_for_update().get_or_create(case=case)
    changed = [name for name, value in changes.items() if getattr(support, name) != value]
    for name in changed:
        setattr(support, name, changes[name])
    support.save()
    for name in changed:
        kind, unsettled, words = COURT_SUPPORT_SETTLES[name]
        value = getattr(support, name)
        if value != unsettled:
            display = getattr(support, f"get_{name}_display", None)
            label = display() if display else ""
            _meet(case, [kind], actor, words.format(str(label).lower()))
    if changed:
        audit_event_record(action="justice.court_support_changed", obj=case, actor=actor,
                           data={"changed": changed})  # fmt: skip
    return support


@transaction.atomic
def review_request_record(
    *, case: Case, review: RightToReview, requested_on: datetime.date, actor: User
) -> RightToReview:
    """The victim asked for a review: acknowledge within 10, decide within 30 working days."""
    review = (
        RightToReview.objects.select_for_update()
        .select_related("event")
        .get(pk=review.pk, case=case)
    )
    if review.requested_on is not None:
        raise CaseChangeRefused("A review has already been asked for")
    if requested_on > review.window_closes_on:
        raise CaseChangeRefused(
            f"The window to ask for a review closed on {review.window_closes_on:%-d %B %Y}"
        )
    if requested_on > timezone.localdate():
        raise CaseChangeRefused("The date the victim asked cannot be in the future")
    decided_on = rules.london_day(review.event.event_at)
    if requested_on < decided_on:
        raise CaseChangeRefused(
            f"The victim cannot have asked before the decision on {decided_on:%-d %B %Y}"
        )
    review.requested_on = requested_on
    review.save(update_fields=["requested_on"])
    for spec in rules.review_duties(requested_on, current_rule_values()):
        task_open(case=case, kind=spec.kind, title=spec.title, due_on=spec.due_on,
                  reason=spec.reason, source_event=review.event)  # fmt: skip
    audit_event_record(action="justice.review_requested", obj=case, actor=actor,
                       data={"review_id": review.pk})  # fmt: skip
    return review


@transaction.atomic
def review_decision_record(
    *, case: Case, review: RightToReview, decision: str, actor: User
) -> RightToReview:
    review = RightToReview.objects.select_for_update().get(pk=review.pk, case=case)
    if review.requested_on is None:
        raise CaseChangeRefused("Record the victim's request for a review first")
    if review.decision:
        raise CaseChangeRefused("The review decision is already recorded")
    if decision not in (ReviewDecision.UPHELD, ReviewDecision.REVERSED):
        raise CaseChangeRefused("Choose the review decision")
    review.decision, review.decided_on = decision, timezone.localdate()
    review.save(update_fields=["decision", "decided_on"])
    label = ReviewDecision(decision).label
    _meet(case, [TaskKind.REVIEW_DECISION], actor, f"Review decision: {label}")
    audit_event_record(action="justice.review_decided", obj=case, actor=actor,
                       data={"review_id": review.pk, "decision": decision})  # fmt: skip
    return review


@transaction.atomic
def restorative_request(
    *, case: Case, requested_on: datetime.date, actor: User
) -> RestorativeJustice:
    """The victim asked about restorative justice: information within 1 or 5 working days."""
    if requested_on > timezone.localdate():
        raise CaseChangeRefused("The date the victim asked cannot be in the future")
    ended = [RestorativeStatus.FINISHED, RestorativeStatus.NOT_PROCEEDING]
    if case.restorative.exclude(status__in=ended).exists():
        raise CaseChangeRefused("This victim already has a restorative justice referral open")
    referral = case.referral
    restorative = RestorativeJustice.objects.create(
        case=case, requested_on=requested_on, updated_by=actor
    )
    within = referral.update_within_working_days
    task_open(
        case=case, kind=TaskKind.RJ_INFORMATION,
        title="Give the victim information about restorative justice",
        due_on=rules.restorative_justice_information_due(requested_on, within),
        reason=f"Victims' Code: within {within} working day{'s' if within != 1 else ''} "
        "of the victim asking",
    )  # fmt: skip
    audit_event_record(action="justice.restorative_requested", obj=case, actor=actor,
                       data={"restorative_id": restorative.pk})  # fmt: skip
    return restorative


@transaction.atomic
def restorative_advance(
    *, case: Case, restorative: RestorativeJustice, to_status: str, actor: User,
    suitable: bool | None = None, assessment_notes: str = "", offender_consent: bool | None = None,
    facilitator: str = "", outcome: str = "",
) -> RestorativeJustice:  # fmt: skip
    """Move a restorative justice referral one step, recording what that step needs."""
    current = RestorativeJustice.objects.select_for_update().get(pk=restorative.pk, case=case)
    if to_status not in RESTORATIVE_MOVES[current.status]:
        raise CaseChangeRefused(
            f"A referral that is '{current.get_status_display().lower()}' cannot move to "
            f"'{RestorativeStatus(to_status).label.lower()}'"
        )
    if to_status == RestorativeStatus.ASSESSED:
        if suitable is None:
            raise CaseChangeRefused("Say whether restorative justice is suitable and safe")
        if not suitable:
            raise CaseChangeRefused("If it is not suitable or safe, choose 'not going ahead'")
        current.suitable, current.assessment_notes = suitable, assessment_notes  # type: ignore[assignment]
    if to_status == RestorativeStatus.OFFENDER_ASKED:
        if offender_consent is not True:
            raise CaseChangeRefused(
                "Record that the offender agreed, or choose 'not going ahead' if they did not"
            )
        current.offender_consent = True
    if to_status == RestorativeStatus.FACILITATED:
        if not facilitator.strip():
            raise CaseChangeRefused("Enter the facilitator")
        current.facilitator = facilitator.strip()
    if to_status in (RestorativeStatus.FINISHED, RestorativeStatus.NOT_PROCEEDING):
        if not outcome.strip():
            raise CaseChangeRefused("Enter the outcome")
        current.outcome = outcome.strip()  # type: ignore[assignment]
    if to_status == RestorativeStatus.INFORMED:
        _meet(case, [TaskKind.RJ_INFORMATION], actor, "Information about restorative justice given")
    current.status, current.updated_by = to_status, actor
    current.save()
    audit_event_record(action="justice.restorative_moved", obj=case, actor=actor,
                       data={"restorative_id": current.pk, "to": to_status})  # fmt: skip
    return current


# --- Scheduled: monthly investigation updates ----------------------------------------------


def investigation_updates_schedule(
    *, today: datetime.date | None = None, case_ids: list[int] | None = None
) -> int:
    """Give every open crime case whose investigation goes on a monthly update duty, due a
    month after the victim was last updated (or the crime reported). Returns how many."""
    today = today or timezone.localdate()
    values = current_rule_values()
    open_duty = CaseTask.objects.filter(
        case=OuterRef("pk"), kind=TaskKind.INVESTIGATION_UPDATE,
        done_at__isnull=True, ended_at__isnull=True,
    )  # fmt: skip
    ended = CaseJusticeEvent.objects.filter(
        case=OuterRef("pk"), event__event__in=sorted(rules.ENDS_INVESTIGATION)
    )
    cases = (
        Case.objects.filter(status__in=OPEN_STATUSES, referral__incident_type="crime")
        .exclude(Exists(open_duty))
        .exclude(Exists(ended))
        .annotate(
            last_update=Max("tasks__done_at", filter=Q(tasks__code_area="timely_updates")),
            last_event=Max("case_events__event__event_at"),
        )
        .select_related("referral")
    )
    if case_ids is not None:
        cases = cases.filter(pk__in=case_ids)
    created = 0
    for case in cases.iterator(chunk_size=500):
        moments = [m for m in (case.last_update, case.last_event) if m is not None]
        since = max([rules.london_day(m) for m in moments] or
                    [rules.london_day(case.referral.reported_at)])  # fmt: skip
        due = rules.next_investigation_update(since, values)
        with transaction.atomic():
            task_open(
                case=case, kind=TaskKind.INVESTIGATION_UPDATE,
                title="Update the victim on the investigation", due_on=max(due, today),
                code_area="timely_updates",
                reason=f"Victims' Code: at least every {values.investigation_update_months} "
                f"month(s) while the investigation goes on (last update {since:%-d %B %Y})",
            )  # fmt: skip
        created += 1
    return created
