"""Changes to the case record. Each service runs in one transaction and writes its audit event
there; a change made from a stale page is refused with what changed (ADR 18)."""

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases import lifecycle
from victimcare.cases.models import (
    OPEN_STATUSES,
    SUCCESSFUL_OUTCOMES,
    Case,
    CaseNote,
    CaseStatus,
    CaseTransition,
    ContactAttempt,
    TaskKind,
)
from victimcare.cases.safe_contact import SafeContact, contact_refusal, unable_to_contact_due
from victimcare.cases.services.tasks import task_open
from victimcare.cases.services.versions import (
    CaseChangeRefused,
    locked_case,
    save_version,
)
from victimcare.core.states import InvalidTransition
from victimcare.entitlements.working_days import add_working_days
from victimcare.people.models import ContactChannel


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
    current = locked_case(case, expected_version)
    if not reason.strip():
        raise CaseChangeRefused("Enter why the case is changing", field="reason")
    try:
        lifecycle.CASE_LIFECYCLE.transition(current.status, target)
    except InvalidTransition as refused:
        raise CaseChangeRefused(refused.reason) from None
    transition = CaseTransition.objects.create(
        case=current,
        from_status=current.status,
        to_status=target,
        reason=reason.strip(),
        actor=actor,
        actor_label=actor_label,
    )
    current.status = target
    fields = ["status"]
    if target in lifecycle.ENDED:
        current.closed_at = timezone.now()
        fields.append("closed_at")
    elif target == CaseStatus.REOPENED:
        current.closed_at = None
        fields.append("closed_at")
    save_version(current, fields, actor)
    audit_event_record(
        action=AuditAction.CASE_STATUS_CHANGED,
        obj=current,
        actor=actor,
        actor_label=actor_label,
        data={"from": transition.from_status, "to": target},
    )
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
    current = locked_case(case, expected_version)
    why_not = contact_refusal(_safe_contact_rules(current), channel=channel, outcome=outcome)
    if why_not:
        raise CaseChangeRefused(why_not)
    if current.status in lifecycle.ENDED:
        raise CaseChangeRefused("Reopen the case before recording contact")
    attempt = ContactAttempt.objects.create(
        case=current, channel=channel, outcome=outcome, notes=notes, made_by=actor
    )
    audit_event_record(
        action=AuditAction.CASE_CONTACT_ATTEMPTED,
        obj=current,
        actor=actor,
        data={"channel": channel, "outcome": outcome},
    )
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
    current = locked_case(case, expected_version)
    current.agreed_channel, current.no_voicemail, current.no_sms = (
        agreed_channel,
        no_voicemail,
        no_sms,
    )
    current.safe_times = safe_times  # type: ignore[assignment]
    save_version(current, ["agreed_channel", "no_voicemail", "no_sms", "safe_times"], actor)
    audit_event_record(action=AuditAction.CASE_SAFE_CONTACT_CHANGED, obj=current, actor=actor)
    return current


@transaction.atomic
def case_safe_contact_from_referral(
    *, case: Case, no_voicemail: bool, no_sms: bool = False
) -> Case:
    """The safe-contact rules the victim gave on their own referral (no actor: the intake
    records them as the case opens, in the referral's transaction)."""
    case.no_voicemail = no_voicemail
    case.no_sms = no_sms
    save_version(case, ["no_voicemail", "no_sms"], None)
    audit_event_record(
        action=AuditAction.CASE_SAFE_CONTACT_CHANGED, obj=case, actor_label="the referral"
    )
    return case


