"""Writes to cases. Each service runs in one transaction and writes its audit event there."""

import datetime
import itertools
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import User
from victimcare.assessments.rules import NEED_CATEGORIES
from victimcare.audit.services import (
    audit_event,
    audit_event_record,
    audit_events_save,
    disclosure_record,
)
from victimcare.cases import lifecycle
from victimcare.cases.allocation import cases_allocate
from victimcare.cases.models import (
    ONWARD_TRANSITIONS,
    SUCCESSFUL_OUTCOMES,
    Case,
    CaseNote,
    CaseOutcome,
    CaseStatus,
    CaseTask,
    CaseTransition,
    ClosureReason,
    ContactAttempt,
    GoalStatus,
    OnwardReferral,
    OnwardReferralStatus,
    OutcomeArea,
    ShareGroup,
    SupportGoal,
    TaskKind,
    new_case_reference,
)
from victimcare.cases.safe_contact import SafeContact, contact_refusal, unable_to_contact_due
from victimcare.core.bulk import History, bulk_insert
from victimcare.dataprotection.selectors import agreement_in_force
from victimcare.directory.models import Service
from victimcare.entitlements.working_days import add_working_days
from victimcare.notifications.delivery import outbox_enqueue
from victimcare.people.models import ContactChannel
from victimcare.referrals.models import Referral


@transaction.atomic
def cases_open_for_referrals(
    *, referrals: Sequence[Referral], actor: User | None = None, actor_label: str = ""
) -> list[Case]:
    """Open the case for each new referral: routed to its hub, with its contact deadline
    and, where the hub allocates automatically, its named officer."""
    cases = [
        Case(
            reference=new_case_reference(),
            referral=referral,
            person=referral.person,
            team=referral.team,
            contact_deadline=referral.contact_due_by,
            contact_deadline_reason=referral.contact_due_reason,
            lawful_basis=referral.lawful_basis,
            triage=referral.auto_referral,
        )
        for referral in referrals
    ]
    cases_allocate(cases=cases)
    bulk_insert(cases, history=History(user=actor, reason=actor_label or "case opened"))
    events = []
    for case in cases:
        opened = {"referral_id": case.referral_id, "team_id": case.team_id}
        events.append(
            audit_event(
                action="case.opened", obj=case, actor=actor, actor_label=actor_label, data=opened
            )
        )
        if case.officer_id:
            allocated = {"officer_id": case.officer_id, "reason": case.allocation_reason}
            events.append(
                audit_event(
                    action="case.allocated",
                    obj=case,
                    actor=actor,
                    actor_label=actor_label,
                    data=allocated,
                )
            )
    audit_events_save(events)
    return cases


@transaction.atomic
def case_refresh_from_referral(
    *, case: Case, actor: User | None = None, actor_label: str = ""
) -> list[str]:
    """After a referral was updated: recompute the deadline and, while new, the hub.

    Returns the names of the case fields that changed.
    """
    referral = case.referral
    changed: list[str] = []
    due = (referral.contact_due_by, referral.contact_due_reason)
    if (case.contact_deadline, case.contact_deadline_reason) != due:
        case.contact_deadline, case.contact_deadline_reason = due
        changed += ["contact_deadline", "contact_deadline_reason"]
    if case.status == CaseStatus.NEW and case.team_id != referral.team_id:
        case.team_id = referral.team_id
        changed.append("team")
    if case.triage != referral.auto_referral:
        case.triage = referral.auto_referral
        changed.append("triage")
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
        audit_event_record(
            action="case.updated_from_referral",
            obj=case,
            actor=actor,
            actor_label=actor_label,
            data={"fields": changed},
        )
    return changed


def cases_triage_sync(*, referral_ids: Sequence[int]) -> int:
    """Copy each referral's automatic-referral route to its case (the triage queue reads it
    there), after the route changed outside intake: linkage, or undoing a merge."""
    route = Referral.objects.filter(pk=OuterRef("referral_id")).values("auto_referral")[:1]
    return (
        Case.objects.filter(referral_id__in=list(referral_ids))
        .exclude(triage=Subquery(route))
        .update(triage=Subquery(route))
    )


class SharingRefused(Exception):
    """A referral to a service cannot be sent; the message says why, for the officer."""


