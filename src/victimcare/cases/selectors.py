"""Reads of cases, always scoped to what the user may see (deny by default)."""

from django.db.models import QuerySet

from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import User
from victimcare.cases.models import Case, CaseStatus

# Roles that work cases, and so may see a team's cases. Every other role sees none here:
# partners get consented onward referrals, commissioners aggregates, administrators config.
CASEWORK_ROLES = frozenset({Role.VICTIM_CARE_OFFICER, Role.TEAM_LEADER})


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases `user` may open: those of their team (a hub), for case-working roles."""
    if not user.is_active or user.role not in CASEWORK_ROLES or user.team_id is None:
        return Case.objects.none()
    return Case.objects.filter(team_id=user.team_id)


def case_queue(user: User) -> QuerySet[Case]:
    """New cases of the user's hub, most urgent Victims' Code contact deadline first."""
    return (
        cases_visible_to(user)
        .filter(status=CaseStatus.NEW)
        .select_related("referral", "person", "officer")
        .order_by("contact_deadline", "referral__reported_at", "id")
    )


def case_for_user(user: User, case_id: int) -> Case | None:
    return (
        cases_visible_to(user)
        .select_related("referral", "person", "team", "officer")
        .filter(pk=case_id)
        .first()
    )