@transaction.atomic
def case_note_add(
    *, case: Case, text: str, actor: User, shared_with_victim: bool = False
) -> CaseNote:
    if not text.strip():
        raise CaseChangeRefused("Enter the note", field="text")
    if shared_with_victim and case.status == CaseStatus.SENT_IN_ERROR:
        raise CaseChangeRefused(
            "This case was sent in error: nothing is shown to the person its referral named. "
            "Add the note without showing it as an update"
        )
    note = CaseNote.objects.create(
        case=case, text=text.strip(), written_by=actor, shared_with_victim=shared_with_victim
    )
    audit_event_record(
        action=AuditAction.CASE_NOTE_ADDED, obj=case, actor=actor, data={"note_id": note.pk}
    )
    return note


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
    puts a safeguarding task on the officer's list (once), unless the case has ended: its
    answers can still be put right, but nobody holds its tasks."""
    current = locked_case(case, expected_version)
    current.children_in_household, current.adult_at_risk = children_in_household, adult_at_risk
    save_version(current, ["children_in_household", "adult_at_risk"], actor)
    audit_event_record(action=AuditAction.CASE_SAFEGUARDING_RECORDED, obj=current, actor=actor)
    today = timezone.localdate()
    wanted = []
    if children_in_household and current.referral.domestic_abuse:
        wanted.append(
            (
                TaskKind.CHILD_SAFEGUARDING,
                "Domestic abuse with children in the household: consider a child safeguarding "
                "referral to the local authority",
            )
        )
    if adult_at_risk:
        wanted.append(
            (
                TaskKind.ADULT_SAFEGUARDING,
                "An adult at risk: consider an adult safeguarding referral to the local authority",
            )
        )
    for kind, title in wanted if current.status not in lifecycle.ENDED else []:
        if not current.tasks.filter(kind=kind).exists():
            task_open(case=current, kind=kind, title=title, due_on=add_working_days(today, 1))
    case.version = current.version
    return current


@transaction.atomic
def case_reallocate(
    *,
    case: Case,
    officer: User,
    handover: str,
    actor: User,
    expected_version: int | None = None,
    moved_together: int = 0,
) -> Case:
    """Give the case a new named officer, with a handover note; open tasks follow the case.
    `moved_together`: how many cases a team leader moved in the same step (audit only)."""
    current = locked_case(case, expected_version)
    if (
        officer.role != Role.VICTIM_CARE_OFFICER
        or not officer.is_active
        or officer.team_id != current.team_id
    ):
        raise CaseChangeRefused("Choose an active victim care officer of the case's hub")
    if officer.pk == current.officer_id:
        raise CaseChangeRefused(f"{officer.display_name} is already the named officer")
    if not handover.strip():
        raise CaseChangeRefused("Write a handover note for the new officer", field="handover")
    previous = current.officer
    current.officer = officer
    current.allocation_reason = f"Reallocated by {actor.display_name}"
    save_version(current, ["officer", "allocation_reason"], actor)
    CaseNote.objects.create(
        case=current,
        text=f"Handover to {officer.display_name}: {handover.strip()}",
        written_by=actor,
    )
    current.tasks.filter(done_at__isnull=True, ended_at__isnull=True).update(assigned_to=officer)
    audit_event_record(
        action=AuditAction.CASE_REALLOCATED,
        obj=current,
        actor=actor,
        data={"from_officer_id": previous.pk if previous else None, "to_officer_id": officer.pk}
        | ({"moved_together": moved_together} if moved_together else {}),
    )
    case.officer, case.version = current.officer, current.version
    return current


@transaction.atomic
def cases_reallocate(
    *, cases: Sequence[Case], officer: User, handover: str, actor: User
) -> list[Case]:
    """A team leader moves several of their hub's open cases to one officer of the same hub,
    with the same handover note on each: all of them or, if one is refused, none (the
    refusal names the case). Each case is audited as its own reallocation."""
    if actor.role != Role.TEAM_LEADER or actor.team_id is None:
        raise CaseChangeRefused("Only a team leader can move a hub's cases")
    if not cases:
        raise CaseChangeRefused("Choose the cases to move")
    if officer.team_id != actor.team_id:
        raise CaseChangeRefused("Choose an active victim care officer of your hub")
    for case in cases:
        if case.team_id != actor.team_id:
            raise CaseChangeRefused(f"Case {case.reference} is not one of your hub's cases")
        if case.status not in OPEN_STATUSES:
            raise CaseChangeRefused(f"Case {case.reference} is closed")
    moved = []
    for case in sorted(cases, key=lambda c: c.pk):
        try:
            moved.append(
                case_reallocate(
                    case=case,
                    officer=officer,
                    handover=handover,
                    actor=actor,
                    moved_together=len(cases),
                )
            )
        except CaseChangeRefused as refusal:
            raise CaseChangeRefused(f"Case {case.reference}: {refusal}") from refusal
    return moved