@transaction.atomic
def onward_referral_send(
    *,
    case: Case,
    service: Service,
    consent_given: bool,
    shared: Sequence[str],
    reason: str,
    actor: User,
) -> OnwardReferral:
    """Refer the victim to a specialist service: only with their consent, only the parts
    they agreed to share, only to an organisation the hub has a sharing agreement with.
    The disclosure is logged with the agreement as its basis."""
    if not consent_given:
        raise SharingRefused("The victim must agree before their details go to a service")
    unknown = set(shared) - set(ShareGroup.values)
    if not shared or unknown:
        raise SharingRefused("Choose what the victim agreed to share")
    provider = service.provider
    if provider is None:
        raise SharingRefused(
            f"{service.name} takes no referrals from the hub: give the victim its details"
        )
    in_house = case.team is not None and case.team.organisation_id == provider.pk
    agreement = None if in_house else agreement_in_force(organisation=provider)
    if agreement is None and not in_house:
        raise SharingRefused(
            f"There is no data sharing agreement in force with {provider.name}, so nothing "
            "can be sent to it. Ask your data protection officer."
        )
    onward = OnwardReferral.objects.create(
        case=case,
        service=service,
        consent_given=True,
        shared=[group for group in ShareGroup.values if group in shared],
        reason=reason,
        agreement=agreement,
        sent_by=actor,
    )
    audit_event_record(
        action="onward_referral.sent",
        obj=onward,
        actor=actor,
        data={"case_id": case.pk, "service_id": service.pk, "shared": onward.shared},
    )
    disclosure_record(
        recipient=provider.name,
        route="onward referral",
        object_type="cases.case",
        object_ids=[case.pk],
        person_ids=[case.person_id],
        lawful_basis="Consent of the victim"
        + (
            f"; data sharing agreement {agreement.reference}" if agreement else "; in-house service"
        ),
        actor=actor,
    )
    return onward


class CaseChangeRefused(Exception):
    """The change cannot be made; the message says why, in the officer's words."""


class StaleCase(CaseChangeRefused):
    """Someone else changed the case since the form was opened."""


def _locked(case: Case, expected_version: int | None) -> Case:
    current = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleCase(changes_since(current, expected_version))
    return current


def changes_since(case: Case, version: int) -> str:
    """In words, what changed on the case after `version` (from its change history)."""
    versions = list(case.history.filter(version__gte=version).order_by("version", "history_id"))
    changed: list[str] = []
    for older, newer in itertools.pairwise(versions):
        for change in newer.diff_against(older).changes:
            label = str(getattr(Case._meta.get_field(change.field), "verbose_name", change.field))
            if label not in changed and change.field not in {"version", "updated_at"}:
                changed.append(label)
    who = versions[-1].history_user.display_name if versions and versions[-1].history_user else ""
    what = ", ".join(changed) or "its details"
    by = f" by {who}" if who else ""
    return (
        f"This case was changed{by} while you were working on it ({what}). "
        "Your change was not saved: check the case as it is now and make it again."
    )


def _bump(case: Case, fields: list[str], actor: User | None) -> None:
    """Save a change with a new version; the history names who made it."""
    case.version += 1
    case._history_user = actor  # type: ignore[attr-defined]  # django-simple-history
    case.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def case_transition(
    *,
    case: Case,
    target: str,
    reason: str,
    actor: User | None,
    expected_version: int | None = None,
    actor_label: str = "",
) -> CaseTransition:
    """Move the case to `target` if the lifecycle allows it, recording who, when and why."""
    current = _locked(case, expected_version)
    if not reason.strip():
        raise CaseChangeRefused("Enter why the case is changing")
    why_not = lifecycle.refusal(current.status, target)
    if why_not:
        raise CaseChangeRefused(why_not)
    transition = CaseTransition.objects.create(
        case=current, from_status=current.status, to_status=target, reason=reason.strip(),
        actor=actor, actor_label=actor_label,
    )  # fmt: skip
    current.status = target
    fields = ["status"]
    if target in lifecycle.ENDED:
        current.closed_at = timezone.now()
        fields.append("closed_at")
    elif target == CaseStatus.REOPENED:
        current.closed_at = None
        fields.append("closed_at")
    _bump(current, fields, actor)
    audit_event_record(
        action="case.status_changed", obj=current, actor=actor, actor_label=actor_label,
        data={"from": transition.from_status, "to": target},
    )  # fmt: skip
    case.status, case.version, case.closed_at = current.status, current.version, current.closed_at
    return transition


