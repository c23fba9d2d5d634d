"""Safeguarding referrals as records (ADR 53): recording one, its outcome later, and the
follow-up task its date keeps on the named officer's list."""

import datetime

from django.db import transaction
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.models import (
    Case,
    CaseTask,
    SafeguardingAgency,
    SafeguardingReferral,
    TaskKind,
)
from victimcare.cases.services.tasks import task_complete, task_open
from victimcare.cases.services.versions import CaseChangeRefused, refuse_once_ended

# A referral to these agencies is what the "consider a referral" task asked for.
CONSIDERED_BY = {
    SafeguardingAgency.CHILDRENS_SOCIAL_CARE: TaskKind.CHILD_SAFEGUARDING,
    SafeguardingAgency.ADULT_SOCIAL_CARE: TaskKind.ADULT_SAFEGUARDING,
    SafeguardingAgency.MARAC: TaskKind.MARAC_REFERRAL,
}


def _check_dates(made_on: datetime.date, follow_up_on: datetime.date | None) -> None:
    if made_on > timezone.localdate():
        raise CaseChangeRefused(
            "The date the referral was made must be today or in the past", field="made_on"
        )
    if follow_up_on is not None and follow_up_on < made_on:
        raise CaseChangeRefused(
            "The follow-up date must be on or after the date it was made", field="follow_up_on"
        )


@transaction.atomic
def safeguarding_referral_record(
    *,
    case: Case,
    agency: str,
    made_on: datetime.date,
    actor: User,
    agency_other: str = "",
    their_reference: str = "",
    outcome: str = "",
    follow_up_on: datetime.date | None = None,
) -> SafeguardingReferral:
    """Record a referral the hub made; an open "consider a referral" task for that agency
    is done by it, and a follow-up date puts a task on the named officer's list. A case that
    has ended still records one (a duty to protect does not wait for the victim to want
    support, and one made before closing may be keyed in after), but without a follow-up
    date: nobody holds the work of an ended case."""
    if follow_up_on is not None:
        refuse_once_ended(case, "setting a follow-up date")
    _check_dates(made_on, follow_up_on)
    if agency == SafeguardingAgency.OTHER and not agency_other.strip():
        raise CaseChangeRefused("Enter the name of the agency", field="agency_other")
    referral = SafeguardingReferral.objects.create(
        case=case,
        agency=agency,
        made_on=made_on,
        recorded_by=actor,
        agency_other=agency_other.strip() if agency == SafeguardingAgency.OTHER else "",
        their_reference=their_reference.strip(),
        outcome=outcome.strip(),
        follow_up_on=follow_up_on,
    )
    audit_event_record(
        action=AuditAction.SAFEGUARDING_REFERRAL_RECORDED,
        obj=case,
        actor=actor,
        data={"referral_id": referral.pk, "agency": agency},
    )
    considered = CONSIDERED_BY.get(SafeguardingAgency(agency))
    for task in case.tasks.filter(kind=considered, done_at__isnull=True, ended_at__isnull=True):
        done = f"Referred to {referral.agency_name} on {made_on:%-d %B %Y}"
        task_complete(task=task, actor=actor, outcome=done)
    _follow_up(referral, actor)
    return referral


@transaction.atomic
def safeguarding_referral_update(
    *,
    referral: SafeguardingReferral,
    actor: User,
    their_reference: str,
    outcome: str,
    follow_up_on: datetime.date | None,
) -> SafeguardingReferral:
    """Add what came of a referral (or a reference, or a new follow-up date) later; the
    follow-up task moves with its date, or ends when the date is taken away."""
    _check_dates(referral.made_on, follow_up_on)
    referral = SafeguardingReferral.objects.select_for_update().get(pk=referral.pk)
    if follow_up_on is not None and follow_up_on != referral.follow_up_on:
        # The outcome and their reference may come after closing; a follow-up is new work.
        refuse_once_ended(referral.case, "setting a follow-up date")
    changes = {
        "their_reference": their_reference.strip(),
        "outcome": outcome.strip(),
        "follow_up_on": follow_up_on,
    }
    changed = [name for name, value in changes.items() if getattr(referral, name) != value]
    if not changed:
        raise CaseChangeRefused("Nothing has changed: change the outcome, reference or date")
    for name in changed:
        setattr(referral, name, changes[name])
    referral.save()
    audit_event_record(
        action=AuditAction.SAFEGUARDING_REFERRAL_UPDATED,
        obj=referral.case,
        actor=actor,
        data={"referral_id": referral.pk, "fields": changed},
    )
    if "follow_up_on" in changed:
        _follow_up(referral, actor)
    return referral


def _follow_up(referral: SafeguardingReferral, actor: User) -> None:
    """Keep one open follow-up task at the referral's follow-up date (none without one)."""
    task: CaseTask | None = referral.follow_up_task
    if task is not None and not task.is_open:
        task = None  # done already: a new date is a new follow-up
    if referral.follow_up_on is None:
        if task is not None:
            task.ended_at, task.ended_reason = timezone.now(), "Follow-up date taken away"
            task.save(update_fields=["ended_at", "ended_reason"])
        return
    if task is None:
        task = task_open(
            case=referral.case,
            kind=TaskKind.SAFEGUARDING_FOLLOW_UP,
            title=f"Follow up the safeguarding referral to {referral.agency_name}",
            due_on=referral.follow_up_on,
        )
        referral.follow_up_task = task
        referral.save(update_fields=["follow_up_task"])
    elif task.due_on != referral.follow_up_on:
        task.due_on = referral.follow_up_on
        task.save(update_fields=["due_on"])
