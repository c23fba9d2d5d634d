"""Reads of cases, always scoped to what the user may see (deny by default)."""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import User
from victimcare.cases.models import (
    OPEN_STATUSES,
    PARTNER_VISIBLE,
    Case,
    CaseStatus,
    CaseTask,
    OnwardReferral,
)
from victimcare.cases.permissions import CASEWORK_ROLES
from victimcare.entitlements.rules import AutoReferral
from victimcare.people.models import encrypted_contact_details


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases `user` may open (the `cases.view_case` rule as a filter): their team's
    (a hub's) cases and any allocated to them, for case-working roles. Every other role
    sees none: partners get consented onward referrals, commissioners aggregates,
    administrators configuration."""
    if not user.is_active or user.role not in CASEWORK_ROLES:
        return Case.objects.none()
    scope = Q(officer_id=user.pk)
    if user.team_id is not None:
        scope |= Q(team_id=user.team_id)
    return Case.objects.filter(scope)


def onward_referrals_visible_to(user: User) -> QuerySet[OnwardReferral]:
    """Onward referrals a partner worker may open (`cases.view_onward_referral` as a filter):
    sent with consent to a service their organisation provides."""
    if not user.is_active or user.role != Role.PARTNER_WORKER or user.organisation_id is None:
        return OnwardReferral.objects.none()
    return OnwardReferral.objects.filter(
        consent_given=True,
        status__in=PARTNER_VISIBLE,
        service__provider_id=user.organisation_id,
    )


def onward_referral_for_partner(user: User, onward_id: int) -> OnwardReferral | None:
    return (
        onward_referrals_visible_to(user)
        .select_related("service", "case__referral__victim", "case__person", "case__team")
        .filter(pk=onward_id)
        .first()
    )


# The hub's triage lists: which new cases each holds, by the referral's auto-referral route.
QUEUE_LISTS: dict[str, tuple[str, ...]] = {
    "contact": (AutoReferral.REFER, AutoReferral.CONSENT_GIVEN),
    "consent": (AutoReferral.AWAITING_CONSENT,),
    "recorded": (AutoReferral.NOT_AUTOMATIC, AutoReferral.DECLINED),
}


def _hub_cases(user: User) -> QuerySet[Case]:
    """The cases of the user's own hub (a subset of `cases_visible_to`): the queue's scope.

    A plain team filter, so PostgreSQL walks the (team, status, contact_deadline) index in
    order and stops at the page's end instead of sorting the whole hub."""
    if not user.is_active or user.role not in CASEWORK_ROLES or user.team_id is None:
        return Case.objects.none()
    return Case.objects.filter(team_id=user.team_id)


def case_queue(user: User, queue_list: str = "contact") -> QuerySet[Case]:
    """New cases of the user's hub in one triage list, most urgent contact deadline first
    (cases received earlier first within a day); no contact details read (none shown)."""
    return (
        _hub_cases(user)
        .filter(status=CaseStatus.NEW, triage__in=QUEUE_LISTS[queue_list])
        .select_related("referral__victim", "officer")
        .defer("safe_times", *encrypted_contact_details("referral__victim"))
        .order_by("contact_deadline", "id")
    )


def case_queue_counts(user: User) -> dict[str, int]:
    """How many new cases each triage list holds: COUNT(*), so PostgreSQL counts from the
    (team, status, triage) index alone, never visiting the rows (8 ms, not 60, for 25,000)."""
    rows = _hub_cases(user).filter(status=CaseStatus.NEW).values("triage").annotate(n=Count("*"))
    by_route = {row["triage"]: row["n"] for row in rows}
    return {name: sum(by_route.get(r, 0) for r in routes) for name, routes in QUEUE_LISTS.items()}


def case_in_organisation(user: User, *, reference: str = "", case_id: int = 0) -> Case | None:
    """A case of another team of the user's own organisation, for a case-working user who
    gives a reason to open it (covering a colleague). Never a case of another organisation."""
    if not user.is_active or user.role not in CASEWORK_ROLES or user.organisation_id is None:
        return None
    cases = Case.objects.filter(team__organisation_id=user.organisation_id)
    if reference:
        cases = cases.filter(reference=reference.strip().upper())
    else:
        cases = cases.filter(pk=case_id)
    return cases.select_related("referral__victim", "person", "team", "officer").first()


def case_for_user(user: User, case_id: int) -> Case | None:
    return (
        cases_visible_to(user)
        .select_related("referral__victim", "person", "team", "officer")
        .filter(pk=case_id)
        .first()
    )


def case_and_earlier_for_user(user: User, case_id: int) -> tuple[Case | None, list[Case]]:
    """The case and the same victim's other cases the user may see, newest report first,
    in one read: the case overview shows both, and it is the page officers open most. It
    shows the victim as the referral gave them, never the person index's row (ADR 66)."""
    person = Case.objects.filter(pk=case_id).values("person_id")[:1]
    rows = list(
        cases_visible_to(user)
        .filter(person_id=Subquery(person))
        .select_related("referral__victim", "team", "officer")
        .order_by("-referral__reported_at", "-pk")
    )
    case = next((c for c in rows if c.pk == case_id), None)
    return case, [c for c in rows if c.pk != case_id]


def open_tasks_for(user: User) -> QuerySet[CaseTask]:
    """Open tasks on cases the user may see that are theirs, or unassigned in their team."""
    visible = cases_visible_to(user)
    return (
        CaseTask.objects.filter(case__in=visible, done_at__isnull=True, ended_at__isnull=True)
        .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
        .select_related("case__person")
        .order_by("due_on", "id")
    )


# A Victims' Code duty: a task counted in the compliance return, or one a justice event
# brought (models/tasks.py CaseTask).
CODE_DUTY = Q(code_area__gt="") | Q(source_event__isnull=False)
OPEN_TASK = Q(done_at__isnull=True, ended_at__isnull=True)
HELD_OPEN_TASK = Q(case_tasks__done_at__isnull=True, case_tasks__ended_at__isnull=True)


def _with_next_duty(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Each case with `next_duty_on`: when its earliest open Victims' Code duty is due."""
    duties = (
        CaseTask.objects.filter(OPEN_TASK & CODE_DUTY, case_id=OuterRef("pk"))
        .order_by("due_on")
        .values("due_on")[:1]
    )
    return cases.annotate(next_duty_on=Subquery(duties))


def _most_urgent_first(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Open cases with a contact still owed first (by its deadline), then the rest; each
    with its next Victims' Code duty (`next_duty_on`)."""
    return _with_next_duty(
        cases.filter(status__in=OPEN_STATUSES)
        .select_related("referral", "person")
        .alias(owed=ExpressionWrapper(Q(status=CaseStatus.NEW), output_field=BooleanField()))
        .order_by("-owed", "contact_deadline", "id")
    )


def my_open_cases(user: User) -> QuerySet[Case]:
    """The open cases `user` is the named officer for, the most urgent first."""
    return _most_urgent_first(cases_visible_to(user).filter(officer_id=user.pk))


@dataclass(frozen=True)
class OfficerCaseload:
    officer: User
    open_cases: int
    new_cases: int
    overdue_contact: int
    open_tasks: int
    overdue_duties: int = 0


def team_officers(user: User, *, active_only: bool = True) -> QuerySet[User]:
    """The victim care officers of a team leader's hub (none for anyone else): the active
    ones, or also those who have left (`active_only=False`), whose cases may need moving."""
    if user.team_id is None or user.role != Role.TEAM_LEADER:
        return User.objects.none()
    officers = User.objects.filter(team_id=user.team_id, role=Role.VICTIM_CARE_OFFICER)
    if active_only:
        officers = officers.filter(is_active=True)
    return officers.order_by("last_name", "first_name")


def team_caseload(user: User) -> list[OfficerCaseload]:
    """Each victim care officer of the team leader's hub, with their open work and the
    Victims' Code duties overdue on their open cases."""
    today = timezone.localdate()
    officers = team_officers(user).annotate(
        open_cases=Count("cases", filter=Q(cases__status__in=OPEN_STATUSES), distinct=True),
        new_cases=Count("cases", filter=Q(cases__status=CaseStatus.NEW), distinct=True),
        overdue=Count(
            "cases",
            filter=Q(cases__status=CaseStatus.NEW, cases__contact_deadline__lt=today),
            distinct=True,
        ),
        tasks=Count("case_tasks", filter=HELD_OPEN_TASK, distinct=True),
    )
    overdue_duties = dict(
        CaseTask.objects.filter(
            OPEN_TASK & CODE_DUTY,
            due_on__lt=today,
            case__team_id=user.team_id or 0,
            case__status__in=OPEN_STATUSES,
            case__officer__isnull=False,
        )
        .values_list("case__officer_id")
        .annotate(n=Count("id"))
        .values_list("case__officer_id", "n")
    )
    return [
        OfficerCaseload(
            o, o.open_cases, o.new_cases, o.overdue, o.tasks, overdue_duties.get(o.pk, 0)
        )
        for o in officers
    ]


def officer_open_cases(user: User, officer: User) -> QuerySet[Case]:
    """A team leader's view of one officer's open cases in the team, to move them: the
    contacts owed first, each with its next Victims' Code duty (`next_duty_on`)."""
    if user.team_id is None or user.role != Role.TEAM_LEADER:
        return Case.objects.none()
    return _most_urgent_first(Case.objects.filter(team_id=user.team_id, officer_id=officer.pk))


def unallocated_count(user: User) -> int:
    return cases_visible_to(user).filter(officer__isnull=True, status__in=OPEN_STATUSES).count()


def earlier_cases(user: User, case: Case) -> QuerySet[Case]:
    """The same person's other cases (a repeat victim), only those the user may see."""
    return (
        cases_visible_to(user)
        .filter(person_id=case.person_id)
        .exclude(pk=case.pk)
        .select_related("referral", "officer")
        .order_by("-referral__reported_at")
    )


# --- Messages to the victim (the outbox) ------------------------------------------------

# Outbox kinds that go to the victim of a case, as the officer reads them.