def _safe_contact_rules(case: Case) -> SafeContact:
    return SafeContact(
        agreed_channel=case.agreed_channel,
        no_voicemail=case.no_voicemail,
        no_sms=case.no_sms,
        safe_to_contact=case.victim.safe_to_contact,
    )


@transaction.atomic
def contact_attempt_record(
    *,
    case: Case,
    channel: str,
    outcome: str,
    notes: str,
    actor: User,
    expected_version: int | None = None,
) -> ContactAttempt:
    """Record a try at reaching the victim, refused if it breaks the safe-contact rules.

    The first attempt moves a new case to contacting; too many failed attempts in the
    period (settings) move it to unable to contact.
    """
    current = _locked(case, expected_version)
    why_not = contact_refusal(_safe_contact_rules(current), channel=channel, outcome=outcome)
    if why_not:
        raise CaseChangeRefused(why_not)
    if current.status in lifecycle.ENDED:
        raise CaseChangeRefused("Reopen the case before recording contact")
    attempt = ContactAttempt.objects.create(
        case=current, channel=channel, outcome=outcome, notes=notes, made_by=actor
    )
    audit_event_record(
        action="case.contact_attempted", obj=current, actor=actor,
        data={"channel": channel, "outcome": outcome},
    )  # fmt: skip
    if current.status in (CaseStatus.NEW, CaseStatus.REOPENED):
        case_transition(
            case=current, target=CaseStatus.CONTACTING, reason="First contact attempt", actor=actor
        )
    if current.status == CaseStatus.CONTACTING and not attempt.succeeded:
        history = list(current.contact_attempts.values_list("made_at", "outcome"))
        max_failed = settings.VCH_CONTACT_MAX_FAILED_ATTEMPTS
        period = settings.VCH_CONTACT_ATTEMPT_PERIOD_DAYS
        if unable_to_contact_due(
            [(when, result in SUCCESSFUL_OUTCOMES) for when, result in history],
            now=timezone.now(),
            max_failed=max_failed,
            period_days=period,
        ):
            letter_safe = (
                current.victim.safe_to_contact is not False
                and current.agreed_channel in ("", ContactChannel.LETTER)
                and bool(current.victim.address_line_1 or current.victim.postcode)
            )
            letter = (
                "send a letter to the victim's address"
                if letter_safe
                else "do not write: a letter is not a safe way to reach this victim"
            )
            case_transition(
                case=current,
                target=CaseStatus.UNABLE_TO_CONTACT,
                reason=f"{max_failed} contact attempts failed within {period} days; {letter}",
                actor=None,
                actor_label="safe contact rule",
            )
            if letter_safe:
                task_open(
                    case=current,
                    kind=TaskKind.LETTER,
                    title="Write to the victim: we could not reach them by phone or message",
                    due_on=add_working_days(timezone.localdate(), 2),
                )
    case.status, case.version = current.status, current.version
    return attempt


@transaction.atomic
def case_safe_contact_update(
    *,
    case: Case,
    agreed_channel: str,
    no_voicemail: bool,
    no_sms: bool,
    safe_times: str,
    actor: User,
    expected_version: int | None = None,
) -> Case:
    current = _locked(case, expected_version)
    current.agreed_channel, current.no_voicemail, current.no_sms = (
        agreed_channel, no_voicemail, no_sms,
    )  # fmt: skip
    current.safe_times = safe_times  # type: ignore[assignment]
    _bump(current, ["agreed_channel", "no_voicemail", "no_sms", "safe_times"], actor)
    audit_event_record(action="case.safe_contact_changed", obj=current, actor=actor)
    return current


@transaction.atomic
def case_note_add(
    *, case: Case, text: str, actor: User, shared_with_victim: bool = False
) -> CaseNote:
    if not text.strip():
        raise CaseChangeRefused("Enter the note")
    note = CaseNote.objects.create(
        case=case, text=text.strip(), written_by=actor, shared_with_victim=shared_with_victim
    )
    audit_event_record(action="case.note_added", obj=case, actor=actor, data={"note_id": note.pk})
    return note


