"""Object rules (django-rules): who may open which case or onward referral.

Selectors apply the same rules as queryset filters (cases/selectors.py); these predicates
answer for one object, e.g. `user.has_perm("cases.view_case", case)`. Tests hold the two
in step.
"""

import rules

from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import User
from victimcare.cases.models import PARTNER_VISIBLE, Case, OnwardReferral

CASEWORK_ROLES = frozenset({Role.VICTIM_CARE_OFFICER, Role.TEAM_LEADER})


@rules.predicate
def is_active_caseworker(user: User) -> bool:
    return bool(user.is_active and user.role in CASEWORK_ROLES)


@rules.predicate
def works_in_case_team(user: User, case: Case) -> bool:
    """The case belongs to the user's team (hub): a team leader's whole hub, an officer's team."""
    return user.team_id is not None and case.team_id == user.team_id


@rules.predicate
def is_named_officer(user: User, case: Case) -> bool:
    return case.officer_id is not None and case.officer_id == user.pk


@rules.predicate
def is_active_partner_worker(user: User) -> bool:
    return bool(user.is_active and user.role == Role.PARTNER_WORKER and user.organisation_id)


@rules.predicate
def receives_onward_referral(user: User, onward: OnwardReferral) -> bool:
    """Sent, with consent, to a service the user's organisation provides."""
    return (
        onward.consent_given
        and onward.status in PARTNER_VISIBLE
        and onward.service.provider_id is not None
        and onward.service.provider_id == user.organisation_id
    )


rules.add_perm("cases.view_case", is_active_caseworker & (works_in_case_team | is_named_officer))
rules.add_perm("cases.view_onward_referral", is_active_partner_worker & receives_onward_referral)
