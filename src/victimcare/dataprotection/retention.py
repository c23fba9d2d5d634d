"""Retention: find records past their period and dispose of them, logging each disposal.

Disposal deletes the record, everything that hangs off it, and its change history (the
history holds the same personal data). A person under legal hold keeps everything.
The disposal log names records by type and id only.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from victimcare.cases.models import Case, CaseNote, CaseStatus, OnwardReferral
from victimcare.dataprotection.models import (
    DisposalLogEntry,
    LegalHold,
    RecordType,
    RetentionRule,
    RightsRequest,
)
from victimcare.dataprotection.rules import months_before
from victimcare.entitlements.rules import AutoReferral
from victimcare.notifications.models import OutboxMessage
from victimcare.people.models import Person
from victimcare.referrals.models import ImportRun, Referral, Transfer, VictimDetails

ENDED_STATUSES = (
    CaseStatus.CLOSED,
    CaseStatus.UNABLE_TO_CONTACT,
    CaseStatus.DECLINED_SUPPORT,
    CaseStatus.TRANSFERRED_OUT,
    CaseStatus.SENT_IN_ERROR,
)
RECORDED_ONLY = (AutoReferral.NOT_AUTOMATIC, AutoReferral.DECLINED)


@dataclass(frozen=True)
class Due:
    record_type: str
    object_type: str
    object_id: int
    rule: str


def held_people() -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(lifted_at__isnull=True)


def _cases_due(record_type: str, cutoff: datetime.date) -> QuerySet[Case]:
    held = held_people().values("person_id")
    cases = Case.objects.exclude(person_id__in=held)
    if record_type == RecordType.CLOSED_CASE:
        return cases.filter(status__in=ENDED_STATUSES).filter(
            Q(closed_at__date__lt=cutoff) | Q(closed_at__isnull=True, updated_at__date__lt=cutoff)
        )
    return cases.filter(
        status=CaseStatus.NEW,
        referral__auto_referral__in=RECORDED_ONLY,
        referral__received_at__date__lt=cutoff,
        onward_referrals__isnull=True,
    )


def retention_due(today: datetime.date | None = None) -> Iterator[Due]:
    """Every record past its retention period today, by rule."""
    today = today or timezone.localdate()
    for rule in RetentionRule.objects.all():
        cutoff = months_before(today, rule.keep_for_months)
        label = f"{rule.get_record_type_display()}: {rule.keep_for_months} months"
        if rule.record_type in (RecordType.CLOSED_CASE, RecordType.RECORDED_ONLY_REFERRAL):
            for case_id in _cases_due(rule.record_type, cutoff).values_list("pk", flat=True):
                yield Due(rule.record_type, "cases.case", case_id, label)
        elif rule.record_type == RecordType.IMPORT_REPORT:
            runs = ImportRun.objects.filter(
                Q(finished_at__date__lt=cutoff)
                | Q(finished_at__isnull=True, started_at__date__lt=cutoff)
            )
            for run_id in runs.values_list("pk", flat=True):
                yield Due(rule.record_type, "referrals.importrun", run_id, label)


def _log(due: Due, object_type: str, object_id: int, actor_label: str) -> DisposalLogEntry:
    return DisposalLogEntry(
        record_type=due.record_type,
        object_type=object_type,
        object_id=str(object_id),
        rule=due.rule,
        actor_label=actor_label,
    )


@transaction.atomic
def dispose(due: Due, *, actor_label: str) -> list[DisposalLogEntry]:
    """Delete one record past retention with what hangs off it; log each deletion."""
    if due.object_type == "referrals.importrun":
        ImportRun.objects.filter(pk=due.object_id).delete()  # rejections cascade
        entries = [_log(due, due.object_type, due.object_id, actor_label)]
        return DisposalLogEntry.objects.bulk_create(entries)

    case = Case.objects.select_related("referral").filter(pk=due.object_id).first()
    if case is None:
        return []
    referral, person_id = case.referral, case.person_id
    entries = []
    onward_ids = list(case.onward_referrals.values_list("pk", flat=True))
    OnwardReferral.objects.filter(pk__in=onward_ids).delete()
    OnwardReferral.history.filter(id__in=onward_ids).delete()
    entries += [_log(due, "cases.onwardreferral", pk, actor_label) for pk in onward_ids]
    transfer_ids = list(Transfer.objects.filter(referral=referral).values_list("pk", flat=True))
    OutboxMessage.objects.filter(
        related_type="referrals.transfer", related_id__in=[str(t) for t in transfer_ids]
    ).delete()
    Transfer.objects.filter(pk__in=transfer_ids).delete()
    note_ids = list(case.notes.values_list("pk", flat=True))
    case.delete()  # notes, contact attempts and status changes go with it
    Case.history.filter(id=due.object_id).delete()
    CaseNote.history.filter(id__in=note_ids).delete()
    entries.append(_log(due, "cases.case", due.object_id, actor_label))
    referral_id = referral.pk
    referral.delete()  # its own copy of the victim's details goes with it (ADR 38)
    Referral.history.filter(id=referral_id).delete()
    VictimDetails.history.filter(referral_id=referral_id).delete()
    entries.append(_log(due, "referrals.referral", referral_id, actor_label))
    person_kept = (
        Referral.objects.filter(person_id=person_id).exists()
        or RightsRequest.objects.filter(person_id=person_id).exists()
        or LegalHold.objects.filter(person_id=person_id).exists()
    )
    if not person_kept:
        Person.objects.filter(pk=person_id).delete()
        Person.history.filter(id=person_id).delete()
        entries.append(_log(due, "people.person", person_id, actor_label))
    return DisposalLogEntry.objects.bulk_create(entries)


def retention_apply(
    *,
    actor_label: str,
    today: datetime.date | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> list[Due]:
    """Dispose of every record past retention (or, with dry_run, only list them)."""
    due = list(retention_due(today))
    if dry_run:
        return due
    for item in due:
        dispose(item, actor_label=actor_label)
        if progress:
            progress(1)
    return due