def task_open(
    *,
    case: Case,
    kind: str,
    title: str,
    due_on: datetime.date,
    assignee: User | None = None,
    code_area: str = "",
    reason: str = "",
    source_event: Any = None,
) -> CaseTask:
    """Put a task (or a Victims' Code duty) on the named officer's list (inside the caller's
    transaction). An officer who has left gets none: the task waits for the team."""
    officer = assignee or case.officer
    task = CaseTask.objects.create(
        case=case, kind=kind, title=title[:300], due_on=due_on,
        assigned_to=officer if officer is not None and officer.is_active else None,
        code_area=code_area, reason=reason[:300], source_event=source_event,
    )  # fmt: skip
    audit_event_record(action="task.opened", obj=case, data={"task_id": task.pk, "kind": kind})
    return task


@transaction.atomic
def task_complete(*, task: CaseTask, outcome: str, actor: User) -> CaseTask:
    if task.done_at is not None:
        raise CaseChangeRefused("This task is already done")
    if task.ended_at is not None:
        raise CaseChangeRefused(f"This duty is no longer owed: {task.ended_reason}")
    if not outcome.strip():
        raise CaseChangeRefused("Enter what was done")
    task.done_at, task.done_by = timezone.now(), actor
    task.outcome = outcome.strip()  # type: ignore[assignment]
    task.save(update_fields=["done_at", "done_by", "outcome"])
    audit_event_record(action="task.done", obj=task.case, actor=actor, data={"task_id": task.pk})
    if task.kind == TaskKind.INVESTIGATION_UPDATE:
        from victimcare.justice.services import investigation_updates_schedule

        investigation_updates_schedule(case_ids=[task.case_id])  # the next month's update
    return task


@transaction.atomic
def case_safeguarding_update(
    *,
    case: Case,
    children_in_household: bool | None,
    adult_at_risk: bool | None,
    actor: User,
    expected_version: int | None = None,
) -> Case:
    """Record who is in the household. Domestic abuse with children, or an adult at risk,
    puts a safeguarding task on the officer's list (once)."""
    current = _locked(case, expected_version)
    current.children_in_household, current.adult_at_risk = children_in_household, adult_at_risk
    _bump(current, ["children_in_household", "adult_at_risk"], actor)
    audit_event_record(action="case.safeguarding_recorded", obj=current, actor=actor)
    today = timezone.localdate()
    wanted = []
    if children_in_household and current.referral.domestic_abuse:
        wanted.append(
            (TaskKind.CHILD_SAFEGUARDING,
             "Domestic abuse with children in the household: consider a child safeguarding "
             "referral to the local authority")
        )  # fmt: skip
    if adult_at_risk:
        wanted.append(
            (TaskKind.ADULT_SAFEGUARDING,
             "An adult at risk: consider an adult safeguarding referral to the local authority")
        )  # fmt: skip
    for kind, title in wanted:
        if not current.tasks.filter(kind=kind).exists():
            task_open(case=current, kind=kind, title=title, due_on=add_working_days(today, 1))
    case.version = current.version
    return current


@transaction.atomic
def onward_referral_update(
    *, onward: OnwardReferral, status: str, actor: User, reason: str = ""
) -> OnwardReferral:
    """Move an onward referral on: the service accepts, declines (with a reason), works and
    completes it; the hub withdraws it. Anything else is refused."""
    current = OnwardReferral.objects.select_for_update().select_related("service").get(pk=onward.pk)
    mover = ONWARD_TRANSITIONS.get(current.status, {}).get(status)
    if mover is None:
        raise CaseChangeRefused(
            f"A referral that is {current.get_status_display().lower()} cannot become "
            f"{OnwardReferralStatus(status).label.lower()}"
        )
    is_service = actor.organisation_id is not None and (
        actor.organisation_id == current.service.provider_id
    )
    if (mover == "service") != is_service:
        who = "the receiving service" if mover == "service" else "the hub"
        raise CaseChangeRefused(f"Only {who} can make this change")
    if status == OnwardReferralStatus.DECLINED and not reason.strip():
        raise CaseChangeRefused("Enter why the referral is declined")
    previous = current.status
    current.status = status
    current.declined_reason = reason.strip() if status == OnwardReferralStatus.DECLINED else ""
    current._history_user = actor  # type: ignore[attr-defined]
    current.save(update_fields=["status", "declined_reason", "updated_at"])
    audit_event_record(
        action="onward_referral.status_changed", obj=current, actor=actor,
        data={"from": previous, "to": status},
    )  # fmt: skip
    onward.status = current.status
    return current


