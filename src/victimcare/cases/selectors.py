"""Reads of cases, always scoped to what the user may see (deny by default)."""

from django.db.models import Count, QuerySet

from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import User
from victimcare.cases.models import Case, CaseStatus
from victimcare.entitlements.rules import AutoReferral

# Roles that work cases, and so may see a team's cases. Every other role sees none here:
# partners get consented onward referrals, commissioners aggregates, administrators config.
CASEWORK_ROLES = frozenset({Role.VICTIM_CARE_OFFICER, Role.TEAM_LEADER})


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases `user` may open: those of their team (a hub), for case-working roles."""
    if not user.is_active or user.role not in CASEWORK_ROLES or user.team_id is None:
        return Case.objects.none()
    return Case.objects.filter(team_id=user.team_id)


# The hub's triage lists: which new cases each holds, by the referral's auto-referral route.
QUEUE_LISTS: dict[str, tuple[str, ...]] = {
    "contact": (AutoReferral.REFER, AutoReferral.CONSENT_GIVEN),
    "consent": (AutoReferral.AWAITING_CONSENT,),
    "recorded": (AutoReferral.NOT_AUTOMATIC, AutoReferral.DECLINED),
}


def case_queue(user: User, queue_list: str = "contact") -> QuerySet[Case]:
    """New cases of the user's hub in one triage list, most urgent contact deadline first."""
    return (
        cases_visible_to(user)
        .filter(status=CaseStatus.NEW, referral__auto_referral__in=QUEUE_LISTS[queue_list])
        .select_related("referral", "person", "officer")
        .order_by("contact_deadline", "referral__reported_at", "id")
    )


def case_queue_counts(user: User) -> dict[str, int]:
    """How many new cases each triage list holds."""
    rows = (
        cases_visible_to(user)
        .filter(status=CaseStatus.NEW)
        .values("referral__auto_referral")
        .annotate(n=Count("id"))
    )
    by_route = {row["referral__auto_referral"]: row["n"] for row in rows}
    return {name: sum(by_route.get(r, 0) for r in routes) for name, routes in QUEUE_LISTS.items()}


def case_for_user(user: User, case_id: int) -> Case | None:
    return (
        cases_visible_to(user)
        .select_related("referral", "person", "team", "officer")
        .filter(pk=case_id)
        .first()
    )