@transaction.atomic
def case_close(
    *,
    case: Case,
    outcomes: dict[str, str],
    reason: str,
    actor: User,
    expected_version: int | None = None,
) -> Case:
    """Close a case: exit needs assessment taken, an outcome for each of the five MoJ areas,
    a closure reason; the satisfaction survey invitation is queued for after commit."""
    current = _locked(case, expected_version)
    if current.status != CaseStatus.CLOSING:
        raise CaseChangeRefused("Start closing the case before closing it")
    if not current.needs_assessments.filter(stage="exit").exists():
        raise CaseChangeRefused("Record the exit needs assessment before closing the case")
    missing = [label for area, label in OutcomeArea.choices if area not in outcomes]
    if missing:
        raise CaseChangeRefused(f"Record an outcome for: {'; '.join(missing)}")
    if reason not in ClosureReason.values:
        raise CaseChangeRefused("Choose why the case is closing")
    CaseOutcome.objects.filter(case=current).delete()
    CaseOutcome.objects.bulk_create(
        CaseOutcome(case=current, area=area, result=result) for area, result in outcomes.items()
    )
    current.closure_reason = reason
    _bump(current, ["closure_reason"], actor)
    case_transition(
        case=current, target=CaseStatus.CLOSED, reason=ClosureReason(reason).label, actor=actor
    )
    person = current.victim
    if person.safe_to_contact is not False and (person.email or person.phone):
        from victimcare.feedback.services import survey_invitation_open

        survey_invitation_open(current)
        outbox_enqueue(
            kind="survey_invitation",
            destination="email" if person.email else "sms",
            payload={"case_id": current.pk},
            related_type="cases.case",
            related_id=current.pk,
            case=current,
        )
    case.status, case.version = current.status, current.version
    return current


@transaction.atomic
def case_reallocate(
    *,
    case: Case,
    officer: User,
    handover: str,
    actor: User,
    expected_version: int | None = None,
) -> Case:
    """Give the case a new named officer, with a handover note; open tasks follow the case."""
    current = _locked(case, expected_version)
    if (
        officer.role != Role.VICTIM_CARE_OFFICER
        or not officer.is_active
        or officer.team_id != current.team_id
    ):
        raise CaseChangeRefused("Choose an active victim care officer of the case's hub")
    if officer.pk == current.officer_id:
        raise CaseChangeRefused(f"{officer.display_name} is already the named officer")
    if not handover.strip():
        raise CaseChangeRefused("Write a handover note for the new officer")
    previous = current.officer
    current.officer = officer
    current.allocation_reason = f"Reallocated by {actor.display_name}"
    _bump(current, ["officer", "allocation_reason"], actor)
    CaseNote.objects.create(
        case=current, text=f"Handover to {officer.display_name}: {handover.strip()}",
        written_by=actor,
    )  # fmt: skip
    current.tasks.filter(done_at__isnull=True).update(assigned_to=officer)
    audit_event_record(
        action="case.reallocated", obj=current, actor=actor,
        data={"from_officer_id": previous.pk if previous else None, "to_officer_id": officer.pk},
    )  # fmt: skip
    case.officer, case.version = current.officer, current.version
    return current


@transaction.atomic
def support_goal_add(*, case: Case, category: str, goal: str, actor: User) -> SupportGoal:
    if category not in dict(NEED_CATEGORIES):
        raise CaseChangeRefused("Choose the need the goal is for")
    if not goal.strip():
        raise CaseChangeRefused("Enter the goal")
    created = SupportGoal.objects.create(case=case, category=category, goal=goal.strip(),
                                         set_by=actor)  # fmt: skip
    audit_event_record(action="support_goal.set", obj=case, actor=actor,
                       data={"goal_id": created.pk, "category": category})  # fmt: skip
    return created


@transaction.atomic
def support_goal_update(*, goal: SupportGoal, status: str, actor: User) -> SupportGoal:
    if status not in GoalStatus.values:
        raise CaseChangeRefused("Choose how the goal went")
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    audit_event_record(action="support_goal.updated", obj=goal.case, actor=actor,
                       data={"goal_id": goal.pk, "status": status})  # fmt: skip
    return goal
